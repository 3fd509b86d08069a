export { checkRules } from './check-rules.js';
export type { RuleCheckOptions, RuleCheckResult } from './check-rules.js';
export { loadRules, loadRuleText } from './load/load-rules.js';
export { findRuleFiles } from './load/find-rule-files.js';
export type { LoadRulesOptions } from './load/load-rules.js';
export { RuleCache } from './load/rule-cache.js';
export type { LoadedDocument, RejectedDocument, RuleLoadResult } from './load/load-rules.js';
export { RuleSet } from './index/rule-set.js';
export type { RuleSetOptions, RuleSetStats } from './index/rule-set.js';
export { formatRuleIssue, RuleIssueError } from './rule-issue.js';
export type { RuleIssue, RuleIssueCode, RuleIssueSeverity, SourceLocation } from './rule-issue.js';
export type { Placeholders } from './modifiers/expand.js';
export { LEVELS, STATUSES } from './sigma-rule.js';
export { ruleSummary, type RuleSummary } from './rule-summary.js';
export type {
  CorrelationRule,
  Detection,
  FieldItem,
  Level,
  Logsource,
  RuleMetadata,
  SearchNode,
  SigmaDocument,
  SigmaFilter,
  SigmaRule,
  Status,
} from './sigma-rule.js';
export type { ConditionNode } from './condition/condition-node.js';
export { loadPlaceholders } from './load/placeholders-file.js';
export {
  FIXTURE_SUFFIX,
  fixturePathFor,
  parseFixtureText,
  runRuleFixtures,
  type FixtureCase,
  type FixtureFailure,
  type FixtureFailureKind,
  type FixtureIssue,
  type FixtureRunOptions,
  type FixtureRunReport,
} from './fixtures/index.js';
export { CorrelationEngine } from './correlation/correlation-engine.js';
export type { CorrelationEngineOptions } from './correlation/correlation-engine.js';
export type { CorrelationHit, CorrelationMatch, CorrelationStats } from './correlation/correlation-match.js';
export { planCorrelations } from './correlation/correlation-plan.js';
export type { CorrelationPlan, PlannedCorrelation } from './correlation/correlation-plan.js';
export { describeComparisons } from './correlation/correlation-condition.js';
export type { Comparison, WindowMode } from './correlation/correlation-condition.js';
export type { CorrelationType } from './sigma-rule.js';
