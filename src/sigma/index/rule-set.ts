/**
 * The compiled, indexed rule set: the hot path of detection. For each kind of event (its logsource
 * class) it computes once the candidate rules — those whose logsource covers the class and whose
 * required EventIDs include the event's — compiling each (rule, field mapping) pair on first use.
 * Per event: one Map lookup for the candidates, the atom index marks those whose key fires, and only
 * they (and candidates without a key) run their matchers.
 */
import type { CategoryMembership, Event, LogsourceClass } from '../../event/index.js';
import { compileDetection } from '../compile/compile-detection.js';
import { compileFieldItem, type ItemCompileOptions } from '../compile/compile-field-item.js';
import { allOf, anyOf, type CompiledTest } from '../compile/compiled-test.js';
import { FieldSlots } from '../compile/field-slots.js';
import { MatchContext, type Matcher } from '../compile/match-context.js';
import type { Placeholders } from '../modifiers/expand.js';
import type { SigmaFilter, SigmaRule } from '../sigma-rule.js';
import { AtomIndex } from './atom-index.js';
import { ruleKey, type Atom, type Key } from './key-atoms.js';
import { logsourceCovers, logsourceMemberships } from './logsource-match.js';
import { requiredValues, type Required } from './required-values.js';

export interface RuleSetOptions {
  readonly placeholders?: Placeholders | undefined;
  readonly filters?: readonly SigmaFilter[] | undefined;
  /**
   * false: run every rule whose logsource covers the event, skipping the EventID and atom-key
   * prefilters. Results must not change; tests compare both ways.
   */
  readonly useIndex?: boolean;
}

interface IndexedRule {
  readonly rule: SigmaRule;
  /** Its place in the rule list: candidates keep that order, so findings of one event do too. */
  readonly position: number;
  readonly eventIds: Required;
  readonly filters: readonly SigmaFilter[];
}

/** Rules of one logsource: a class is checked against each logsource once, not against every rule. */
interface LogsourceGroup {
  readonly logsource: SigmaRule['logsource'];
  readonly entries: IndexedRule[];
}

function logsourceKey(rule: SigmaRule): string {
  const { product, category, service } = rule.logsource;
  return `${product ?? ''}\u0000${category ?? ''}\u0000${service ?? ''}`;
}

interface Candidate {
  readonly rule: SigmaRule;
  readonly matcher: Matcher;
}

/** The rules one logsource class can match, with the atom index over their keys. */
interface Bucket {
  readonly candidates: readonly Candidate[];
  readonly index: AtomIndex;
  /** 1 where a candidate has no key and runs on every event of the class. */
  readonly alwaysRun: Uint8Array;
  readonly marks: Uint32Array;
  stamp: number;
}

interface Variant {
  readonly test: CompiledTest;
  readonly key: Key;
}

/** Counters of the index's work, for benchmarks and the run summary. */
export interface RuleSetStats {
  events: number;
  /** Rule matchers actually run. */
  evaluations: number;
  /** Rule × event pairs the index ruled out without running a matcher. */
  avoided: number;
  matches: number;
}

/** Logsource classes whose bucket is remembered; past it the map starts over (buckets stay shared). */
const MAX_CLASSES_REMEMBERED = 65_536;

const NO_FIELD_MAP: Readonly<Record<string, string>> = {};

export class RuleSet {
  readonly rules: readonly SigmaRule[];
  readonly slots = new FieldSlots();
  readonly stats: RuleSetStats = { events: 0, evaluations: 0, avoided: 0, matches: 0 };
  private readonly groups: readonly LogsourceGroup[];
  private readonly placeholders: Placeholders | undefined;
  private readonly useIndex: boolean;
  private readonly context: MatchContext;
  private readonly buckets = new Map<LogsourceClass, Bucket>();
  /** Buckets by their candidates: rule positions and the mappings that reach each. */
  private readonly bucketsBySignature = new Map<string, Bucket>();
  private readonly variants = new Map<string, Variant>();

  /** Rules are expected to have passed `checkRules`; a rule that fails to compile here throws. */
  constructor(rules: readonly SigmaRule[], options: RuleSetOptions = {}) {
    this.rules = rules;
    this.placeholders = options.placeholders;
    this.useIndex = options.useIndex ?? true;
    const filters = options.filters ?? [];
    const indexed = rules.map((rule, position) => ({
      rule,
      position,
      eventIds: requiredValues(rule.detection, 'EventID'),
      filters: filters.filter(
        (f) =>
          (f.rules.length === 0 ||
            f.rules.includes(rule.key) ||
            (rule.meta.name !== undefined && f.rules.includes(rule.meta.name)) ||
            rule.filterKeys?.some((name) => f.rules.includes(name)) === true) &&
          logsourceCovers(f.logsource, rule.logsource),
      ),
    }));
    const groups = new Map<string, LogsourceGroup>();
    for (const entry of indexed) {
      const key = logsourceKey(entry.rule);
      const group = groups.get(key);
      if (group === undefined) groups.set(key, { logsource: entry.rule.logsource, entries: [entry] });
      else group.entries.push(entry);
    }
    this.groups = [...groups.values()];
    this.context = new MatchContext(this.slots);
  }

