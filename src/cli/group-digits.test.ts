import { describe, expect, it } from 'vitest';
import { groupDigits } from './group-digits.js';

describe('groupDigits', () => {
  it("writes integers as toLocaleString('en') does", () => {
    const values = [0, -0, 7, 12, 999, 1000, 1234, 99_999, 100_000, 1_234_567, -1, -1234, -999_999, 2 ** 53 - 1];
    for (let v = 1; v < 1e15; v *= 7) values.push(v, -v);
    for (const value of values) expect(groupDigits(value), String(value)).toBe(value.toLocaleString('en'));
  });

  it('leaves other numbers to toLocaleString', () => {
    expect(groupDigits(1234.5)).toBe('1,234.5');
    expect(groupDigits(Number.NaN)).toBe('NaN');
  });
});
