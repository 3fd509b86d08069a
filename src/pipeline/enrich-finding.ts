/**
 * The enrich stage: a raw finding becomes a full finding with the rule's metadata (author always
 * kept) and the ATT&CK context of its techniques — computed once per rule and shared. Correlation
 * hits become findings the same way, with their own rule's metadata and the events behind them.
 */
import { attackContextForTags } from '../attack/index.js';
import type { CorrelationEventOut, Finding, FindingAttack, FindingRule } from '../report/index.js';
import {
  describeComparisons,
  ruleSummary,
  type CorrelationHit,
  type CorrelationRule,
  type SigmaRule,
} from '../sigma/index.js';
import type { RawFinding } from './raw-finding.js';

interface Entry {
  readonly rule: FindingRule;
  readonly attack: FindingAttack;
}

function entryOf(rule: SigmaRule | CorrelationRule, builtin: boolean): Entry {
  return {
    rule: {
      ...ruleSummary(rule.meta),
      origin: builtin ? 'builtin' : 'user',
      path: rule.location.file,
    },
    // Shared, frozen per tag list: every finding of the rule points at the same context.
    attack: attackContextForTags(rule.meta.tags),
  };
}

const UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
] as const;

/** 5400000 → `90m`: the largest unit that divides the timespan, as the specification writes them. */
export function formatTimespan(ms: number): string {
  for (const [unit, size] of UNITS) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

export class FindingEnricher {
  private readonly rules = new Map<string, SigmaRule | CorrelationRule>();
  private readonly builtinKeys: ReadonlySet<string>;
  /**
   * Entries made on a rule's first finding: most of 2,500 SigmaHQ rules find nothing in a hunt,
   * and making every rule's ATT&CK context up front cost each run ~25 ms.
   */
  private readonly entries = new Map<string, Entry>();

  constructor(
    rules: readonly SigmaRule[],
    builtinKeys: ReadonlySet<string>,
    correlations: readonly CorrelationRule[] = [],
  ) {
    this.builtinKeys = builtinKeys;
    for (const rule of rules) this.rules.set(rule.key, rule);
    for (const rule of correlations) this.rules.set(rule.key, rule);
  }

  private entry(key: string): Entry {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const rule = this.rules.get(key);
      if (rule === undefined) throw new Error(`finding for unknown rule ${key}`);
      entry = entryOf(rule, this.builtinKeys.has(key));
      this.entries.set(key, entry);
    }
    return entry;
  }

  enrich(raw: RawFinding): Finding {
    const entry = this.entry(raw.ruleKey);
    return {
      time: raw.time,
      host: raw.host,
      rule: entry.rule,
      attack: entry.attack,
      event: raw.event,
      source: raw.source,
    };
  }

  /** A correlation hit as a finding: the correlation's metadata, the last event behind it as its event. */
  enrichHit(hit: CorrelationHit<RawFinding>): Finding {
    const entry = this.entry(hit.correlation.key);
    const last = hit.matches[hit.matches.length - 1] as { payload: RawFinding };
    const events: CorrelationEventOut[] = hit.matches.map(({ payload }) => {
      const rule = this.entry(payload.ruleKey).rule;
      return {
        time: payload.time,
        host: payload.host,
        rule: { id: rule.id, title: rule.title, level: rule.level },
        event: payload.event,
        source: payload.source,
      };
    });
    const c = hit.correlation;
    return {
      time: hit.time,
      host: last.payload.host,
      rule: entry.rule,
      attack: entry.attack,
      event: last.payload.event,
      source: last.payload.source,
      correlation: {
        type: c.type,
        timespan: formatTimespan(c.timespanMs),
        condition: describeComparisons(c.condition?.comparisons ?? [{ operator: 'gte', value: c.rules.length }]),
        groupBy: hit.groupBy,
        value: hit.value,
        ...(hit.fieldValue !== undefined ? { fieldValue: hit.fieldValue } : {}),
        first: hit.first,
        events,
        omittedEvents: hit.omitted,
      },
    };
  }
}
