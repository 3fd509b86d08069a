import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { KeywordSearch } from '../event/index.js';
import { keywordInUtf16, readUtf16UntilNul } from './utf16.js';

/** UTF-16LE bytes of these code units, at an odd offset inside a larger buffer, as chunk values sit. */
function unitsAt(units: readonly number[]): { bytes: Buffer; at: number } {
  const bytes = Buffer.alloc(3 + units.length * 2 + 4, 0x41);
  units.forEach((unit, i) => bytes.writeUInt16LE(unit, 3 + 2 * i));
  return { bytes, at: 3 };
}

const units = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** The definition: a case-insensitive Unicode expression of the words, on the decoded text. */
const byRegex = (words: readonly string[], text: string): boolean =>
  new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'iu').test(text);

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('keywordInUtf16', () => {
  const search = KeywordSearch.of(['sekurlsa::', 'privilege::debug']);

  it('finds words anywhere, ignoring case, whatever their place against the looked-at grams', () => {
    expect(search.step).toBe(8);
    for (let at = 0; at < 12; at++) {
      for (const [text, found] of [
        [`${'x'.repeat(at)}SekurLSA::logonpasswords`, true],
        [`${'x'.repeat(at)}PRIVILEGE::DEBUG`, true],
        [`${'x'.repeat(at)}SeDebugPrivilege privilege:debug`, false],
        [`${'x'.repeat(at)}sekurlsa:`, false],
      ] as const) {
        const { bytes, at: start } = unitsAt(units(text));
        expect(keywordInUtf16(bytes, start, text.length, search), text).toBe(found);
      }
    }
  });

  it('stops at a NUL, as decoding does, even one the looked-at grams step over', () => {
    for (let nul = 0; nul < 12; nul++) {
      const text = units('abcdefghijklsekurlsa::');
      text[nul] = 0;
      const { bytes, at } = unitsAt(text);
      expect(keywordInUtf16(bytes, at, text.length, search), `NUL at ${nul}`).toBe(false);
    }
  });

  it('answers as the expression does on the decoded text, for random words, steps and units', () => {
    const next = random(7045);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const wordChars = 'abcKSks:.\\- ';
    const pool = [0, 0x20, 0x3a, 0x53, 0x73, 0x4b, 0x6b, 0x212a, 0x17f, 0xd800, 0xdc00, 0xe9, ...units('abc:.\\-')];
    const steps = new Set<number>();
    let found = 0;
    for (let round = 0; round < 6000; round++) {
      const words = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
        Array.from({ length: 3 + Math.floor(next() * 12) }, () => pick([...wordChars])).join(''),
      );
      const wordSearch = KeywordSearch.of(words);
      steps.add(wordSearch.step);
      const text = Array.from({ length: Math.floor(next() * 40) }, () => pick(pool));
      if (next() < 0.6) text.splice(Math.floor(next() * text.length), 0, ...units(words[0]!.toUpperCase()));
      const { bytes, at } = unitsAt(text);
      const expected = byRegex(words, readUtf16UntilNul(bytes, at, text.length));
      expect(keywordInUtf16(bytes, at, text.length, wordSearch), `${JSON.stringify(words)} in ${text}`).toBe(expected);
      if (expected) found++;
    }
    expect(found).toBeGreaterThan(1500);
    expect([...steps].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
