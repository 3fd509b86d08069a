/**
 * What the correlation engine takes in and gives out (Sigma correlation rules specification v2.1):
 * base-rule matches with their time and the few field values the correlations need, and hits — a
 * correlation rule that held for one group, with the matches that made it hold. `P` is the caller's
 * own record of the event (a finding), carried through untouched.
 */
import type { FieldValue } from '../../event/index.js';
import type { CorrelationRule } from '../sigma-rule.js';

/** One base rule matched one event. */
export interface CorrelationMatch<P> {
  /** `SigmaRule.key` of the rule that matched. */
  readonly ruleKey: string;
  /** Epoch ms; a match without a usable time (NaN) cannot be placed in a window and is skipped. */
  readonly time: number;
  /** The event's values of the fields the plan asks for this rule (`CorrelationPlan.fieldsFor`). */
  readonly fields: Readonly<Record<string, FieldValue | undefined>>;
  /** Identity of the event: an event matched by two referenced rules counts once. */
  readonly eventKey: string;
  readonly payload: P;
}

/** A correlation rule that held for one group in one window. */
export interface CorrelationHit<P> {
  readonly correlation: CorrelationRule;
  /** When it held: the match that completed it (sliding windows) or the window's last match (anchored). */
  readonly time: number;
  /** Time of the first contributing match. */
  readonly first: number;
  /** Group-by name (field or alias) → the value the group shares, as the first match carried it. */
  readonly groupBy: Readonly<Record<string, string>>;
  /** What the condition compared: a count, a number of distinct values or rules, a sum, an average, a percentage. */
  readonly value: number;
  /** value_percentile only: the field value (tuple joined with `|`) whose share of the window was compared. */
  readonly fieldValue?: string;
  /** Contributing base matches in time order (those of chained correlations flattened), at most `maxEventsPerHit`. */
  readonly matches: readonly CorrelationMatch<P>[];
  /** Contributing matches left out of `matches` by the cap. */
  readonly omitted: number;
}

/** Counters of what the engine did with its input; every match it could not use is counted here. */
export interface CorrelationStats {
  /** Matches pushed (base rules only). */
  matches: number;
  /** Matches older than what the engine had already processed (beyond the allowed lateness): dropped. */
  late: number;
  /** Matches without a usable time. */
  untimed: number;
  /** (correlation, match) pairs skipped because a group-by field was missing or empty. */
  missingGroupBy: number;
  /** (correlation, match) pairs skipped because a value_* condition field was missing (or not a number). */
  missingValue: number;
  /** Matches dropped from a window that reached `maxItemsPerGroup`. */
  overflow: number;
  hits: number;
  /** Largest number of matches held at once (windows plus the reorder buffer): the engine's memory. */
  peakHeld: number;
}
