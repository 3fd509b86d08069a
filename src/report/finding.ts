/**
 * A finding as outputs see it: one rule matched one event. Plain data only (it crosses worker
 * threads and is written as JSON), with the rule's author always present (the Detection Rule
 * License requires the credit) and the ATT&CK context the enrich stage adds.
 */
import type { AttackContext, AttackRef } from '../attack/index.js';
import { usableTime, type FieldValue } from '../event/index.js';
import type { RuleSummary } from '../sigma/index.js';

/** One ATT&CK or SP 800-53 entry of a finding (id, name, and `inheritedFrom` for a parent's entries). */
export type AttackRefOut = AttackRef;

/** The ATT&CK context of a finding: the enrich stage's `AttackContext`, as it is. */
export type FindingAttack = AttackContext;

/** The rule behind a finding: its summary, where it came from and its file. */
export interface FindingRule extends RuleSummary {
  /** Where the rule came from: svchunt's pack or a user folder. */
  readonly origin: 'builtin' | 'user';
  readonly path: string;
}

export interface FindingEvent {
  readonly channel: string | null;
  readonly eventId: number | null;
  readonly recordId: number | string | null;
  readonly provider: string | null;
  /** The event's key fields (ServiceName, ImagePath, CommandLine …) and those the rule lists. */
  readonly fields: Readonly<Record<string, FieldValue>>;
}

export interface FindingSource {
  readonly file: string;
  readonly format: string;
  readonly offset: number;
  readonly recordId?: number | string;
  readonly line?: number;
  readonly chunk?: number;
}

/** One event behind a correlation finding, with the base rule that matched it. */
export interface CorrelationEventOut {
  readonly time: number;
  readonly host: string | null;
  readonly rule: { readonly id: string | null; readonly title: string; readonly level: string | null };
  readonly event: FindingEvent;
  readonly source: FindingSource;
}

/** What a Sigma correlation rule found: its group, the measured value and the events behind it. */
export interface FindingCorrelation {
  /** `event_count`, `value_count`, `temporal`, `temporal_ordered`, `value_sum`, `value_avg`, `value_percentile`. */
  readonly type: string;
  /** As written in the rule: `5m`. */
  readonly timespan: string;
  /** `gte 10`, `gt 100 and lte 200`. */
  readonly condition: string;
  readonly groupBy: Readonly<Record<string, string>>;
  readonly value: number;
  /** value_percentile: the field value whose share of the window was measured. */
  readonly fieldValue?: string;
  /** Time of the first contributing event (the finding's `time` is when the correlation held). */
  readonly first: number;
  readonly events: readonly CorrelationEventOut[];
  readonly omittedEvents: number;
}

export interface Finding {
  /** Epoch ms UTC; NaN when the event had no time. */
  readonly time: number;
  readonly host: string | null;
  readonly rule: FindingRule;
  readonly attack: FindingAttack;
  /** The event; for a correlation finding, the event that completed it. */
  readonly event: FindingEvent;
  readonly source: FindingSource;
  /** Present on findings of Sigma correlation rules. */
  readonly correlation?: FindingCorrelation;
}

export const LEVEL_ORDER = ['informational', 'low', 'medium', 'high', 'critical'] as const;

/** Rank of a level for sorting and `--level`/`--fail-on` (unknown levels rank lowest). */
export function levelRank(level: string | null | undefined): number {
  return level === null || level === undefined ? -1 : LEVEL_ORDER.indexOf(level as (typeof LEVEL_ORDER)[number]);
}

/** ISO-8601 with milliseconds, or null for events without time. */
export function isoTime(time: number): string | null {
  return Number.isNaN(usableTime(time)) ? null : new Date(time).toISOString();
}
