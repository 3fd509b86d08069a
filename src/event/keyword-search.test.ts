import { describe, expect, it } from 'vitest';
import { KeywordSearch } from './keyword-search.js';

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** The definition the search stands in for: a case-insensitive Unicode expression of the words. */
const byRegex = (words: readonly string[], text: string): boolean =>
  new RegExp(words.map(escape).join('|'), 'iu').test(text);

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('KeywordSearch', () => {
  it('takes ASCII words of three characters or more without NUL only', () => {
    expect(KeywordSearch.of(['sekurlsa::'])).toBeDefined();
    expect(KeywordSearch.of(['ab'])).toBeUndefined();
    expect(KeywordSearch.of(['sekurlsa::', 'über'])).toBeUndefined();
    expect(KeywordSearch.of(['a\u0000b'])).toBeUndefined();
    expect(KeywordSearch.of([])).toBeUndefined();
  });

  it('finds words anywhere, ignoring case, whatever the gram step', () => {
    const search = KeywordSearch.of(['sekurlsa::', 'privilege::debug'])!;
    expect(search.step).toBe(8);
    for (let at = 0; at < 12; at++) {
      expect(search.inText(`${'x'.repeat(at)}SekurLSA::logonpasswords`)).toBe(true);
      expect(search.inText(`${'x'.repeat(at)}PRIVILEGE::DEBUG`)).toBe(true);
      expect(search.inText(`${'x'.repeat(at)}SeDebugPrivilege privilege:debug`)).toBe(false);
    }
    expect(search.inText('sekurlsa:')).toBe(false);
  });

  it('folds the Kelvin sign and the long s onto ASCII as the Unicode expression does, and nothing else', () => {
    const search = KeywordSearch.of(['kerberos::golden', 'misc::skeleton'])!;
    expect(search.inText('\u212Aerberos::golden')).toBe(true);
    expect(search.inText('mi\u017Fc::\u017F\u212Aeleton')).toBe(true);
    expect(search.inText('kerberos::g\u00F6lden')).toBe(false);
    // Every BMP unit that folds onto an ASCII character under /iu is one the search folds.
    const folds: string[] = [];
    for (let unit = 0x80; unit <= 0xffff; unit++) {
      const char = String.fromCharCode(unit);
      for (let ascii = 0x21; ascii < 0x7f; ascii++) {
        if (new RegExp(escape(String.fromCharCode(ascii)), 'iu').test(char)) folds.push(unit.toString(16));
      }
    }
    expect([...new Set(folds)]).toEqual(['17f', '212a']);
  });

  it('agrees with the regular expression on random texts and words', () => {
    const next = random(1569);
    const alphabet = 'abcKSks:.\\- \u212A\u017F\u00E9\uD83D\uDE00';
    const pick = (length: number): string =>
      Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    let found = 0;
    for (let round = 0; round < 3000; round++) {
      const words = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
        pick(3 + Math.floor(next() * 8)).replace(/[^\x20-\x7e]/g, 'a'),
      );
      const search = KeywordSearch.of(words)!;
      const text = pick(Math.floor(next() * 40)) + (next() < 0.5 ? words[0]!.toUpperCase() : '') + pick(5);
      const expected = byRegex(words, text);
      expect(search.inText(text), `${JSON.stringify(words)} in ${JSON.stringify(text)}`).toBe(expected);
      if (expected) found++;
    }
    expect(found).toBeGreaterThan(1000);
  });

  it('reads values as keyword search does: list items, numbers and booleans as text, null as nothing', () => {
    const search = KeywordSearch.of(['evil', '4688', 'true'])!;
    expect(search.inValue(['good', 'EVIL'])).toBe(true);
    expect(search.inValue(4688)).toBe(true);
    expect(search.inValue(true)).toBe(true);
    expect(search.inValue(null)).toBe(false);
    expect(search.inValue([null, 'good'])).toBe(false);
    expect(search.inValue(undefined)).toBe(false);
  });
});
