/**
 * Writes a substitution's text form straight from chunk bytes into a `Utf8Writer`, JSON-escaped:
 * the bytes `jsonText(scalarText(readScalar(…)))` would write, for the compiled JSON path, without
 * making a string per value. Common types are written here digit by digit; the rest (reals, ANSI
 * strings) go through `readScalar`. The caller has checked the value decodes (`scalarFits`).
 * `test/differential/evtx-fields.test.ts` compares the result with the general renderer on the corpus.
 */
import type { Scalar } from './binxml/nodes.js';
import { DAY, filetimeFields, HOUR, MICROS, MINUTE, MONTH, SECOND, YEAR } from './binxml/format-time.js';
import {
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
  VALUE_SID,
  VALUE_SIZE_T,
  VALUE_STRING,
  VALUE_SYSTEMTIME,
  VALUE_UINT16,
  VALUE_UINT32,
  VALUE_UINT64,
  VALUE_UINT8,
} from './binxml/value-types.js';
import { int64, readScalar, scalarText } from './binxml/values.js';
import type { Utf8Writer } from './utf8-writer.js';

/** ASCII of each byte's two upper-case hex digits, at `2 * byte`. */
const HEX_PAIRS = new Uint8Array(512);
for (let i = 0; i < 256; i++) {
  const text = i.toString(16).toUpperCase().padStart(2, '0');
  HEX_PAIRS[2 * i] = text.charCodeAt(0);
  HEX_PAIRS[2 * i + 1] = text.charCodeAt(1);
}

/** Byte order of a GUID's text: Data1–3 little-endian, Data4 as is; -1 is a dash. */
const GUID_ORDER = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];

const fields = [0, 0, 0, 0, 0, 0, 0];

function upperHex(w: Utf8Writer, bytes: Uint8Array, at: number, size: number): void {
  w.reserve(size * 2);
  const out = w.buffer;
  let o = w.at;
  for (let i = at; i < at + size; i++) {
    const b = bytes[i]! * 2;
    out[o++] = HEX_PAIRS[b]!;
    out[o++] = HEX_PAIRS[b + 1]!;
  }
  w.at = o;
}

function guid(w: Utf8Writer, bytes: Uint8Array, at: number): void {
  w.reserve(36);
  const out = w.buffer;
  let o = w.at;
  for (let i = 0; i < GUID_ORDER.length; i++) {
    const index = GUID_ORDER[i]!;
    if (index < 0) {
      out[o++] = 0x2d;
      continue;
    }
    const b = bytes[at + index]! * 2;
    out[o++] = HEX_PAIRS[b]!;
    out[o++] = HEX_PAIRS[b + 1]!;
  }
  w.at = o;
}

