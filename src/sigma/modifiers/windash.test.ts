import { describe, expect, it } from 'vitest';
import type { ModifierValue } from './modifier-value.js';
import { formatSigmaString, parseSigmaString } from './sigma-string.js';
import { windash } from './windash.js';

const run = (text: string): string[] =>
  windash({ kind: 'string', value: parseSigmaString(text, false) } as ModifierValue).map((v) =>
    v.kind === 'string' ? formatSigmaString(v.value) : 'bytes',
  );

describe('windash', () => {
  it('turns a flag dash into each of - / en-dash em-dash horizontal-bar', () => {
    expect(run(' -enc ')).toEqual([' -enc ', ' /enc ', ' \u2013enc ', ' \u2014enc ', ' \u2015enc ']);
  });

  it('also starts from a slash', () => {
    expect(run('/c')).toHaveLength(5);
    expect(run('/c')).toContain('-c');
  });

  it('makes every combination for several flags', () => {
    const variants = run('-a -b');
    expect(variants).toHaveLength(25);
    expect(variants).toContain('\u2014a /b');
  });

  it('leaves a dash inside a word alone', () => {
    expect(run('-param-name')).toEqual([
      '-param-name',
      '/param-name',
      '\u2013param-name',
      '\u2014param-name',
      '\u2015param-name',
    ]);
  });

  it('keeps wildcards in place', () => {
    expect(run('* -f *')).toContain('* /f *');
  });
});
