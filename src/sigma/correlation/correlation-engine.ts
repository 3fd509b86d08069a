/**
 * The streaming correlation engine (Sigma correlation rules specification v2.1). Base-rule matches go
 * in, in any order within `allowedLatenessMs`; a reorder buffer releases them in (time, arrival)
 * order to each correlation that takes them. Every correlation keeps, per group-by value, only the
 * matches of its current window, so memory follows the timespan, not the input. Hits come out through
 * the callback as soon as they are decided; a chained correlation receives them as matches.
 *
 * Windows (see `correlation-condition.ts`): sliding ones hold the matches with time in
 * [t − timespan, t] for the newest match t (both ends included); anchored ones span
 * [t0, t0 + timespan] from a group's first match. After a hit, its events are used up, so each event
 * takes part in at most one hit of a correlation: the group starts again with the matches the hit did
 * not use (temporal_ordered uses only its ordered ones), and further matches of a used event (one
 * event can match several listed rules, all at its time) are passed over.
 */
import type { FieldValue } from '../../event/index.js';
import { conditionHolds } from './correlation-condition.js';
import type { CorrelationHit, CorrelationMatch, CorrelationStats } from './correlation-match.js';
import { AGGREGATES, VALUE_KIND, type Aggregate, type Measure } from './correlation-measures.js';
import type { CorrelationPlan, PlannedCorrelation } from './correlation-plan.js';
import { TimeHeap } from './time-heap.js';
import type { WindowItem } from './window-item.js';

export interface CorrelationEngineOptions {
  /**
   * How far behind the newest match (ms) a match may arrive and still be placed in time order: the
   * engine holds matches this long before processing them. A match older than one already processed
   * is dropped and counted (`stats.late`). Default 0: input in time order.
   */
  readonly allowedLatenessMs?: number;
  /** Contributing matches kept per hit; the rest are counted in `omitted`. */
  readonly maxEventsPerHit?: number;
  /**
   * Matches one group's window may hold; past it the oldest is dropped and counted
   * (`stats.overflow`). Guards against a condition such as `lt` that never fires early.
   */
  readonly maxItemsPerGroup?: number;
}

/** 100 events are more than an analyst reads in one hit; the hit still counts all of them. */
const MAX_EVENTS_PER_HIT = 100;
/** The largest windows of the shipped rules hold a few hundred matches (Tchopper: 244 services in 4 min). */
const MAX_ITEMS_PER_GROUP = 10_000;

interface Group<P> {
  readonly items: WindowItem<P>[];
  /** Index of the first live item of `items` (a deque without shifting). */
  head: number;
  readonly aggregate: Aggregate;
  /** Anchored windows: end of the window (inclusive). */
  readonly end: number;
}

interface Node<P> {
  readonly planned: PlannedCorrelation;
  readonly index: number;
  readonly groups: Map<string, Group<P>>;
  /** Anchored windows in the order they opened (so also in end order). */
  readonly windows: { readonly end: number; readonly group: string }[];
  windowsHead: number;
  lastSweep: number;
  /** Events used by sliding hits at time `consumedAt`, by group: later matches of them are passed over. */
  consumedAt: number;
  readonly consumed: Map<string, Set<string>>;
}

function text(value: FieldValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    const parts = (value as readonly (string | number | boolean | null)[]).filter((v) => v !== null && v !== '');
    return parts.length === 0 ? undefined : parts.map(String).join(',');
  }
  const s = String(value);
  return s === '' ? undefined : s;
}

function numberOf(value: FieldValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : undefined;
}

const live = <P>(g: Group<P>): WindowItem<P>[] => g.items.slice(g.head);

/**
 * The items behind a measure: those it names, those of its value (value_percentile), or the whole
 * window. A measure met with none named (temporal_ordered `lt: 2` or `gte: 0` with no ordered
 * match) stands for the whole window.
 */
