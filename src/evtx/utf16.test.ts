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

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('keywordInUtf16', () => {
  const search = KeywordSearch.of(['sekurlsa::', 'lsadump::'])!;
  const units = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

  it('finds a word in the bytes, ignoring case', () => {
    const { bytes, at } = unitsAt(units('x mimikatz SEKURLSA::logonpasswords'));
    expect(keywordInUtf16(bytes, at, 35, search)).toBe(true);
  });

  it('stops at a NUL, as decoding does, even one the looked-at grams step over', () => {
    for (let nul = 0; nul < 12; nul++) {
      const text = units('abcdefghijklsekurlsa::');
      text[nul] = 0;
      const { bytes, at } = unitsAt(text);
      expect(keywordInUtf16(bytes, at, text.length, search), `NUL at ${nul}`).toBe(false);
    }
  });

  it('answers as a search of the decoded text does, on random units', () => {
    const next = random(7045);
    const pool = [
      0,
      0x20,
      0x3a,
      0x53,
      0x73,
      0x65,
      0x6b,
      0x4b,
      0x212a,
      0x17f,
      0xd800,
      0xdc00,
      0xe9,
      ...units('urlsadmp'),
    ];
    let found = 0;
    for (let round = 0; round < 5000; round++) {
      const text = Array.from({ length: Math.floor(next() * 30) }, () => pool[Math.floor(next() * pool.length)]!);
      if (next() < 0.5)
        text.splice(Math.floor(next() * text.length), 0, ...units(next() < 0.5 ? 'SeKuRlSa::' : 'lsadump::'));
      const { bytes, at } = unitsAt(text);
      const expected = search.inText(readUtf16UntilNul(bytes, at, text.length));
      expect(keywordInUtf16(bytes, at, text.length, search), JSON.stringify(text)).toBe(expected);
      if (expected) found++;
    }
    expect(found).toBeGreaterThan(500);
  });
});
