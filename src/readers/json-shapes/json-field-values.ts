/**
 * JSON member values as event field values. Event data keeps the value the export wrote (the Sigma
 * engine compares text); System values are normalized to what an EVTX record holds, so that
 * `EventID`, `Keywords` or `TimeCreated_SystemTime` read the same whatever tool wrote the JSON.
 */
import { parseUtcTime, type FieldValue, type WindowsSystemValueType } from '../../event/index.js';
import type { JsonObject } from './json-shape.js';

/**
 * Levels of arrays and objects one record may nest, counted from the record's own object. The
 * deepest sample of the corpus and the test fixtures nests 5; what turns values into fields after
 * the reader (JSON.stringify, the evtx_dump flattener) recurses, and one value nested 5,000 deep
 * overflowed the stack and ended the whole hunt.
 */
export const MAX_JSON_NESTING = 100;

/** What stands for an array or object cut at `MAX_JSON_NESTING`: its kind, so the cut shows. */
const CUT_ARRAY = '[…]';
const CUT_OBJECT = '{…}';

function isNested(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/**
 * Whether the array or object `value` nests more than `levels` deep; walks no deeper than that.
 * Runs on every record: scalars, most members, are passed over without a call.
 */
function nestsDeeperThan(value: object, levels: number): boolean {
  if (levels === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (isNested(item) && nestsDeeperThan(item, levels - 1)) return true;
    return false;
  }
  const object = value as JsonObject;
  for (const key in object) {
    const member = object[key];
    if (isNested(member) && nestsDeeperThan(member, levels - 1)) return true;
  }
  return false;
}

function cutCopy(value: unknown, levels: number): unknown {
  if (!isNested(value)) return value;
  if (levels === 0) return Array.isArray(value) ? CUT_ARRAY : CUT_OBJECT;
  if (Array.isArray(value)) return value.map((item) => cutCopy(item, levels - 1));
  // fromEntries defines each member, so a `__proto__` member stays a member as JSON.parse made it.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cutCopy(item, levels - 1)]));
}

/**
 * A copy of `object` whose arrays and objects nested deeper than `levels` are cut to `"[…]"` or
 * `"{…}"`, or undefined when nothing nests that deep (the common case: nothing is copied).
 */
export function cutJsonNesting(object: JsonObject, levels = MAX_JSON_NESTING): JsonObject | undefined {
  return nestsDeeperThan(object, levels) ? (cutCopy(object, levels) as JsonObject) : undefined;
}

/**
 * A scalar as is; a list of scalars as a list; anything nested as its JSON text. The JSON reader
 * has cut the record to `MAX_JSON_NESTING` levels (`cutJsonNesting`), so the text is bounded.
 */
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
