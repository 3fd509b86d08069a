/**
 * UTF-16LE text out of chunk bytes. Most EVTX names and values are short ASCII, so those are built
 * char by char (no decoder call, no subarray); anything else goes through one shared TextDecoder.
 */

const decoder = new TextDecoder('utf-16le');

/** Strings up to this many code units try the ASCII loop first; longer ones go to the decoder. */
const ASCII_FAST_PATH_MAX_UNITS = 48;

/** Decodes `units` UTF-16LE code units at `at`; the caller has checked the bytes are there. */
export function readUtf16(bytes: Uint8Array, at: number, units: number): string {
  if (units <= ASCII_FAST_PATH_MAX_UNITS) {
    let text = '';
    let i = at;
    const end = at + units * 2;
    for (; i < end; i += 2) {
      const lo = bytes[i]!;
      if (lo >= 0x80 || bytes[i + 1] !== 0) break;
      text += String.fromCharCode(lo);
    }
    if (i === end) return text;
  }
  return decoder.decode(bytes.subarray(at, at + units * 2));
}

/** Like `readUtf16`, but stops at the first NUL code unit (substitution strings may carry one). */
export function readUtf16UntilNul(bytes: Uint8Array, at: number, units: number): string {
  let n = 0;
  while (n < units && (bytes[at + n * 2] !== 0 || bytes[at + n * 2 + 1] !== 0)) n++;
  return readUtf16(bytes, at, n);
}