/** Writes `value` (0 ≤ value < 10^digits) as exactly `digits` decimal digits at `at`. */
function digitsAt(out: Uint8Array, at: number, value: number, digits: number): void {
  let rest = value;
  for (let i = at + digits - 1; i >= at; i--) {
    const next = (rest / 10) | 0;
    out[i] = 0x30 + (rest - next * 10);
    rest = next;
  }
}

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ`, padded as `formatIsoUtc` pads (wider values keep their digits). */
function isoTime(w: Utf8Writer, f: readonly number[]): void {
  const year = f[YEAR]!;
  const micros = f[MICROS]!;
  const fits = f[MONTH]! <= 99 && f[DAY]! <= 99 && f[HOUR]! <= 99 && f[MINUTE]! <= 99 && f[SECOND]! <= 99;
  if (year <= 9999 && micros <= 999_999 && fits) {
    // Every FILETIME and sane SYSTEMTIME: one fixed layout, one room check.
    w.reserve(27);
    const out = w.buffer;
    const at = w.at;
    digitsAt(out, at, year, 4);
    out[at + 4] = 0x2d;
    digitsAt(out, at + 5, f[MONTH]!, 2);
    out[at + 7] = 0x2d;
    digitsAt(out, at + 8, f[DAY]!, 2);
    out[at + 10] = 0x54;
    digitsAt(out, at + 11, f[HOUR]!, 2);
    out[at + 13] = 0x3a;
    digitsAt(out, at + 14, f[MINUTE]!, 2);
    out[at + 16] = 0x3a;
    digitsAt(out, at + 17, f[SECOND]!, 2);
    out[at + 19] = 0x2e;
    digitsAt(out, at + 20, micros, 6);
    out[at + 26] = 0x5a;
    w.at = at + 27;
    return;
  }
  w.decimal(year, 4);
  w.byte(0x2d);
  w.decimal(f[MONTH]!, 2);
  w.byte(0x2d);
  w.decimal(f[DAY]!, 2);
  w.byte(0x54);
  w.decimal(f[HOUR]!, 2);
  w.byte(0x3a);
  w.decimal(f[MINUTE]!, 2);
  w.byte(0x3a);
  w.decimal(f[SECOND]!, 2);
  w.byte(0x2e);
  w.decimal(f[MICROS]!, 6);
  w.byte(0x5a);
}

function systemtime(w: Utf8Writer, view: DataView, at: number): void {
  fields[YEAR] = view.getUint16(at, true);
  fields[MONTH] = view.getUint16(at + 2, true);
  fields[DAY] = view.getUint16(at + 6, true);
  fields[HOUR] = view.getUint16(at + 8, true);
  fields[MINUTE] = view.getUint16(at + 10, true);
  fields[SECOND] = view.getUint16(at + 12, true);
  fields[MICROS] = view.getUint16(at + 14, true) * 1000;
  isoTime(w, fields);
}

function sid(w: Utf8Writer, bytes: Uint8Array, view: DataView, at: number): void {
  const count = bytes[at + 1]!;
  w.byte(0x53); // S
  w.byte(0x2d);
  w.decimal(bytes[at]!);
  w.byte(0x2d);
  w.decimal(view.getUint16(at + 2, false) * 2 ** 32 + view.getUint32(at + 4, false));
  for (let i = 0; i < count; i++) {
    w.byte(0x2d);
    w.decimal(view.getUint32(at + 8 + i * 4, true));
  }
}

/** A decoded scalar's text, JSON-escaped (array items, and the types written through `readScalar`). */
export function writeScalarText(w: Utf8Writer, value: Scalar): void {
  if (typeof value === 'string') w.jsonText(value);
  else if (typeof value === 'number' && Number.isSafeInteger(value)) w.integer(value);
  else w.text(scalarText(value));
}

/** The JSON-escaped text of substitution value `type` at `[at, at + size)` of the chunk. */
export function writeValueText(
  w: Utf8Writer,
  bytes: Uint8Array,
  view: DataView,
  type: number,
  at: number,
  size: number,
): void {
  switch (type) {
    case VALUE_STRING:
      w.utf16Json(bytes, view, at, size >>> 1);
      return;
    case VALUE_INT8:
      w.integer(view.getInt8(at));
      return;
    case VALUE_UINT8:
      w.decimal(bytes[at]!);
      return;
    case VALUE_INT16:
      w.integer(view.getInt16(at, true));
      return;
    case VALUE_UINT16:
      w.decimal(view.getUint16(at, true));
      return;
    case VALUE_INT32:
      w.integer(view.getInt32(at, true));
      return;
    case VALUE_UINT32:
      w.decimal(view.getUint32(at, true));
      return;
    case VALUE_INT64:
    case VALUE_UINT64:
      writeScalarText(w, int64(view, at, type === VALUE_INT64));
      return;
    case VALUE_BOOL:
      w.text(view.getInt32(at, true) !== 0 ? 'true' : 'false');
      return;
    case VALUE_GUID:
      guid(w, bytes, at);
      return;
    case VALUE_HEX_INT32:
      w.hex32(view.getUint32(at, true));
      return;
    case VALUE_HEX_INT64:
      w.hex64(view.getUint32(at, true), view.getUint32(at + 4, true));
      return;
    case VALUE_SIZE_T:
      if (size === 4) w.hex32(view.getUint32(at, true));
      else if (size === 8) w.hex64(view.getUint32(at, true), view.getUint32(at + 4, true));
      else upperHex(w, bytes, at, size);
      return;
    case VALUE_FILETIME:
      filetimeFields(view.getUint32(at, true), view.getUint32(at + 4, true), fields);
      isoTime(w, fields);
      return;
    case VALUE_SYSTEMTIME:
      systemtime(w, view, at);
      return;
    case VALUE_SID:
      sid(w, bytes, view, at);
      return;
    case VALUE_BINARY:
    case VALUE_EVT_HANDLE:
    case VALUE_EVT_XML:
      upperHex(w, bytes, at, size);
      return;
    default:
      writeScalarText(w, readScalar(bytes, view, type, at, size));
  }
}
