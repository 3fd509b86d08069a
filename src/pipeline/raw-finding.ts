/**
 * What detection hands on (from a worker thread, as plain data): which rule matched which event,
 * with only the event facts a finding shows. The main thread adds the rule's metadata and the
 * ATT&CK context (`enrich-finding.ts`).
 */
import { createHash } from 'node:crypto';
import type { Event, FieldValue, ScalarValue } from '../event/index.js';
import { KEY_FIELDS, MAX_FIELD_TEXT, sourceOf, type FindingEvent, type FindingSource } from '../report/index.js';
import type { SigmaRule } from '../sigma/index.js';

export interface RawFinding {
  readonly ruleKey: string;
  /** The values of the fields correlation rules need from this rule's matches (only for such rules). */
  readonly correlationFields?: Readonly<Record<string, FieldValue | undefined>>;
  readonly time: number;
  readonly host: string | null;
  readonly event: FindingEvent;
  readonly source: FindingSource;
}

function clip(value: FieldValue): FieldValue {
  if (typeof value === 'string') return value.length > MAX_FIELD_TEXT ? `${value.slice(0, MAX_FIELD_TEXT)}…` : value;
  if (Array.isArray(value)) return (value as readonly ScalarValue[]).map((v) => clip(v) as ScalarValue);
  return value;
}

/**
 * A long value as correlations group and count it: bounded like a shown value, yet two values that
 * differ only past the cut stay two (a hash of the whole, lower-cased as grouping compares).
 */
function clipDistinct(value: FieldValue): FieldValue {
  if (typeof value === 'string') {
    if (value.length <= MAX_FIELD_TEXT) return value;
    const digest = createHash('sha1').update(value.toLowerCase()).digest('hex').slice(0, 16);
    return `${value.slice(0, MAX_FIELD_TEXT)}… [${value.length} characters, sha1 ${digest}]`;
  }
  if (Array.isArray(value)) return (value as readonly ScalarValue[]).map((v) => clipDistinct(v) as ScalarValue);
  return value;
}

const text = (value: FieldValue | undefined): string | null =>
  value === undefined || value === null ? null : String(value);

/**
 * The value of a field a correlation groups or counts by. The rule's Sigma field name is read
 * through the event's field mapping for the rule's category (4688 `Image` is `NewProcessName`);
 * `host`, when the event has no such field, is the event's host, or its file when the log names
 * none (svchunt's extension, so one rule can group Windows, Linux and macOS events by host).
 */
function correlationValue(rule: SigmaRule, event: Event, field: string): FieldValue | undefined {
  const category = rule.logsource.category;
  let name = field;
  if (category !== undefined)
    for (const m of event.logsource.categories) if (m.category === category) name = m.fieldMap[field] ?? name;
  const value = event.get(name);
  // A log that names no host (some auditd setups) is taken as one machine's log, as stories do.
  if (value === undefined && field === 'host') return event.host ?? event.provenance.file;
  return value === undefined ? undefined : clipDistinct(value);
}

/**
 * The finding facts of `event` for `rule`: key fields present in the event plus the rule's `fields`,
 * and the values of `correlationFields` when correlation rules use this rule.
 */
export function rawFinding(
  rule: SigmaRule,
  event: Event,
  format: string,
  correlationFields?: readonly string[],
): RawFinding {
  const fields: Record<string, FieldValue> = {};
  for (const name of KEY_FIELDS) {
    const value = event.get(name);
    if (value !== undefined) fields[name] = clip(value);
  }
  for (const name of rule.meta.fields) {
    const value = event.get(name);
    if (value !== undefined) fields[name] = clip(value);
  }
  const recordId = event.get('EventRecordID') ?? event.provenance.recordId;
  let correlation: Record<string, FieldValue | undefined> | undefined;
  if (correlationFields !== undefined) {
    correlation = {};
    for (const field of correlationFields) correlation[field] = correlationValue(rule, event, field);
  }
  return {
    ruleKey: rule.key,
    ...(correlation !== undefined ? { correlationFields: correlation } : {}),
    time: event.time,
    host: event.host ?? null,
    event: {
      channel: text(event.get('Channel')),
      eventId: event.logsource.eventId ?? null,
      recordId: typeof recordId === 'number' || typeof recordId === 'string' ? recordId : null,
      provider: text(event.get('Provider_Name')),
      fields,
    },
    source: sourceOf(event.provenance, format),
  };
}