function contributorsOf<P>(measure: Measure, items: readonly WindowItem<P>[]): readonly WindowItem<P>[] {
  const named = measure.contributors as readonly WindowItem<P>[] | undefined;
  if (named !== undefined) return named.length > 0 ? named : items;
  return measure.valueKey === undefined ? items : items.filter((i) => i.valueKey === measure.valueKey);
}

export class CorrelationEngine<P> {
  readonly stats: CorrelationStats = {
    matches: 0,
    late: 0,
    untimed: 0,
    missingGroupBy: 0,
    missingValue: 0,
    overflow: 0,
    hits: 0,
    peakHeld: 0,
  };
  private readonly nodes: Node<P>[];
  /** Input key → the nodes that take it. */
  private readonly takers = new Map<string, Node<P>[]>();
  private readonly heap = new TimeHeap<WindowItem<P>>();
  private readonly onHit: (hit: CorrelationHit<P>) => void;
  private readonly lateness: number;
  private readonly maxEvents: number;
  private readonly maxItems: number;
  /** Time of the last item processed or window closed: nothing older can be placed any more. */
  private clock = Number.NEGATIVE_INFINITY;
  private newest = Number.NEGATIVE_INFINITY;
  private seq = 0;
  private held = 0;

  constructor(plan: CorrelationPlan, onHit: (hit: CorrelationHit<P>) => void, options: CorrelationEngineOptions = {}) {
    this.onHit = onHit;
    this.lateness = Math.max(0, options.allowedLatenessMs ?? 0);
    this.maxEvents = options.maxEventsPerHit ?? MAX_EVENTS_PER_HIT;
    this.maxItems = options.maxItemsPerGroup ?? MAX_ITEMS_PER_GROUP;
    this.nodes = plan.correlations.map((planned, index) => ({
      planned,
      index,
      groups: new Map(),
      windows: [],
      windowsHead: 0,
      lastSweep: Number.NEGATIVE_INFINITY,
      consumedAt: Number.NaN,
      consumed: new Map(),
    }));
    for (const node of this.nodes) {
      for (const key of node.planned.inputs.keys()) {
        const list = this.takers.get(key) ?? [];
        list.push(node);
        this.takers.set(key, list);
      }
    }
  }

  /** Takes one base-rule match; hits it completes may be reported before this returns. */
  push(match: CorrelationMatch<P>): void {
    this.stats.matches++;
    if (!Number.isFinite(match.time)) {
      this.stats.untimed++;
      return;
    }
    if (match.time < this.clock) {
      this.stats.late++;
      return;
    }
    const takers = this.takers.get(match.ruleKey);
    if (takers === undefined) return;
    for (const node of takers) this.enqueue(node, match.ruleKey, match.time, match.fields, match.eventKey, [match]);
    if (match.time > this.newest) this.newest = match.time;
    this.advance(this.newest - this.lateness);
  }

  /** End of input: every open window is judged and every buffered match processed. */
  finish(): void {
    this.advance(Number.POSITIVE_INFINITY);
  }

  private enqueue(
    node: Node<P>,
    inputKey: string,
    time: number,
    fields: Readonly<Record<string, FieldValue | undefined>>,
    countKey: string,
    matches: readonly CorrelationMatch<P>[],
  ): void {
    const planned = node.planned;
    const groupValues: string[] = [];
    for (const field of planned.groupFields.get(inputKey) ?? []) {
      const value = text(fields[field]);
      if (value === undefined) {
        this.stats.missingGroupBy++;
        return;
      }
      groupValues.push(value);
    }
    let valueKey: string | undefined;
    let valueText: string | undefined;
    let number: number | undefined;
    const kind = VALUE_KIND[planned.rule.type];
    if (kind !== undefined) {
      const names = planned.valueFields.get(inputKey) ?? [];
      if (kind === 'number') {
        number = numberOf(fields[names[0] as string]);
        if (number === undefined) {
          this.stats.missingValue++;
          return;
        }
      } else {
        const parts = names.map((f) => text(fields[f]));
        if (parts.some((p) => p === undefined)) {
          this.stats.missingValue++;
          return;
        }
        valueText = parts.join('|');
        valueKey = valueText.toLowerCase();
      }
    }
    this.heap.push({
      time,
      seq: this.seq++,
      node: node.index,
      // Grouping is case-insensitive, like Sigma's string matching (Windows names and accounts are).
      group: groupValues.join('\u0000').toLowerCase(),
      groupValues,
      positions: planned.inputs.get(inputKey) ?? [],
      valueKey,
      valueText,
      number,
      countKey,
      matches,
    });
    this.hold(1);
  }

