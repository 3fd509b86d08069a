import { describe, expect, it } from 'vitest';
import { cutJsonNesting, jsonFieldValue, MAX_JSON_NESTING } from './json-field-values.js';
import type { JsonObject } from './json-shape.js';

/** `{"v": [[…[1]…]]}`: the record's own object plus `arrays` nested arrays. */
function nested(arrays: number): JsonObject {
  let value: unknown = 1;
  for (let i = 0; i < arrays; i++) value = [value];
  return { v: value };
}

describe('cutJsonNesting', () => {
  it('leaves a record of MAX_JSON_NESTING levels alone, without copying it', () => {
    expect(cutJsonNesting(nested(MAX_JSON_NESTING - 1))).toBeUndefined();
    expect(cutJsonNesting({ EventID: 4688, Data: [{ Name: 'a', '#text': 'b' }] })).toBeUndefined();
  });

  it('cuts what nests deeper to "[…]" or "{…}" and keeps the members beside it', () => {
    const cut = cutJsonNesting({ ...nested(MAX_JSON_NESTING), o: { a: { b: { c: 1 } } }, s: 'x' }, 3);
    expect(cut).toEqual({ v: [['[…]']], o: { a: { b: '{…}' } }, s: 'x' });
  });

  it('turns a record nested 5,000 deep into bounded field text without overflowing the stack', () => {
    const cut = cutJsonNesting(nested(5000))!;
    // The record is level 1 and `v` level 2: the item of `v` keeps 98 levels, then the cut.
    const levels = MAX_JSON_NESTING - 2;
    expect(jsonFieldValue(cut['v'])).toEqual([`${'['.repeat(levels)}"[…]"${']'.repeat(levels)}`]);
  });

  it('keeps a member named __proto__ as a member, as JSON.parse made it', () => {
    const object = JSON.parse('{"__proto__": {"a": {"b": 1}}, "x": 1}') as JsonObject;
    const cut = cutJsonNesting(object, 2)!;
    expect(Object.keys(cut)).toEqual(['__proto__', 'x']);
    expect(Object.getPrototypeOf(cut)).toBe(Object.prototype);
  });
});
