/**
 * JSON member values as event field values. Event data keeps the value the export wrote (the Sigma
 * engine compares text); System values are normalized to what an EVTX record holds, so that
 * `EventID`, `Keywords` or `TimeCreated_SystemTime` read the same whatever tool wrote the JSON.
 */
import { parseUtcTime, type FieldValue, type WindowsSystemValueType } from '../../event/index.js';

/** A scalar as is; a list of scalars as a list; anything nested as its JSON text. */
export function jsonFieldValue(value: unknown): FieldValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (Array.isArray(value)) {
    const items: (string | number | boolean | null)[] = [];
    for (const item of value) {
      items.push(
        item === null || typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean'
          ? item
          : JSON.stringify(item),
      );
    }
    return items;
  }
  return JSON.stringify(value);
}

const DECIMAL = /^\d+$/;
const SIGNED_DECIMAL = /^-?\d+$/;
const HEX = /^0[xX][0-9a-fA-F]+$/;
/** ISO 8601 in UTC already: kept as written (it may carry more than milliseconds). */
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/;

/** A 64-bit keyword mask as EVTX shows it: `0x` and lower-case hex without padding. */
function keywordsText(mask: bigint): string {
  return `0x${BigInt.asUintN(64, mask).toString(16)}`;
}

/**
 * A System value as the EVTX record holds it; a value that does not convert stays as written.
 * NXLog writes `Keywords` as a signed 64-bit decimal: JSON numbers keep it exactly only when its low
 * bits are zero, as in every Keywords value of the corpus; a decimal string is read exactly.
 */
export function systemFieldValue(value: unknown, type: WindowsSystemValueType): FieldValue {
  switch (type) {
    case 'string':
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : jsonFieldValue(value);
    case 'uint':
      if (typeof value === 'string') {
        if (DECIMAL.test(value)) return Number(value);
        if (HEX.test(value)) return Number.parseInt(value.slice(2), 16);
      }
      return jsonFieldValue(value);
    case 'keywords':
      if (typeof value === 'number' && Number.isInteger(value)) return keywordsText(BigInt(value));
      if (typeof value === 'string') {
        if (SIGNED_DECIMAL.test(value)) return keywordsText(BigInt(value));
        if (HEX.test(value)) return keywordsText(BigInt(value));
      }
      return jsonFieldValue(value);
    case 'time': {
      if (typeof value !== 'string' || ISO_UTC.test(value)) return jsonFieldValue(value);
      const epochMs = parseUtcTime(value);
      return Number.isNaN(epochMs) ? value : new Date(epochMs).toISOString();
    }
    default: {
      const unknownType: never = type;
      throw new TypeError(`unknown System value type ${String(unknownType)}`);
    }
  }
}
