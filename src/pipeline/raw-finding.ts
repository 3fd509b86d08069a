/**
 * What detection hands on (from a worker thread, as plain data): which rule matched which event,
 * with only the event facts a finding shows. The main thread adds the rule's metadata and the
 * ATT&CK context (`enrich-finding.ts`).
 */
import type { Event, FieldValue, ScalarValue } from '../event/index.js';
import { KEY_FIELDS, MAX_FIELD_TEXT, type FindingEvent, type FindingSource } from '../report/index.js';
import type { SigmaRule } from '../sigma/index.js';

export interface RawFinding {
  readonly ruleKey: string;
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

const text = (value: FieldValue | undefined): string | null =>
  value === undefined || value === null ? null : String(value);

/** The finding facts of `event` for `rule`: key fields present in the event plus the rule's `fields`. */
export function rawFinding(rule: SigmaRule, event: Event, format: string): RawFinding {
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
  const p = event.provenance;
  return {
    ruleKey: rule.key,
    time: event.time,
    host: event.host ?? null,
    event: {
      channel: text(event.get('Channel')),
      eventId: event.logsource.eventId ?? null,
      recordId: typeof recordId === 'number' || typeof recordId === 'string' ? recordId : null,
      provider: text(event.get('Provider_Name')),
      fields,
    },
    source: {
      file: p.file,
      format,
      offset: p.offset,
      ...(p.recordId !== undefined ? { recordId: p.recordId } : {}),
      ...(p.line !== undefined ? { line: p.line } : {}),
      ...(p.chunk !== undefined ? { chunk: p.chunk } : {}),
    },
  };
}
