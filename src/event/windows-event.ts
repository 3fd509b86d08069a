/** Builds the normalized `Event` for a Windows record whose fields are already Sigma-named. */
import type { FieldValue } from './field-value.js';
import { MapEvent } from './map-event.js';
import type { Provenance } from './provenance.js';
import { classifyWindowsEvent } from './windows-classifier.js';
import { numericEventId } from './windows-fields.js';

/** Epoch ms of an ISO-8601 UTC time; a time without a zone is read as UTC, as Windows writes it. */
export function parseUtcTime(value: FieldValue | undefined): number {
  if (typeof value !== 'string' || value === '') return Number.NaN;
  const hasZone = /(?:Z|[+-]\d\d:?\d\d)$/i.test(value);
  return Date.parse(hasZone ? value : `${value.replace(' ', 'T')}Z`);
}

/** A Windows event from flattened fields (`EventID`, `Channel`, `Computer`, `TimeCreated_SystemTime` …). */
export function windowsEventFromFields(fields: Map<string, FieldValue>, provenance: Provenance): MapEvent {
  const eventId = numericEventId(fields.get('EventID'));
  const channel = fields.get('Channel');
  const computer = fields.get('Computer');
  return new MapEvent(
    fields,
    classifyWindowsEvent(typeof channel === 'string' ? channel : undefined, eventId),
    parseUtcTime(fields.get('TimeCreated_SystemTime')),
    typeof computer === 'string' ? computer : undefined,
    provenance,
  );
}