  /** Runs the candidate rules the index lets through; calls `onMatch` per matching rule, returns the count. */
  match(event: Event, onMatch: (rule: SigmaRule, event: Event) => void): number {
    let bucket = this.buckets.get(event.logsource);
    if (bucket === undefined) bucket = this.buildBucket(event.logsource);
    const stats = this.stats;
    stats.events++;
    const candidates = bucket.candidates;
    if (candidates.length === 0) {
      stats.avoided += this.rules.length;
      return 0;
    }
    const ctx = this.context;
    ctx.reset(event);
    const stamp = nextStamp(bucket);
    bucket.index.mark(ctx, bucket.marks, stamp);
    const marks = bucket.marks;
    const alwaysRun = bucket.alwaysRun;
    let matched = 0;
    let evaluated = 0;
    for (let i = 0; i < candidates.length; i++) {
      if (marks[i] !== stamp && alwaysRun[i] === 0) continue;
      evaluated++;
      const candidate = candidates[i] as Candidate;
      if (candidate.matcher(ctx)) {
        matched++;
        onMatch(candidate.rule, event);
      }
    }
    stats.evaluations += evaluated;
    stats.avoided += this.rules.length - evaluated;
    stats.matches += matched;
    return matched;
  }

  /** The rules an event of this class is tested against (for tests and `--explain` tooling). */
  candidatesFor(cls: LogsourceClass): readonly SigmaRule[] {
    return (this.buckets.get(cls) ?? this.buildBucket(cls)).candidates.map((c) => c.rule);
  }

  private buildBucket(cls: LogsourceClass): Bucket {
    const eventId = cls.eventId === undefined ? undefined : String(cls.eventId);
    const candidates: Candidate[] = [];
    const keys: Key[] = [];
    let signature = '';
    const reached: { entry: IndexedRule; memberships: (CategoryMembership | null)[] }[] = [];
    for (const group of this.groups) {
      const memberships = logsourceMemberships(group.logsource, cls);
      if (memberships.length === 0) continue;
      for (const entry of group.entries) {
        // A class without an EventID (a non-Windows source) may still carry the field: no prefilter then.
        if (this.useIndex && entry.eventIds !== undefined && eventId !== undefined && !entry.eventIds.has(eventId))
          continue;
        reached.push({ entry, memberships });
      }
    }
    reached.sort((a, b) => a.entry.position - b.entry.position);
    for (const { entry, memberships } of reached) {
      signature += `${entry.position}:${memberships.map((m) => m?.mappingId ?? '').join(',')};`;
      // One rule may reach a class through several mappings; it still matches an event once.
      const variants = memberships.map((m) => this.variant(entry, m));
      candidates.push({ rule: entry.rule, matcher: anyOf(variants.map((v) => v.test)).matcher });
      const unkeyed = !this.useIndex || variants.some((v) => v.key === undefined);
      keys.push(unkeyed ? undefined : variants.flatMap((v) => v.key as readonly Atom[]));
    }
    // Classes with the same candidates (every EventID of a channel no rule names …) share one bucket.
    let bucket = this.bucketsBySignature.get(signature);
    if (bucket === undefined) {
      const index = new AtomIndex(keys, this.slots);
      const alwaysRun = new Uint8Array(candidates.length);
      for (const i of index.unkeyed) alwaysRun[i] = 1;
      bucket = { candidates, index, alwaysRun, marks: new Uint32Array(candidates.length), stamp: 0 };
      this.bucketsBySignature.set(signature, bucket);
    }
    // Classes are shared objects, but a hostile file can name endless ones (see the classifier).
    if (this.buckets.size >= MAX_CLASSES_REMEMBERED) this.buckets.clear();
    this.buckets.set(cls, bucket);
    return bucket;
  }

  private variant(entry: IndexedRule, membership: CategoryMembership | null): Variant {
    // By position, not by rule key: two rules may share an id (a warning, not an error).
    const cacheKey = `${entry.position}\u0000${membership?.mappingId ?? ''}`;
    let variant = this.variants.get(cacheKey);
    if (variant === undefined) {
      const options: ItemCompileOptions = {
        slots: this.slots,
        fieldMap: membership?.fieldMap ?? NO_FIELD_MAP,
        placeholders: this.placeholders,
      };
      const parts: CompiledTest[] = [compileDetection(entry.rule.detection, options)];
      for (const condition of membership?.conditions ?? []) {
        const location = entry.rule.location;
        parts.push(
          compileFieldItem({ field: condition.field, modifiers: [], values: condition.values, location }, options),
        );
      }
      for (const filter of entry.filters) parts.push(compileDetection(filter.detection, options));
      variant = { test: allOf(parts), key: ruleKey(entry.rule.detection, options.fieldMap, this.placeholders) };
      this.variants.set(cacheKey, variant);
    }
    return variant;
  }
}

/** Advances a bucket's mark stamp, clearing the marks when the counter wraps. */
function nextStamp(bucket: Bucket): number {
  if (bucket.stamp === 0xffffffff) {
    bucket.marks.fill(0);
    bucket.stamp = 0;
  }
  return ++bucket.stamp;
}
