import { describe, expect, it } from 'vitest';
import { formatSigmaString, parseSigmaString } from './sigma-string.js';

const parse = (value: string, placeholders = false) => parseSigmaString(value, placeholders);

describe('parseSigmaString', () => {
  it('reads * and ? as wildcards', () => {
    expect(parse('a*b?c')).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'star' },
      { kind: 'text', text: 'b' },
      { kind: 'one' },
      { kind: 'text', text: 'c' },
    ]);
  });

  it('reads \\* and \\? as literal characters', () => {
    expect(parse('a\\*b\\?')).toEqual([{ kind: 'text', text: 'a*b?' }]);
  });

  it('keeps a backslash before an ordinary character, so Windows paths need no escaping', () => {
    expect(parse('C:\\Windows\\System32\\sc.exe')).toEqual([{ kind: 'text', text: 'C:\\Windows\\System32\\sc.exe' }]);
  });

  it('reads \\\\* as a literal backslash followed by a wildcard', () => {
    expect(parse('C:\\\\*')).toEqual([{ kind: 'text', text: 'C:\\' }, { kind: 'star' }]);
  });

  it('reads \\\\\\* as a literal backslash followed by a literal star', () => {
    expect(parse('a\\\\\\*')).toEqual([{ kind: 'text', text: 'a\\*' }]);
  });

  it('reads \\\\\\\\ as two backslashes, and so does \\\\\\ at the end', () => {
    expect(parse('\\\\\\\\')).toEqual([{ kind: 'text', text: '\\\\' }]);
    expect(parse('\\\\\\')).toEqual([{ kind: 'text', text: '\\\\' }]);
  });

  it('keeps a trailing single backslash', () => {
    expect(parse('dir\\')).toEqual([{ kind: 'text', text: 'dir\\' }]);
  });

  it('reads %name% as a placeholder only under expand, and \\% as a literal percent there', () => {
    expect(parse('%Admins%')).toEqual([{ kind: 'text', text: '%Admins%' }]);
    expect(parse('x%Admins%y', true)).toEqual([
      { kind: 'text', text: 'x' },
      { kind: 'placeholder', name: 'Admins' },
      { kind: 'text', text: 'y' },
    ]);
    expect(parse('100\\%', true)).toEqual([{ kind: 'text', text: '100%' }]);
  });

  it('formats back to the same value', () => {
    for (const value of ['a*b?c', 'a\\*b', 'C:\\Windows\\', 'C:\\\\*']) {
      expect(parse(formatSigmaString(parse(value)))).toEqual(parse(value));
    }
  });
});
