/**
 * Case-insensitive search for many ASCII substrings in raw text, in one pass and without lower-casing
 * (allocating) the text: each text character is folded as `toLowerCase` would fold it into ASCII
 * (A–Z, the Kelvin sign U+212A to `k`, U+0130 to `i`), and only needles starting with that folded
 * character are compared. Keyword rules run on every event of their product, so this is hot.
 */
import type { TextTest } from './string-matcher.js';

function fold(c: number): number {
  if (c >= 65 && c <= 90) return c | 0x20;
  if (c < 128) return c;
  if (c === 0x212a) return 0x6b;
  if (c === 0x130) return 0x69;
  return c;
}

/** Whether every needle is ASCII (the only case this search folds exactly). */
export function isAsciiText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** A test over raw text: does it contain any of `needles` (lower-case ASCII) case-insensitively? */
export function foldedContainsAny(needles: readonly string[]): TextTest {
  if (needles.includes('')) return () => true;
  const byFirst: (readonly string[] | undefined)[] = new Array<readonly string[] | undefined>(128);
  for (const needle of needles) byFirst[needle.charCodeAt(0)] = [...(byFirst[needle.charCodeAt(0)] ?? []), needle];
  return (s) => {
    const last = s.length;
    for (let i = 0; i < last; i++) {
      const candidates = byFirst[fold(s.charCodeAt(i))];
      if (candidates === undefined) continue;
      for (const needle of candidates) {
        if (i + needle.length > last) continue;
        let j = 1;
        while (j < needle.length && fold(s.charCodeAt(i + j)) === needle.charCodeAt(j)) j++;
        if (j === needle.length) return true;
      }
    }
    return false;
  };
}
