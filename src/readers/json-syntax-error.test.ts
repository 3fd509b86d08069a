import { describe, expect, it } from 'vitest';
import { jsonSyntaxErrorIndex } from './json-syntax-error.js';

describe('jsonSyntaxErrorIndex', () => {
  it.each([
    ['{"a":1,}', 7],
    ['{"a" 1}', 5],
    ['{"a":tru}', 5],
    ['[1,2', 4],
    ['{"a":"x\ty"}', 7],
    ['{"a":"\\q"}', 7],
    ['{"a":"\\u12G4"}', 8],
    ['{"a":1} x', 8],
    ['{a:1}', 1],
    ['{"a":[1,{"b":-}]}', 13],
    ['', 0],
  ])('finds the first bad character of %j at %i', (text, index) => {
    expect(jsonSyntaxErrorIndex(text)).toBe(index);
  });

  it('says -1 for valid JSON, however deep', () => {
    expect(jsonSyntaxErrorIndex(' {"a": [1, -2.5e3, true, null, {"b": "\\u00e9\\n"}], "c": {}} ')).toBe(-1);
    expect(jsonSyntaxErrorIndex('['.repeat(100_000) + ']'.repeat(100_000))).toBe(-1);
  });
});
