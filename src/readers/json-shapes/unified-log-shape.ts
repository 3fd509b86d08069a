/**
 * The macOS unified log as `log show --style ndjson` and `log stream --style ndjson` write it: one
 * object per entry with `timestamp` ("2026-11-26 10:00:00.123456-0800", local time with its
 * offset), `eventMessage`, `subsystem`, `category`, `processImagePath`, `senderImagePath`,
 * `processID`, `messageType`, `machTimestamp` … (the names `log(1)` prints). Members keep their
 * names; `Image` (processImagePath) and `ProcessId` are added so process-minded rules read the same.
 * The launchd and launchctl messages of the log are entries like any other (subsystem
 * `com.apple.xpc.launchd`).
 */
import { MapEvent, UNIFIED_LOG_CLASS, type FieldValue } from '../../event/index.js';
import { jsonFieldValue } from './json-field-values.js';
import type { JsonShape } from './json-shape.js';

/** `log`'s timestamp: "YYYY-MM-DD HH:MM:SS.ffffff±HHMM". */
const LOG_TIME = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)?([+-]\d\d)(\d\d)$/;

/** Epoch ms of a `log` timestamp (fractions past milliseconds dropped), NaN when it is not one. */
export function unifiedLogTime(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  const match = LOG_TIME.exec(value);
  if (match === null) return Date.parse(value);
  const fraction = (match[3] ?? '.0').slice(0, 4);
  return Date.parse(`${match[1]}T${match[2]}${fraction}${match[4]}:${match[5]}`);
}

export const UNIFIED_LOG_SHAPE: JsonShape = {
  name: 'unified-log',
  matches(object) {
    return typeof object['eventMessage'] === 'string' && ('machTimestamp' in object || 'processImagePath' in object);
  },
  toEvent(object, source) {
    const fields = new Map<string, FieldValue>();
    for (const name in object) fields.set(name, jsonFieldValue(object[name]));
    const image = object['processImagePath'];
    if (typeof image === 'string') fields.set('Image', image);
    const pid = object['processID'];
    if (typeof pid === 'number') fields.set('ProcessId', pid);
    const trace = object['traceID'];
    return new MapEvent(fields, UNIFIED_LOG_CLASS, unifiedLogTime(object['timestamp']), undefined, {
      file: source.file,
      offset: source.offset,
      line: source.line,
      ...(typeof trace === 'number' || typeof trace === 'string' ? { recordId: trace } : {}),
    });
  },
};
