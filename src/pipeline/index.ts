export type { DetectOptions, ItemEnd, ItemPart } from './detect-item.js';
export type { HuntSummary } from './hunt-summary.js';
export type { CorrelationCounters } from './correlation-stage.js';
export type { StoryCounters } from './story-stage.js';
export { runHunt } from './run-hunt.js';
export type { HuntCallbacks, HuntOptions, HuntProgress } from './run-hunt.js';
export type { RunCounters } from './run-counters.js';
export { selectRules } from './rule-selection.js';
export type { RuleSelection, RuleSelectionOptions } from './rule-selection.js';
