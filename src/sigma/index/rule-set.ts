/**
 * The compiled, indexed rule set: the hot path of detection. For each kind of event (its logsource
 * class) it computes once the candidate rules — those whose logsource covers the class and whose
 * required EventIDs include the event's — compiling each (rule, field mapping) pair on first use.
 * Per event: one Map lookup for the candidates, then only their matchers run.
 */
import type { CategoryMembership, Event, LogsourceClass } from '../../event/index.js';
import { compileDetection } from '../compile/compile-detection.js';
import { compileFieldItem, type ItemCompileOptions } from '../compile/compile-field-item.js';
import { allOf, anyOf, type CompiledTest } from '../compile/compiled-test.js';
import { FieldSlots } from '../compile/field-slots.js';
import { MatchContext, type Matcher } from '../compile/match-context.js';
import type { Placeholders } from '../modifiers/expand.js';
import type { SigmaFilter, SigmaRule } from '../sigma-rule.js';
import { logsourceCovers, logsourceMemberships } from './logsource-match.js';
import { requiredValues, type Required } from './required-values.js';

export interface RuleSetOptions {
  readonly placeholders?: Placeholders | undefined;
  readonly filters?: readonly SigmaFilter[] | undefined;
}

interface IndexedRule {
  readonly rule: SigmaRule;
  readonly eventIds: Required;
  readonly filters: readonly SigmaFilter[];
}

interface Candidate {
  readonly rule: SigmaRule;
  readonly matcher: Matcher;
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

const NO_FIELD_MAP: Readonly<Record<string, string>> = {};

export class RuleSet {
  readonly rules: readonly SigmaRule[];
  readonly slots = new FieldSlots();
  readonly stats: RuleSetStats = { events: 0, evaluations: 0, avoided: 0, matches: 0 };
  private readonly indexed: readonly IndexedRule[];
  private readonly placeholders: Placeholders | undefined;
  private readonly context: MatchContext;
  private readonly buckets = new Map<LogsourceClass, readonly Candidate[]>();
  private readonly variants = new Map<string, CompiledTest>();

  /** Rules are expected to have passed `checkRules`; a rule that fails to compile here throws. */
  constructor(rules: readonly SigmaRule[], options: RuleSetOptions = {}) {
    this.rules = rules;
    this.placeholders = options.placeholders;
    const filters = options.filters ?? [];
    this.indexed = rules.map((rule) => ({
      rule,
      eventIds: requiredValues(rule.detection, 'EventID'),
      filters: filters.filter(
        (f) =>
          (f.rules.length === 0 ||
            f.rules.includes(rule.key) ||
            (rule.meta.name !== undefined && f.rules.includes(rule.meta.name))) &&
          logsourceCovers(f.logsource, rule.logsource),
      ),
    }));
    this.context = new MatchContext(this.slots);
  }

  /** Runs every candidate rule on the event; calls `onMatch` per matching rule, returns the count. */
  match(event: Event, onMatch: (rule: SigmaRule, event: Event) => void): number {
    let candidates = this.buckets.get(event.logsource);
    if (candidates === undefined) candidates = this.buildBucket(event.logsource);
    const stats = this.stats;
    stats.events++;
    stats.evaluations += candidates.length;
    stats.avoided += this.rules.length - candidates.length;
    if (candidates.length === 0) return 0;
    const ctx = this.context;
    ctx.reset(event);
    let matched = 0;
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[i] as Candidate;
      if (candidate.matcher(ctx)) {
        matched++;
        onMatch(candidate.rule, event);
      }
    }
    stats.matches += matched;
    return matched;
  }

  /** The rules an event of this class is tested against (for tests and `--explain` tooling). */
  candidatesFor(cls: LogsourceClass): readonly SigmaRule[] {
    return (this.buckets.get(cls) ?? this.buildBucket(cls)).map((c) => c.rule);
  }

  private buildBucket(cls: LogsourceClass): readonly Candidate[] {
    const eventId = cls.eventId === undefined ? undefined : String(cls.eventId);
    const candidates: Candidate[] = [];
    for (const entry of this.indexed) {
      if (entry.eventIds !== undefined && (eventId === undefined || !entry.eventIds.has(eventId))) continue;
      const memberships = logsourceMemberships(entry.rule.logsource, cls);
      if (memberships.length === 0) continue;
      // One rule may reach a class through several mappings; it still matches an event once.
      const test = anyOf(memberships.map((m) => this.variant(entry, m)));
      candidates.push({ rule: entry.rule, matcher: test.matcher });
    }
    this.buckets.set(cls, candidates);
    return candidates;
  }

  private variant(entry: IndexedRule, membership: CategoryMembership | null): CompiledTest {
    const key = `${entry.rule.key}\u0000${membership?.mappingId ?? ''}`;
    let test = this.variants.get(key);
    if (test === undefined) {
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
      test = allOf(parts);
      this.variants.set(key, test);
    }
    return test;
  }
}
