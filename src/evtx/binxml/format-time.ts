/**
 * FILETIME and SYSTEMTIME as text: ISO 8601 UTC with microseconds (`2016-06-29T15:24:34.346000Z`),
 * the form evtx_dump writes. Civil dates come from day counts by arithmetic (H. Hinnant's
 * "civil_from_days"), which is exact for 64-bit FILETIMEs and cheaper than building a Date.
 */

/** Days from 1601-01-01 to 1970-01-01. */
const DAYS_1601_TO_1970 = 134774;
/** Below this `high` half, FILETIME arithmetic in doubles is exact (see `formatFiletime`). */
const EXACT_HIGH_LIMIT = 2 ** 29;

/** '00' … '99': two-digit fields by lookup, the hot part of every FILETIME. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Formats a civil date and time; `micros` is 0–999999. */
export function formatIsoUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  micros: number,
): string {
  const two = TWO_DIGITS;
  return `${pad(year, 4)}-${two[month] ?? pad(month, 2)}-${two[day] ?? pad(day, 2)}T${two[hour] ?? pad(hour, 2)}:${two[minute] ?? pad(minute, 2)}:${two[second] ?? pad(second, 2)}.${pad(micros, 6)}Z`;
}

/** Indexes into the fields `filetimeFields` writes. */
export const YEAR = 0;
export const MONTH = 1;
export const DAY = 2;
export const HOUR = 3;
export const MINUTE = 4;
export const SECOND = 5;
export const MICROS = 6;

/** Writes the civil date of `days` since 1970-01-01 into `out` (year, month, day). */
function civilFromDays(days: number, out: number[]): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  out[YEAR] = yoe + era * 400 + (month <= 2 ? 1 : 0);
  out[MONTH] = month;
  out[DAY] = day;
}

/**
 * The civil fields of a FILETIME (100 ns ticks since 1601-01-01 UTC) given as its two 32-bit
 * halves, written into `out` at `YEAR` … `MICROS`. A double holds only 53 bits, so the count is
 * split by hand: 2^32 ticks = 429 s + 4967296 ticks, and while `high` < 2^29 (until about the year
 * 8900) every step below stays exact. Later times take BigInt.
 */
export function filetimeFields(low: number, high: number, out: number[]): void {
  let seconds: number;
  let remainderTicks: number;
  if (high < EXACT_HIGH_LIMIT) {
    const rest = high * 4967296 + low;
    seconds = high * 429 + Math.floor(rest / 10_000_000);
    remainderTicks = rest % 10_000_000;
  } else {
    const ticks = (BigInt(high) << 32n) | BigInt(low);
    seconds = Number(ticks / 10_000_000n);
    remainderTicks = Number(ticks % 10_000_000n);
  }
  const days = Math.floor(seconds / 86400);
  const secOfDay = seconds - days * 86400;
  civilFromDays(days - DAYS_1601_TO_1970, out);
  out[HOUR] = Math.floor(secOfDay / 3600);
  out[MINUTE] = Math.floor(secOfDay / 60) % 60;
  out[SECOND] = secOfDay % 60;
  out[MICROS] = Math.floor(remainderTicks / 10);
}

const fields = [0, 0, 0, 0, 0, 0, 0];

/** A FILETIME given as its two 32-bit halves, as ISO text (see `filetimeFields`). */
export function formatFiletime(low: number, high: number): string {
  filetimeFields(low, high, fields);
  return formatIsoUtc(
    fields[YEAR]!,
    fields[MONTH]!,
    fields[DAY]!,
    fields[HOUR]!,
    fields[MINUTE]!,
    fields[SECOND]!,
    fields[MICROS]!,
  );
}

/**
 * Epoch ms of a FILETIME as the text `formatFiletime` prints reads back (µs truncated to ms), or
 * undefined where the exact double arithmetic ends (about the year 8900; callers then read the
 * text). Events need this time for every record: computing it from the two halves skips formatting
 * the text and parsing it again.
 */
export function filetimeTextEpochMs(low: number, high: number): number | undefined {
  if (high >= EXACT_HIGH_LIMIT) return undefined;
  const rest = high * 4967296 + low;
  const seconds = high * 429 + Math.floor(rest / 10_000_000);
  return (seconds - DAYS_1601_TO_1970 * 86_400) * 1000 + Math.floor((rest % 10_000_000) / 10_000);
}

/** A SYSTEMTIME: eight little-endian u16 (year, month, weekday, day, hour, minute, second, ms). */
export function formatSystemtime(view: DataView, at: number): string {
  return formatIsoUtc(
    view.getUint16(at, true),
    view.getUint16(at + 2, true),
    view.getUint16(at + 6, true),
    view.getUint16(at + 8, true),
    view.getUint16(at + 10, true),
    view.getUint16(at + 12, true),
    view.getUint16(at + 14, true) * 1000,
  );
}
