/**
 * Reads BinXML values (MS-EVEN6 §2.2.12 value types) out of chunk bytes and gives each its text
 * form, as evtx_dump writes it: GUIDs upper-case without braces, SIDs `S-1-5-18`, hex integers
 * `0x…` lower-case without padding, binary as upper-case hex, times ISO 8601 UTC with µs.
 */
import { EvtxFormatError } from '../evtx-format-error.js';
import { readUtf16UntilNul } from '../utf16.js';
import { formatFiletime, formatSystemtime } from './format-time.js';
import type { Scalar } from './nodes.js';
import {
  FIXED_VALUE_SIZE,
  VALUE_ANSI_STRING,
  VALUE_BINARY,
  VALUE_BOOL,
  VALUE_EVT_HANDLE,
  VALUE_EVT_XML,
  VALUE_FILETIME,
  VALUE_GUID,
  VALUE_HEX_INT32,
  VALUE_HEX_INT64,
  VALUE_INT16,
  VALUE_INT32,
  VALUE_INT64,
  VALUE_INT8,
  VALUE_NULL,
  VALUE_REAL32,
  VALUE_REAL64,
  VALUE_SID,
  VALUE_SIZE_T,
  VALUE_STRING,
  VALUE_SYSTEMTIME,
  VALUE_UINT16,
  VALUE_UINT32,
  VALUE_UINT64,
  VALUE_UINT8,
} from './value-types.js';

const ansiDecoder = new TextDecoder('windows-1252');
const HEX_UPPER = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

/** Most sub-authorities a SID may carry (the SID format's own limit). */
export const MAX_SID_SUB_AUTHORITIES = 15;

function hex64(view: DataView, at: number): string {
  const low = view.getUint32(at, true);
  const high = view.getUint32(at + 4, true);
  return high === 0 ? `0x${low.toString(16)}` : `0x${high.toString(16)}${low.toString(16).padStart(8, '0')}`;
}

/** Below this magnitude, a 64-bit integer's high half and low half make an exact double. */
const SAFE_HIGH_LIMIT = 2 ** 21;
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE_BIG = BigInt(Number.MIN_SAFE_INTEGER);

/** A 64-bit integer: a number when it fits in 53 bits, a bigint beyond. */
export function int64(view: DataView, at: number, signed: boolean): number | bigint {
  const high = signed ? view.getInt32(at + 4, true) : view.getUint32(at + 4, true);
  // Record ids and most other values: no BigInt (it allocated on every record).
  if (high < SAFE_HIGH_LIMIT && high > -SAFE_HIGH_LIMIT) return high * 4294967296 + view.getUint32(at, true);
  const big = signed ? view.getBigInt64(at, true) : view.getBigUint64(at, true);
  return big <= MAX_SAFE_BIG && big >= MIN_SAFE_BIG ? Number(big) : big;
}

function binaryHex(bytes: Uint8Array, at: number, size: number): string {
  let text = '';
  for (let i = at; i < at + size; i++) text += HEX_UPPER[bytes[i]!]!;
  return text;
}

/** GUID text: Data1–3 little-endian, Data4 as bytes, `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX`. */
export function guidText(bytes: Uint8Array, at: number): string {
  const h = (i: number): string => HEX_UPPER[bytes[at + i]!]!;
  return (
    h(3) +
    h(2) +
    h(1) +
    h(0) +
    '-' +
    h(5) +
    h(4) +
    '-' +
    h(7) +
    h(6) +
    '-' +
    h(8) +
    h(9) +
    '-' +
    h(10) +
    h(11) +
    h(12) +
    h(13) +
    h(14) +
    h(15)
  );
}

/** SID text; returns the text and the SID's size in bytes (8 + 4 per sub-authority). */
function readSid(bytes: Uint8Array, view: DataView, at: number, end: number): [string, number] {
  if (at + 8 > end) throw new EvtxFormatError('TRUNCATED', at, 'SID header runs past its value');
  const count = bytes[at + 1]!;
  if (count > MAX_SID_SUB_AUTHORITIES || at + 8 + count * 4 > end) {
    throw new EvtxFormatError('BAD_SUBSTITUTION', at, `SID with ${count} sub-authorities does not fit`);
  }
  const authority = view.getUint16(at + 2, false) * 2 ** 32 + view.getUint32(at + 4, false);
  let text = `S-${bytes[at]!}-${authority}`;
  for (let i = 0; i < count; i++) text += `-${view.getUint32(at + 8 + i * 4, true)}`;
  return [text, 8 + count * 4];
}