  private hold(n: number): void {
    this.held += n;
    if (this.held > this.stats.peakHeld) this.stats.peakHeld = this.held;
  }

  /** Processes buffered items up to `bound`, closing anchored windows as time passes their end. */
  private advance(bound: number): void {
    for (;;) {
      const next = this.heap.peek();
      const nextTime = next !== undefined && next.time <= bound ? next.time : undefined;
      const limit = nextTime ?? bound;
      const window = this.earliestWindow();
      if (window !== undefined && window.end < limit) {
        this.clock = Math.max(this.clock, window.end);
        this.closeWindow(window.node);
        continue;
      }
      if (nextTime === undefined) return;
      const item = this.heap.pop() as WindowItem<P>;
      this.held--;
      this.clock = item.time;
      const node = this.nodes[item.node] as Node<P>;
      if (node.planned.mode === 'sliding') this.slide(node, item);
      else this.anchor(node, item);
      this.sweep(node);
    }
  }

  private earliestWindow(): { end: number; node: Node<P> } | undefined {
    let best: { end: number; node: Node<P> } | undefined;
    for (const node of this.nodes) {
      const w = node.windows[node.windowsHead];
      if (w !== undefined && (best === undefined || w.end < best.end)) best = { end: w.end, node };
    }
    return best;
  }

  private newGroup(node: Node<P>, end: number): Group<P> {
    return { items: [], head: 0, aggregate: AGGREGATES[node.planned.rule.type](node.planned.rule.rules.length), end };
  }

  private add(group: Group<P>, item: WindowItem<P>): void {
    group.items.push(item);
    group.aggregate.add(item);
    this.hold(1);
    if (group.items.length - group.head > this.maxItems) {
      this.stats.overflow++;
      this.drop(group, 1);
    }
  }

  /** Removes the `n` oldest live items of a group. */
  private drop(group: Group<P>, n: number): void {
    for (let i = 0; i < n; i++) group.aggregate.remove(group.items[group.head++] as WindowItem<unknown>);
    this.held -= n;
    if (group.head > 1024 && group.head * 2 > group.items.length) {
      group.items.splice(0, group.head);
      group.head = 0;
    }
  }

  private slide(node: Node<P>, item: WindowItem<P>): void {
    if (item.time === node.consumedAt && node.consumed.get(item.group)?.has(item.countKey) === true) return;
    const timespan = node.planned.rule.timespanMs;
    let group = node.groups.get(item.group);
    if (group === undefined) {
      group = this.newGroup(node, Number.NaN);
      node.groups.set(item.group, group);
    }
    let expired = 0;
    const cutoff = item.time - timespan;
    while (
      group.head + expired < group.items.length &&
      (group.items[group.head + expired] as WindowItem<P>).time < cutoff
    )
      expired++;
    this.drop(group, expired);
    this.add(group, item);
    const g = group;
    for (const measure of group.aggregate.measure(() => live(g))) {
      if (!conditionHolds(node.planned.comparisons, measure.value)) continue;
      const items = live(group);
      node.groups.delete(item.group);
      this.held -= items.length;
      const chosen = contributorsOf(measure, items);
      this.fire(node, chosen, measure, item.time, item.time);
      this.restartAfterHit(node, item, items, chosen);
      return;
    }
  }

