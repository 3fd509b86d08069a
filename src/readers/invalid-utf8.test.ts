import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from './invalid-utf8.js';

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('firstInvalidUtf8', () => {
  it.each([
    ['a lone continuation byte', bytes('ab', [0x80], 'c'), 2],
    ['a lead byte cut short at the end', bytes('ab', [0xe2, 0x82]), 2],
    ['an overlong form', bytes('a', [0xc0, 0xaf]), 1],
    ['an overlong three-byte form', bytes([0xe0, 0x80, 0xaf]), 0],
    ['a UTF-16 surrogate', bytes('x', [0xed, 0xa0, 0x80]), 1],
    ['a code point past U+10FFFF', bytes([0xf4, 0x90, 0x80, 0x80]), 0],
    ['Latin-1 text', bytes('caf', [0xe9], ' ok'), 3],
  ])('finds %s', (_name, input, index) => {
    expect(isUtf8(input)).toBe(false);
    expect(firstInvalidUtf8(input)).toBe(index);
  });

  it('says -1 for well-formed text of every length', () => {
    expect(firstInvalidUtf8(bytes('aé€😀'))).toBe(-1);
  });
});
