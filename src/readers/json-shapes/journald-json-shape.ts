/**
 * `journalctl -o json` (and `-o json-seq` lines, `json-pretty`): one object per journal entry
 * with every field as a string, a field that holds non-text bytes as an array of byte numbers,
 * and a field set more than once as an array of such values. Recognised by `__CURSOR` or
 * `__REALTIME_TIMESTAMP` beside `MESSAGE` or `_BOOT_ID`.
 */
import type { FieldValue } from '../../event/index.js';
import { journalEntryEvent } from '../journald/journal-entry-event.js';
import type { JsonShape } from './json-shape.js';

function isByteArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b < 256);
}

/** A journal value as text: byte arrays decoded as UTF-8 (invalid bytes become U+FFFD). */
function journalValue(value: unknown): FieldValue {
  if (typeof value === 'string' || value === null) return value;
  if (isByteArray(value)) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value))
    return value.map((v) =>
      typeof v === 'string' ? v : isByteArray(v) ? Buffer.from(v).toString('utf8') : JSON.stringify(v),
    );
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

export const JOURNALD_JSON_SHAPE: JsonShape = {
  name: 'journald',
  matches(object) {
    return (
      (typeof object['__CURSOR'] === 'string' || typeof object['__REALTIME_TIMESTAMP'] === 'string') &&
      (object['MESSAGE'] !== undefined || typeof object['_BOOT_ID'] === 'string')
    );
  },
  toEvent(object, source) {
    const fields = new Map<string, FieldValue>();
    for (const name in object) fields.set(name, journalValue(object[name]));
    return journalEntryEvent(fields, source);
  },
};
