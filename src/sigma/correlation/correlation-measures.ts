/**
 * What each correlation type measures over a window (specification v2.1, "Correlation Types"), as
 * one small aggregate per type in one table. Aggregates are updated as items join and leave a
 * sliding window, so a check costs no more than the change; temporal_ordered and value_percentile
 * look at the window's items when measured.
 */
import type { CorrelationType } from '../sigma-rule.js';
import type { WindowItem } from './window-item.js';

export interface Measure {
  readonly value: number;
  /** value_percentile: the value whose share was measured (only its items contribute). */
  readonly valueKey?: string;
  readonly valueText?: string;
  /** The items that made the measure, when not the whole window (temporal_ordered: the ordered matches). */
  readonly contributors?: readonly WindowItem<unknown>[];
}

export interface Aggregate {
  add(item: WindowItem<unknown>): void;
  remove(item: WindowItem<unknown>): void;
  /**
   * The measures of the window now; empty when there is nothing to compare (an average of nothing).
   * `items` gives the window's items, in time order, to the types that need to look at them.
   */
  measure(items: () => readonly WindowItem<unknown>[]): readonly Measure[];
}

/** Counts per key, for distinct counting under removal. */
class Tally {
  private readonly counts = new Map<string, number>();

  /** Counts `key` once more; true when it is new. */
  add(key: string): boolean {
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n === 1;
  }

  /** Counts `key` once less; true when it is gone. */
  remove(key: string): boolean {
    const n = (this.counts.get(key) ?? 0) - 1;
    if (n <= 0) this.counts.delete(key);
    else this.counts.set(key, n);
    return n <= 0;
  }

  get size(): number {
    return this.counts.size;
  }

  entries(): IterableIterator<[string, number]> {
    return this.counts.entries();
  }
}

/** event_count: events in the window; an event matched by two referenced rules counts once. */
function eventCount(): Aggregate {
  const events = new Tally();
  return {
    add: (item) => void events.add(item.countKey),
    remove: (item) => void events.remove(item.countKey),
    measure: () => [{ value: events.size }],
  };
}

/** value_count: distinct values (tuples, case-insensitive) of the condition's field(s). */
function valueCount(): Aggregate {
  const values = new Tally();
  return {
    add: (item) => void values.add(item.valueKey as string),
    remove: (item) => void values.remove(item.valueKey as string),
    measure: () => [{ value: values.size }],
  };
}

/** temporal: how many of the listed rules have a match in the window (any order). */
function temporal(positions: number): Aggregate {
  const counts = new Array<number>(positions).fill(0);
  let present = 0;
  return {
    add: (item) => {
      for (const p of item.positions) if ((counts[p] = (counts[p] ?? 0) + 1) === 1) present++;
    },
    remove: (item) => {
      for (const p of item.positions) if ((counts[p] = (counts[p] ?? 0) - 1) === 0) present--;
    },
    measure: () => [{ value: present }],
  };
}

/**
 * temporal_ordered: the longest prefix of the listed rules found in order in the window. Equal times
 * count as in order, whichever arrived first (sources log in milliseconds and interleave, and which
 * of two files is read first must not matter); the earliest match that fills the next position is
 * taken, which finds the longest prefix.
 */
function temporalOrdered(): Aggregate {
  return {
    add: () => undefined,
    remove: () => undefined,
    measure: (items) => {
      const all = items();
      const chosen: WindowItem<unknown>[] = [];
      for (let start = 0; start < all.length;) {
        let end = start + 1;
        while (end < all.length && all[end]!.time === all[start]!.time) end++;
        // Within one time, keep taking the first unused match that fills the next position.
        const used = new Set<number>();
        for (let filled = true; filled;) {
          filled = false;
          for (let i = start; i < end; i++) {
            if (used.has(i) || !all[i]!.positions.includes(chosen.length)) continue;
            chosen.push(all[i]!);
            used.add(i);
            filled = true;
            break;
          }
        }
        start = end;
      }
      return [{ value: chosen.length, contributors: chosen }];
    },
  };
}

