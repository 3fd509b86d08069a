/**
 * Finds where bytes stop being well-formed UTF-8 (RFC 3629 §4: no overlong forms, no surrogates,
 * nothing past U+10FFFF). Only called once `buffer.isUtf8` has said a value is bad, to locate it.
 */

/** Index of the first byte of the first ill-formed sequence, or -1 when all of it is well-formed. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0; // overlong
      if (b === 0xed) high = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90; // overlong
      if (b === 0xf4) high = 0x8f; // past U+10FFFF
    } else return i;
    if (i + need >= n) return i; // cut short
    const second = bytes[i + 1]!;
    if (second < low || second > high) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}
