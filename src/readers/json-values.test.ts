import { describe, expect, it } from 'vitest';
import { splitJsonValues, type JsonValueError } from './json-values.js';

describe('splitJsonValues', () => {
  it('splits text in memory as the streaming scanner splits a file', () => {
    const errors: JsonValueError[] = [];
    const text = '{\n  "a": 1\n}\n{"b":2}\n[{"c":3}]\n{"d":\n{"e":7}';
    const values = [...splitJsonValues(text, (e) => errors.push(e))];
    expect(values).toEqual([
      { value: { a: 1 }, line: 1, offset: 0 },
      { value: { b: 2 }, line: 4, offset: text.indexOf('{"b"') },
      { value: { c: 3 }, line: 5, offset: text.indexOf('{"c"') },
      { value: { e: 7 }, line: 7, offset: text.indexOf('{"e"') },
    ]);
    expect(errors).toMatchObject([{ line: 6, column: 1, offset: text.indexOf('{"d"') }]);
  });

  it('takes bytes as well as text', () => {
    const values = [...splitJsonValues(Buffer.from('{"é":1} {"b":2}'), () => undefined)];
    expect(values.map((v) => [v.value, v.offset])).toEqual([
      [{ é: 1 }, 0],
      [{ b: 2 }, 9],
    ]);
  });
});