/**
 * A sum that items join and leave, with Neumaier's compensation: plain `+=` and `-=` drift (0.2 +
 * 0.5 − 0.2 + 0.3 gave 0.7999999999999999, missing a `gte: 0.8`). Back to exactly 0 when empty.
 */
class RunningSum {
  private sum = 0;
  private compensation = 0;
  private count = 0;

  add(x: number): void {
    this.count++;
    this.addTerm(x);
  }

  remove(x: number): void {
    if (--this.count === 0) this.sum = this.compensation = 0;
    else this.addTerm(-x);
  }

  get size(): number {
    return this.count;
  }

  get value(): number {
    return this.sum + this.compensation;
  }

  private addTerm(x: number): void {
    const t = this.sum + x;
    this.compensation += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
  }
}

/** The running sum of the items' numbers, each event once (an event two listed rules matched is one value). */
function eventSum(): {
  readonly add: (item: WindowItem<unknown>) => void;
  readonly remove: (item: WindowItem<unknown>) => void;
  readonly sum: RunningSum;
} {
  const events = new Tally();
  const sum = new RunningSum();
  return {
    add: (item) => {
      if (events.add(item.countKey)) sum.add(item.number as number);
    },
    remove: (item) => {
      if (events.remove(item.countKey)) sum.remove(item.number as number);
    },
    sum,
  };
}

/** value_sum: the sum of the numeric values of the condition field in the window, each event once. */
function valueSum(): Aggregate {
  const { add, remove, sum } = eventSum();
  return { add, remove, measure: () => (sum.size > 0 ? [{ value: sum.value }] : []) };
}

/** value_avg: the arithmetic mean of the numeric values of the condition field in the window, each event once. */
function valueAvg(): Aggregate {
  const { add, remove, sum } = eventSum();
  return { add, remove, measure: () => (sum.size > 0 ? [{ value: sum.value / sum.size }] : []) };
}

/**
 * value_percentile (svchunt's reading of an under-specified type): for each distinct value of the
 * condition field, the share of the window's values that are this value, in percent (0–100). The
 * specification's example `field: image, lte: 1` then reads "an image seen in at most 1 % of the
 * group's events in the timespan" — a rare value. One measure per distinct value.
 */
function valuePercentile(): Aggregate {
  const values = new Tally();
  let total = 0;
  return {
    add: (item) => {
      values.add(item.valueKey as string);
      total++;
    },
    remove: (item) => {
      values.remove(item.valueKey as string);
      total--;
    },
    measure: (items) => {
      const text = new Map<string, string>();
      for (const item of items()) {
        const key = item.valueKey as string;
        if (!text.has(key)) text.set(key, item.valueText as string);
      }
      return [...values.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([valueKey, n]) => ({ value: (100 * n) / total, valueKey, valueText: text.get(valueKey) ?? valueKey }));
    },
  };
}

/** The aggregate of each type; `positions` is the number of rules the correlation lists. */
export const AGGREGATES = {
  event_count: () => eventCount(),
  value_count: () => valueCount(),
  temporal: (positions) => temporal(positions),
  temporal_ordered: () => temporalOrdered(),
  value_sum: () => valueSum(),
  value_avg: () => valueAvg(),
  value_percentile: () => valuePercentile(),
} as const satisfies Record<CorrelationType, (positions: number) => Aggregate>;

/** Types whose items need a value of the condition field: a text tuple, or a number. */
export const VALUE_KIND = {
  event_count: undefined,
  value_count: 'text',
  temporal: undefined,
  temporal_ordered: undefined,
  value_sum: 'number',
  value_avg: 'number',
  value_percentile: 'text',
} as const satisfies Record<CorrelationType, 'text' | 'number' | undefined>;
