/**
 * The correlation condition (specification v2.1, "Condition"): every comparison of the map must
 * hold (`gt: 100, lte: 200` is a range). Also decides how a correlation's windows are judged: a
 * condition that can only become true as matches join a window is checked as they arrive; any
 * other is judged once, on a complete window.
 */
import type { ComparisonOperator, CorrelationRule, CorrelationType } from '../sigma-rule.js';

export interface Comparison {
  readonly operator: ComparisonOperator;
  readonly value: number;
}

const COMPARE = {
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  eq: (a, b) => a === b,
  neq: (a, b) => a !== b,
} as const satisfies Record<ComparisonOperator, (a: number, b: number) => boolean>;

/** True when `value` satisfies every comparison. */
export function conditionHolds(comparisons: readonly Comparison[], value: number): boolean {
  for (const c of comparisons) if (!COMPARE[c.operator](value, c.value)) return false;
  return true;
}

/**
 * `sliding`: the window ending at each new match (the matches of the last timespan) is checked when
 * the match arrives. `anchored`: the window opens at a group's first match, spans the timespan and is
 * judged once when the input has moved past it.
 */
export type WindowMode = 'sliding' | 'anchored';

/**
 * Types whose measure never goes down when a match joins the window: counts, and value_sum while
 * values are non-negative. A negative value can lower a sum; sliding windows are still the ones that
 * end at each match (both ends inclusive), they just need not hold every span of time over the bound.
 */
const GROWS_WITH_MATCHES: ReadonlySet<CorrelationType> = new Set([
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
]);

/** Sliding when the measure only grows and the condition only sets lower bounds; anchored otherwise. */
export function windowModeOf(type: CorrelationType, comparisons: readonly Comparison[]): WindowMode {
  const lowerBoundsOnly = comparisons.every((c) => c.operator === 'gt' || c.operator === 'gte');
  return GROWS_WITH_MATCHES.has(type) && lowerBoundsOnly ? 'sliding' : 'anchored';
}

/**
 * The comparisons a correlation is judged by. temporal and temporal_ordered without a condition need
 * every listed rule (`gte` the number of rules); with one, it compares the number of rules seen.
 */
export function comparisonsOf(rule: CorrelationRule): readonly Comparison[] {
  if (rule.condition !== undefined) return rule.condition.comparisons;
  return [{ operator: 'gte', value: rule.rules.length }];
}

/** `gte 3 and lt 10` — for messages and output. */
export function describeComparisons(comparisons: readonly Comparison[]): string {
  return comparisons.map((c) => `${c.operator} ${c.value}`).join(' and ');
}