/** A 64-bit float as text; negative zero keeps its sign (`String(-0)` is "0"). */
function realText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** Shortest decimal text that reads back as the same 32-bit float (as Rust prints an f32). */
function real32Text(value: number): string {
  if (!Number.isFinite(value) || value === 0) return realText(value);
  for (let digits = 1; digits <= 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(value);
}

/**
 * Reads one scalar of base type `type` from `[at, at + size)`. Fixed-size types need at least
 * their size; strings and binaries take the whole window.
 */
export function readScalar(bytes: Uint8Array, view: DataView, type: number, at: number, size: number): Scalar {
  const fixed = FIXED_VALUE_SIZE[type];
  if (fixed !== undefined && size < fixed) {
    throw new EvtxFormatError(
      'BAD_SUBSTITUTION',
      at,
      `value of type 0x${type.toString(16)} needs ${fixed} bytes, has ${size}`,
    );
  }
  switch (type) {
    case VALUE_NULL:
      return '';
    case VALUE_STRING:
      return readUtf16UntilNul(bytes, at, size >>> 1);
    case VALUE_ANSI_STRING: {
      // Up to the first NUL, as a UTF-16 string is (and as evtxexport reads both).
      let end = at;
      while (end < at + size && bytes[end] !== 0) end++;
      return ansiDecoder.decode(bytes.subarray(at, end));
    }
    case VALUE_INT8:
      return view.getInt8(at);
    case VALUE_UINT8:
      return bytes[at]!;
    case VALUE_INT16:
      return view.getInt16(at, true);
    case VALUE_UINT16:
      return view.getUint16(at, true);
    case VALUE_INT32:
      return view.getInt32(at, true);
    case VALUE_UINT32:
      return view.getUint32(at, true);
    case VALUE_INT64:
      return int64(view, at, true);
    case VALUE_UINT64:
      return int64(view, at, false);
    case VALUE_REAL32:
      return real32Text(view.getFloat32(at, true));
    case VALUE_REAL64:
      return realText(view.getFloat64(at, true));
    case VALUE_BOOL:
      // Any non-zero 32-bit value is true: samples carry values other than 0 and 1.
      return view.getInt32(at, true) !== 0;
    case VALUE_GUID:
      return guidText(bytes, at);
    case VALUE_SIZE_T:
      return size === 4
        ? `0x${view.getUint32(at, true).toString(16)}`
        : size === 8
          ? hex64(view, at)
          : binaryHex(bytes, at, size);
    case VALUE_FILETIME:
      return formatFiletime(view.getUint32(at, true), view.getUint32(at + 4, true));
    case VALUE_SYSTEMTIME:
      return formatSystemtime(view, at);
    case VALUE_SID:
      return readSid(bytes, view, at, at + size)[0];
    case VALUE_HEX_INT32:
      return `0x${view.getUint32(at, true).toString(16)}`;
    case VALUE_HEX_INT64:
      return hex64(view, at);
    case VALUE_BINARY:
    case VALUE_EVT_HANDLE:
    case VALUE_EVT_XML:
      return binaryHex(bytes, at, size);
    default:
      throw new EvtxFormatError('UNKNOWN_VALUE_TYPE', at, `unknown value type 0x${type.toString(16)}`);
  }
}

/**
 * Whether `readScalar` reads this value without throwing: fixed-size types fit, a SID is whole, the
 * type is one it knows. Lets a record be checked when it is read and its values decoded later.
 */
export function scalarFits(bytes: Uint8Array, type: number, at: number, size: number): boolean {
  const fixed = FIXED_VALUE_SIZE[type];
  if (fixed !== undefined) return size >= fixed;
  if (type === VALUE_SID) {
    const count = bytes[at + 1]!;
    return size >= 8 && count <= MAX_SID_SUB_AUTHORITIES && 8 + count * 4 <= size;
  }
  return type <= VALUE_HEX_INT64 || type === VALUE_EVT_HANDLE || type === VALUE_EVT_XML;
}

/** Whether `readScalar` may reject some value of this type (`scalarFits` can be false); strings never. */
export function scalarMayNotFit(type: number): boolean {
  return (
    FIXED_VALUE_SIZE[type] !== undefined ||
    type === VALUE_SID ||
    !(type <= VALUE_HEX_INT64 || type === VALUE_EVT_HANDLE || type === VALUE_EVT_XML)
  );
}

/** Reads an array value (type has the 0x80 bit) into its items. */
export function readArray(bytes: Uint8Array, view: DataView, type: number, at: number, size: number): Scalar[] {
  const base = type & 0x7f;
  const end = at + size;
  const items: Scalar[] = [];
  if (base === VALUE_STRING) {
    // NUL-terminated UTF-16 strings back to back.
    let start = at;
    for (let i = at; i + 1 < end; i += 2) {
      if (bytes[i] === 0 && bytes[i + 1] === 0) {
        items.push(readUtf16UntilNul(bytes, start, (i - start) >>> 1));
        start = i + 2;
      }
    }
    if (start + 1 < end) items.push(readUtf16UntilNul(bytes, start, (end - start) >>> 1));
    return items;
  }
  if (base === VALUE_SID) {
    for (let i = at; i < end;) {
      const [text, length] = readSid(bytes, view, i, end);
      items.push(text);
      i += length;
    }
    return items;
  }
  const itemSize = base === VALUE_SIZE_T ? (size % 8 === 0 ? 8 : 4) : FIXED_VALUE_SIZE[base];
  if (itemSize === undefined) {
    throw new EvtxFormatError('UNKNOWN_VALUE_TYPE', at, `no array form for value type 0x${type.toString(16)}`);
  }
  for (let i = at; i + itemSize <= end; i += itemSize) items.push(readScalar(bytes, view, base, i, itemSize));
  return items;
}

/** The text of a scalar inside XML text or a JSON string. */
export function scalarText(value: Scalar): string {
  return typeof value === 'string' ? value : String(value);
}