  /** After a sliding hit: its events are used up; the group goes on with the matches it did not use. */
  private restartAfterHit(
    node: Node<P>,
    trigger: WindowItem<P>,
    items: readonly WindowItem<P>[],
    chosen: readonly WindowItem<P>[],
  ): void {
    const used = new Set<string>();
    for (const item of chosen) used.add(item.countKey);
    if (trigger.time !== node.consumedAt) {
      node.consumed.clear();
      node.consumedAt = trigger.time;
    }
    // Several hits of one group at one time each use their events up: remember them all.
    const consumed = node.consumed.get(trigger.group);
    if (consumed === undefined) node.consumed.set(trigger.group, new Set(used));
    else for (const key of used) consumed.add(key);
    let group: Group<P> | undefined;
    for (const item of items) {
      if (used.has(item.countKey)) continue;
      if (group === undefined) {
        group = this.newGroup(node, Number.NaN);
        node.groups.set(trigger.group, group);
      }
      this.add(group, item);
    }
  }

  private anchor(node: Node<P>, item: WindowItem<P>): void {
    let group = node.groups.get(item.group);
    if (group === undefined) {
      const end = item.time + node.planned.rule.timespanMs;
      group = this.newGroup(node, end);
      node.groups.set(item.group, group);
      node.windows.push({ end, group: item.group });
    }
    this.add(group, item);
  }

  private closeWindow(node: Node<P>): void {
    const window = node.windows[node.windowsHead++] as { end: number; group: string };
    if (node.windowsHead > 1024 && node.windowsHead * 2 > node.windows.length) {
      node.windows.splice(0, node.windowsHead);
      node.windowsHead = 0;
    }
    const group = node.groups.get(window.group);
    if (group === undefined) return;
    node.groups.delete(window.group);
    const items = live(group);
    this.held -= items.length;
    for (const measure of group.aggregate.measure(() => items)) {
      if (!conditionHolds(node.planned.comparisons, measure.value)) continue;
      const chosen = contributorsOf(measure, items);
      this.fire(node, chosen, measure, (chosen[chosen.length - 1] as WindowItem<P>).time, window.end);
    }
  }

  /** Drops sliding groups whose newest match left the window (at most once per timespan of clock). */
  private sweep(node: Node<P>): void {
    const timespan = node.planned.rule.timespanMs;
    if (node.planned.mode !== 'sliding' || this.clock - node.lastSweep < timespan) return;
    node.lastSweep = this.clock;
    const cutoff = this.clock - timespan;
    for (const [key, group] of node.groups) {
      const newest = group.items[group.items.length - 1];
      if (newest === undefined || newest.time < cutoff) {
        this.held -= group.items.length - group.head;
        node.groups.delete(key);
      }
    }
  }

  /**
   * Reports a hit, then hands it to the correlations chained on this one as a match at `decided`
   * (when it became known), carrying the group-by values as its fields.
   */
  private fire(node: Node<P>, items: readonly WindowItem<P>[], measure: Measure, time: number, decided: number): void {
    const rule = node.planned.rule;
    const seen = new Set<string>();
    const all: CorrelationMatch<P>[] = [];
    for (const item of items) {
      for (const m of item.matches) {
        if (seen.has(m.eventKey)) continue;
        seen.add(m.eventKey);
        all.push(m);
      }
    }
    all.sort((a, b) => a.time - b.time);
    const first = items[0] as WindowItem<P>;
    const groupBy: Record<string, string> = {};
    rule.groupBy.forEach((name, i) => (groupBy[name] = first.groupValues[i] as string));
    const hit: CorrelationHit<P> = {
      correlation: rule,
      time,
      first: all.length > 0 ? (all[0] as CorrelationMatch<P>).time : first.time,
      groupBy,
      value: measure.value,
      ...(measure.valueText !== undefined ? { fieldValue: measure.valueText } : {}),
      matches: all.slice(0, this.maxEvents),
      omitted: Math.max(0, all.length - this.maxEvents),
    };
    this.stats.hits++;
    this.onHit(hit);
    const outer = this.takers.get(rule.key);
    if (outer === undefined) return;
    const countKey = `hit\u0000${rule.key}\u0000${this.seq}`;
    for (const taker of outer) this.enqueue(taker, rule.key, decided, groupBy, countKey, all);
  }
}
