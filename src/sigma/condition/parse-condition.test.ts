import { describe, expect, it } from 'vitest';
import type { ConditionSyntaxError } from './parse-condition.js';
import { parseCondition } from './parse-condition.js';

const ids = [
  'selection',
  'selection_img',
  'selection_cli',
  'filter_main',
  'filter_optional',
  '_private',
  'a',
  'b',
  'c',
];
const parse = (text: string) => parseCondition(text, ids);
const codeOf = (text: string): string => {
  try {
    parse(text);
    return 'OK';
  } catch (err) {
    return (err as ConditionSyntaxError).code;
  }
};

describe('parseCondition', () => {
  it('binds not tighter than and, and and tighter than or', () => {
    expect(parse('a and not b or c')).toEqual({
      kind: 'or',
      children: [
        {
          kind: 'and',
          children: [
            { kind: 'ref', name: 'a' },
            { kind: 'not', child: { kind: 'ref', name: 'b' } },
          ],
        },
        { kind: 'ref', name: 'c' },
      ],
    });
  });

  it('honours parentheses', () => {
    expect(parse('a and (b or c)')).toEqual({
      kind: 'and',
      children: [
        { kind: 'ref', name: 'a' },
        {
          kind: 'or',
          children: [
            { kind: 'ref', name: 'b' },
            { kind: 'ref', name: 'c' },
          ],
        },
      ],
    });
  });

  it('expands 1 of / any of / all of with a pattern anchored at both ends', () => {
    expect(parse('1 of selection_*')).toEqual({
      kind: 'of',
      quantifier: 'any',
      pattern: 'selection_*',
      names: ['selection_img', 'selection_cli'],
    });
    expect(parse('any of filter_*')).toMatchObject({ quantifier: 'any', names: ['filter_main', 'filter_optional'] });
    expect(parse('all of selection*')).toMatchObject({
      quantifier: 'all',
      names: ['selection', 'selection_img', 'selection_cli'],
    });
  });

  it('leaves identifiers starting with _ out of them', () => {
    expect(parse('all of them')).toMatchObject({ names: ids.filter((i) => !i.startsWith('_')) });
    expect(parse('1 of _*')).toMatchObject({ names: ['_private'] });
  });

  it('nests x of inside not and parentheses', () => {
    expect(parse('selection and not (1 of filter_* or all of selection_*)')).toMatchObject({
      kind: 'and',
      children: [{ kind: 'ref' }, { kind: 'not', child: { kind: 'or', children: [{ kind: 'of' }, { kind: 'of' }] } }],
    });
  });

  it('reports what is wrong, with a code', () => {
    expect(codeOf('selection and')).toBe('BAD_CONDITION');
    expect(codeOf('(a or b')).toBe('BAD_CONDITION');
    expect(codeOf('a b')).toBe('BAD_CONDITION');
    expect(codeOf('missing')).toBe('UNDEFINED_IDENTIFIER');
    expect(codeOf('1 of nothing_*')).toBe('NO_MATCHING_IDENTIFIER');
    expect(codeOf('2 of selection_*')).toBe('UNSUPPORTED_QUANTIFIER');
    expect(codeOf('a | count() by b > 5')).toBe('UNSUPPORTED_AGGREGATION');
    expect(codeOf('a | near b')).toBe('UNSUPPORTED_AGGREGATION');
    expect(codeOf('')).toBe('BAD_CONDITION');
  });

  it('gives the offset of the offending token', () => {
    expect(() => parse('a and missing')).toThrow(expect.objectContaining({ offset: 6 }));
  });
});
