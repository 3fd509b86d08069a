import { describe, expect, it } from 'vitest';
import { regexLiterals } from './regex-literals.js';

const three = (source: string) => regexLiterals(source, 3);

describe('regexLiterals', () => {
  it('finds the longest certain run', () => {
    expect(three('ipconfig\\s+/all')).toEqual(['ipconfig']);
    expect(three('\\$PSHome\\[\\s*\\d{1,3}\\s*\\]')).toEqual(['$pshome[']);
    expect(three('aaa+b')).toEqual(['aaa']);
  });

  it('unites top-level alternatives and needs each to have a literal', () => {
    expect(three('abc|xyz')).toEqual(['abc', 'xyz']);
    expect(three('abc|x')).toBeUndefined();
  });

  it('reads a group of literal alternatives as a disjunction', () => {
    expect(three('\\bsc(\\.exe)?\\s+(\\\\\\\\\\S+\\s+)?(create|config)\\s')).toEqual(['create', 'config']);
  });

  it('joins a literal group into the run, case-insensitive groups only when case does not matter', () => {
    expect(three('^[A-Za-z]:\\\\(?i:windows)\\\\[A-Za-z]{8}\\.(?i:exe)$')).toEqual([':\\windows\\']);
    expect(regexLiterals('^[A-Za-z]:\\\\(?i:windows)\\\\x', 1, true)).toEqual([':\\']);
  });

  it('leaves optional parts, classes and look-arounds out', () => {
    expect(three('(a|bc)x')).toBeUndefined();
    expect(three('[abc]def?g')).toBeUndefined();
    expect(three('https?://0[0-9]{3,11}')).toEqual(['http']);
    expect(three('(?=abc)d')).toBeUndefined();
    expect(regexLiterals('systemd-run\\s+(\\S*/)?python', 1, true)).toEqual(['systemd-run']);
    expect(three('x(abc\\d)?y')).toBeUndefined();
    expect(three('x(abc\\d)+y')).toEqual(['abc']);
  });

  it('lower-cases unless asked to keep case, and skips a leading (?i)', () => {
    expect(three('(?i)Invoke-Mimikatz')).toEqual(['invoke-mimikatz']);
    expect(regexLiterals('Invoke', 3, true)).toEqual(['Invoke']);
    expect(regexLiterals('(?i)\\$\\{`?e`?n', 1, true)).toEqual(['${']);
  });

  it('gives no literal where it cannot size the pattern, so the prefilter never hides a match', () => {
    for (const source of [
      '\\x2Dencodedcommand',
      'x\\101BCDEF',
      '\\p{Cyrillic}',
      'a\\pLbcd',
      'ab[[:alpha:]]cd',
      '^(?i)whoami',
      'x(?i)abcdef',
      '\\u2014encodedcommand',
      'x\\cAbcd',
      '(?P<q>a)\\k<q>bcdef',
    ])
      expect(three(source), source).toBeUndefined();
    // An escaped backslash before p or x is a backslash and a letter: still read.
    expect(three('C:\\\\powershell')).toEqual(['c:\\powershell']);
  });
});
