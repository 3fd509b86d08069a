// Windows time encodings used by BinXML values and record headers: FILETIME (100 ns ticks since
// 1601-01-01 UTC, MS-DTYP §2.3.3) and SYSTEMTIME (eight 16-bit fields, MS-DTYP §2.3.13). Input is
// ISO 8601 UTC text with up to seven fractional digits, so a test can pin the full 100 ns precision.

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?Z$/;
const TICKS_PER_MS = 10_000n;
const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n; // 1970-01-01 in FILETIME ticks

interface UtcParts {
  readonly epochMs: number; // whole seconds only, in ms
  readonly ticks: bigint; // the fraction of the second, in 100 ns ticks
}

function parseUtc(iso: string): UtcParts {
  const m = ISO_UTC.exec(iso);
  if (m === null) throw new TypeError(`not an ISO 8601 UTC time with at most 7 fractional digits: ${iso}`);
  const [, year, month, day, hour, minute, second, fraction = ''] = m;
  const epochMs = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  return { epochMs, ticks: BigInt(fraction.padEnd(7, '0')) };
}

/** FILETIME ticks for an ISO 8601 UTC time. */
export function filetimeFromIso(iso: string): bigint {
  const { epochMs, ticks } = parseUtc(iso);
  return FILETIME_UNIX_EPOCH + BigInt(epochMs) * TICKS_PER_MS + ticks;
}

/** The 16 bytes of a SYSTEMTIME; its precision is one millisecond, so finer digits are dropped. */
export function systemTimeBytes(iso: string): Uint8Array {
  const { epochMs, ticks } = parseUtc(iso);
  const date = new Date(epochMs);
  const fields = [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDay(),
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    Number(ticks / TICKS_PER_MS),
  ];
  const bytes = Buffer.alloc(16);
  fields.forEach((value, i) => bytes.writeUInt16LE(value, i * 2));
  return bytes;
}
