/**
 * The typed form of Sigma documents (Sigma specification v2.1): detection rules, correlation rules
 * and filters. Everything past the parser works with these types, never with YAML.
 */
import type { ScalarValue } from '../event/index.js';
import type { Aggregation } from './condition/aggregation.js';
import type { ConditionNode } from './condition/condition-node.js';
import type { SourceLocation } from './rule-issue.js';

export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

export const STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'] as const;
export type Status = (typeof STATUSES)[number];

export interface RelatedRule {
  readonly id: string;
  readonly type: string;
}

/** Metadata shared by rules and correlations; carried into every finding. */
export interface RuleMetadata {
  readonly title: string;
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly status: Status | undefined;
  readonly level: Level | undefined;
  readonly description: string | undefined;
  /** Kept in every finding: the Detection Rule License requires the author's credit. */
  readonly author: string | undefined;
  readonly license: string | undefined;
  readonly references: readonly string[];
  readonly tags: readonly string[];
  readonly falsepositives: readonly string[];
  readonly fields: readonly string[];
  readonly related: readonly RelatedRule[];
  readonly scope: readonly string[];
  readonly date: string | undefined;
  readonly modified: string | undefined;
  readonly taxonomy: string;
  /** Top-level keys the specification does not define (allowed; kept for tools that use them). */
  readonly custom: Readonly<Record<string, unknown>>;
}

export interface Logsource {
  readonly product: string | undefined;
  readonly category: string | undefined;
  readonly service: string | undefined;
}

/** One `field|modifier…: value(s)` entry of a search identifier; field `''` is a keyword search. */
export interface FieldItem {
  readonly field: string;
  readonly modifiers: readonly string[];
  readonly values: readonly ScalarValue[];
  readonly location: SourceLocation;
}

/** A search identifier's definition: a map (AND of items), a list of maps (OR), or keywords. */
export type SearchNode =
  | { readonly kind: 'all'; readonly items: readonly FieldItem[]; readonly location: SourceLocation }
  | { readonly kind: 'any'; readonly alternatives: readonly SearchNode[]; readonly location: SourceLocation }
  | { readonly kind: 'keywords'; readonly item: FieldItem; readonly location: SourceLocation };

export interface Detection {
  readonly searches: ReadonlyMap<string, SearchNode>;
  /** One or more conditions (a list is OR-ed). */
  readonly condition: ConditionNode;
  readonly conditionText: readonly string[];
  readonly conditionLocation: SourceLocation;
  /** A Sigma 1.0 aggregation after `|` (run as a correlation, see check-rules.ts). */
  readonly aggregation?: Aggregation | undefined;
  /** Sigma 1.0 `timeframe` of the detection, in ms, for its aggregation. */
  readonly timeframeMs?: number | undefined;
}

export interface SigmaRule {
  readonly kind: 'rule';
  /** `id`, or a stable key made from the file and document index when the rule has none. */
  readonly key: string;
  readonly meta: RuleMetadata;
  readonly logsource: Logsource;
  readonly detection: Detection;
  readonly location: SourceLocation;
  /**
   * Names filters may give this rule by besides `key` and `meta.name`: the event rule made from a
   * Sigma 1.0 aggregation rule (`check-rules.ts`) answers to that rule's id and name.
   */
  readonly filterKeys?: readonly string[];
}

export const CORRELATION_TYPES = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

export const COMPARISON_OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export interface CorrelationCondition {
  readonly comparisons: readonly { readonly operator: ComparisonOperator; readonly value: number }[];
  readonly field: readonly string[];
}

export interface CorrelationRule {
  readonly kind: 'correlation';
  readonly key: string;
  readonly meta: RuleMetadata;
  readonly type: CorrelationType;
  /** Referenced rules by id or name, in the order given (temporal_ordered depends on it). */
  readonly rules: readonly string[];
  readonly groupBy: readonly string[];
  readonly timespanMs: number;
  readonly condition: CorrelationCondition | undefined;
  /** alias → (rule id or name → field in that rule's events). */
  readonly aliases: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly generate: boolean;
  readonly location: SourceLocation;
}

export interface SigmaFilter {
  readonly kind: 'filter';
  readonly key: string;
  readonly meta: RuleMetadata;
  readonly logsource: Logsource;
  /** Rule ids or names the filter applies to; empty means every rule of a matching logsource. */
  readonly rules: readonly string[];
  readonly detection: Detection;
  readonly location: SourceLocation;
}

export type SigmaDocument = SigmaRule | CorrelationRule | SigmaFilter;
