import { describe, expect, it } from 'vitest';
import { foldUnit, KeywordSearch } from './keyword-search.js';

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('KeywordSearch', () => {
  it('scans undecoded text only for ASCII words of three characters or more without NUL', () => {
    expect(KeywordSearch.of(['sekurlsa::']).scannable).toBe(true);
    expect(KeywordSearch.of(['ab']).scannable).toBe(false);
    expect(KeywordSearch.of(['sekurlsa::', 'über']).scannable).toBe(false);
    expect(KeywordSearch.of(['a\u0000bc']).scannable).toBe(false);
    expect(() => KeywordSearch.of([])).toThrow(RangeError);
    expect(() => KeywordSearch.of(['x', ''])).toThrow(RangeError);
  });

  it('looks at every step-th gram, the shortest word deciding the step (at most 8)', () => {
    expect(KeywordSearch.of(['sekurlsa::', 'privilege::debug']).step).toBe(8);
    expect(KeywordSearch.of(['lsadump::', 'privilege::debug']).step).toBe(7);
    expect(KeywordSearch.of(['cmd', 'privilege::debug']).step).toBe(1);
  });

  it('finds words in strings as the case-insensitive Unicode expression does', () => {
    const search = KeywordSearch.of(['kerberos::golden', 'misc::skeleton', 'a.b']);
    expect(search.inText('x KERBEROS::Golden')).toBe(true);
    expect(search.inText('\u212Aerberos::golden')).toBe(true);
    expect(search.inText('mi\u017Fc::\u017F\u212Aeleton')).toBe(true);
    expect(search.inText('kerberos::g\u00F6lden')).toBe(false);
    expect(search.inText('axb')).toBe(false);
  });

  it('folds units as the Unicode expression does: the Kelvin sign and the long s onto ASCII, nothing else', () => {
    // Every BMP unit against every printable ASCII character: the scan of undecoded bytes relies on it.
    const ascii = Array.from({ length: 0x7f - 0x21 }, (_, i) => String.fromCharCode(0x21 + i));
    const expressions = ascii.map((char) => new RegExp(`^${escape(char)}$`, 'iu'));
    for (let unit = 0; unit <= 0xffff; unit++) {
      const char = String.fromCharCode(unit);
      ascii.forEach((a, i) => {
        const matches = expressions[i]!.test(char);
        if (matches !== (foldUnit(unit) === foldUnit(a.charCodeAt(0))))
          throw new Error(`U+${unit.toString(16)} against ${a}: the expression says ${matches}`);
      });
    }
  });

  it('reads values as keyword search does: list items, numbers and booleans as text, null as nothing', () => {
    const search = KeywordSearch.of(['evil', '4688', 'true']);
    expect(search.inValue(['good', 'EVIL'])).toBe(true);
    expect(search.inValue(4688)).toBe(true);
    expect(search.inValue(true)).toBe(true);
    expect(search.inValue(null)).toBe(false);
    expect(search.inValue([null, 'good'])).toBe(false);
    expect(search.inValue(undefined)).toBe(false);
  });
});
