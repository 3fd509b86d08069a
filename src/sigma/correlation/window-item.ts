/**
 * A match as one correlation sees it inside a window: its group, the positions of the correlation's
 * `rules` it fills, its value for value_* conditions, and the base matches it stands for (one for a
 * base-rule match, all of an inner hit's for a chained correlation).
 */
import type { CorrelationMatch } from './correlation-match.js';

export interface WindowItem<P> {
  readonly time: number;
  /** Arrival order; breaks ties between equal times so results never depend on the sort. */
  readonly seq: number;
  /** Index of the correlation (in plan order) that takes this item. */
  readonly node: number;
  readonly group: string;
  /** The group-by values as the match carried them, for output. */
  readonly groupValues: readonly string[];
  readonly positions: readonly number[];
  /** value_count / value_percentile: the lower-cased value tuple; undefined for other types. */
  readonly valueKey: string | undefined;
  readonly valueText: string | undefined;
  /** value_sum / value_avg: the numeric value. */
  readonly number: number | undefined;
  /** What event_count counts: the event (base match) or the inner hit. */
  readonly countKey: string;
  readonly matches: readonly CorrelationMatch<P>[];
}
