export { CsvSink, csvRow } from './csv-sink.js';
export type {
  AttackRefOut,
  CorrelationEventOut,
  Finding,
  FindingAttack,
  FindingCorrelation,
  FindingEvent,
  FindingRule,
  FindingSource,
} from './finding.js';
export { isoTime, LEVEL_ORDER, levelRank } from './finding.js';
export { findingJsonText, findingToJson, sourceToJson } from './finding-json.js';
export { eventKeyOf, sourceOf } from './finding-source.js';
export type { FindingSink, TextWriter } from './finding-sink.js';
export { JsonSink } from './json-sink.js';
export type { JsonSinkOptions } from './json-sink.js';
export { storyToJson } from './story-json.js';
export { JsonlSink } from './jsonl-sink.js';
export { KEY_FIELDS, MAX_FIELD_TEXT } from './key-fields.js';
export { TableSink } from './table-sink.js';
export type { TableOptions } from './table-sink.js';
export { STORY_STEPS } from './story.js';
export type { Story, StoryEvent, StoryProcess, StoryStep, StoryStepSummary } from './story.js';
