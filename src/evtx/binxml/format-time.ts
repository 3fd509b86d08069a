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

/** Converts days since 1970-01-01 into [year, month, day]. */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/**
 * A FILETIME (100 ns ticks since 1601-01-01 UTC) given as its two 32-bit halves. A double holds
 * only 53 bits, so the count is split by hand: 2^32 ticks = 429 s + 4967296 ticks, and while
 * `high` < 2^29 (until about the year 8900) every step below stays exact. Later times take BigInt.
 */
export function formatFiletime(low: number, high: number): string {
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
  const [year, month, day] = civilFromDays(days - DAYS_1601_TO_1970);
  const micros = Math.floor(remainderTicks / 10);
  return formatIsoUtc(
    year,
    month,
    day,
    Math.floor(secOfDay / 3600),
    Math.floor(secOfDay / 60) % 60,
    secOfDay % 60,
    micros,
  );
}

/** Epoch milliseconds of a FILETIME given as its two 32-bit halves (sub-ms rounding is harmless). */
export function filetimeToEpochMs(low: number, high: number): number {
  return (high * 4294967296 + low) / 10000 - 11644473600000;
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
