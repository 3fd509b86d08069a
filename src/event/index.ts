export type { Event } from './event.js';
export type { FieldValue, ScalarValue } from './field-value.js';
export type { CategoryMembership, FieldCondition, LogsourceClass } from './logsource-class.js';
export type { Provenance } from './provenance.js';
export { MapEvent } from './map-event.js';
export { classifyWindowsEvent } from './windows-classifier.js';
export { flattenWindowsEventJson, numericEventId, sigmaFieldName } from './windows-fields.js';
export { parseUtcTime, windowsEventFromFields } from './windows-event.js';
export { WINDOWS_CATEGORY_SOURCES, WINDOWS_SERVICE_CHANNELS } from './windows-logsources.js';
export type { WindowsCategorySource } from './windows-logsources.js';
export type { DataIssue, IssueSink } from './data-issue.js';
export { formatIssueLocation } from './data-issue.js';
export { IssueCollector } from './issue-collector.js';
export {
  FLAT_WINDOWS_COLLECTOR_FIELDS,
  FLAT_WINDOWS_DATA_OBJECTS,
  FLAT_WINDOWS_SYSTEM_FIELDS,
} from './flat-windows-fields.js';
export type { CollectorFields, WindowsSystemFieldSource, WindowsSystemValueType } from './flat-windows-fields.js';
export {
  ECS_WINDOWS_DATA_DECORATION,
  ECS_WINDOWS_DATA_OBJECTS,
  ECS_WINDOWS_SYSTEM_FIELDS,
} from './ecs-windows-fields.js';
