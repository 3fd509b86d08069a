export type { Event } from './event.js';
export { CODE_CHARACTERS, mayOccurInCode } from './code-text.js';
export { escapeKeyword, foldUnit, gramCode, KEYWORD_GRAM_LENGTH, KeywordSearch } from './keyword-search.js';
export type { FiledGram } from './keyword-search.js';
export type { FieldValue, ScalarValue } from './field-value.js';
export type { CategoryMembership, FieldCondition, LogsourceClass } from './logsource-class.js';
export type { Provenance } from './provenance.js';
export { MapEvent } from './map-event.js';
export { MAX_TIME_MS, usableTime } from './event-time.js';
export { classifyWindowsEvent } from './windows-classifier.js';
export { flattenWindowsEventJson, numericEventId, sigmaFieldName } from './windows-fields.js';
export { parseUtcTime, windowsEventFromFields } from './windows-event.js';
export { WINDOWS_CATEGORY_SOURCES, WINDOWS_SERVICE_CHANNELS } from './windows-logsources.js';
export type { WindowsCategorySource } from './windows-logsources.js';
export type { DataIssue, IssueSink } from './data-issue.js';
export { formatIssueLine, formatIssueLocation } from './data-issue.js';
export { charEscape, isXmlForbiddenCode, printableText, XML_FORBIDDEN_CHARS } from './printable-text.js';
export { IssueCollector } from './issue-collector.js';
export { isSystemError } from './system-error.js';
export {
  FLAT_WINDOWS_COLLECTOR_FIELDS,
  FLAT_WINDOWS_DATA_OBJECTS,
  FLAT_WINDOWS_SYSTEM_FIELDS,
} from './flat-windows-fields.js';
export type { CollectorFields, WindowsSystemFieldSource, WindowsSystemValueType } from './flat-windows-fields.js';
export {
  ECS_WINDOWS_DATA_DECORATION,
  ECS_WINDOWS_DATA_OBJECTS,
  ECS_WINDOWS_MOVED_DATA,
  ECS_WINDOWS_SYSTEM_FIELDS,
} from './ecs-windows-fields.js';
export type { EcsMovedDataSource, EcsMovedValueForm } from './ecs-windows-fields.js';
export {
  AUDITD_FILE_DELETE_CLASS,
  AUDITD_FILE_EVENT_CLASS,
  AUDITD_PROCESS_CREATION_CLASS,
  AUDITD_RECORD_CLASS,
  classifyLinuxSysmonEvent,
  JOURNALD_CLASS,
  LINUX_SYSMON_CATEGORIES,
  LINUX_SYSMON_CHANNEL,
} from './linux-logsources.js';
export {
  AUDIT_ARCH_X86_64,
  AUDIT_ENCODED_FIELDS,
  AUDIT_EXEC_SYSCALLS,
  AUDIT_FILE_EVENT_FIELDS,
  AUDIT_PROCESS_CREATION_FIELDS,
  AUDIT_SHARED_FIELDS,
  AUDIT_WRITE_SYSCALLS,
  OPEN_WRITE_FLAGS,
  SYSCALL_NAMES_X86_64,
} from './auditd-fields.js';
export {
  JOURNALD_DESCRIBED_MESSAGES,
  JOURNALD_SYSTEMD_RUN_UNIT,
  JOURNALD_TIME_FIELDS,
  JOURNALD_UNIT_EVENTS,
} from './journald-fields.js';
export { classifyEsloggerEvent, ESLOGGER_CATEGORIES, UNIFIED_LOG_CLASS } from './macos-logsources.js';
