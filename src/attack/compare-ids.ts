/**
 * The one order of ATT&CK and SP 800-53 ids everywhere (generated table, contexts, CLI): runs of
 * digits compare as numbers, so `AC-2` < `AC-17` and `T1569` < `T1569.002` < `T1570`.
 */

const CHUNKS = /\d+|\D+/g;

/** Compares two ids chunk by chunk: digit runs by value, other text by code unit. */
export function compareIds(a: string, b: string): number {
  const left = a.match(CHUNKS) ?? [];
  const right = b.match(CHUNKS) ?? [];
  const count = Math.min(left.length, right.length);
  for (let i = 0; i < count; i++) {
    const x = left[i] as string;
    const y = right[i] as string;
    if (x === y) continue;
    const bothDigits = isDigits(x) && isDigits(y);
    if (bothDigits && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  if (left.length !== right.length) return left.length - right.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDigits(text: string): boolean {
  const c = text.charCodeAt(0);
  return c >= 48 && c <= 57;
}
