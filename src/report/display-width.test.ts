import { beforeAll, describe, expect, it } from 'vitest';
import { cutToWidth, displayWidth, loadDisplayWidth } from './display-width.js';

beforeAll(loadDisplayWidth);

describe('displayWidth', () => {
  it('counts CJK characters and emoji as two columns, accents and joiners as none', () => {
    expect(displayWidth('svc')).toBe(3);
    expect(displayWidth('東京サーバー')).toBe(12);
    expect(displayWidth('👍')).toBe(2); // two UTF-16 units, two columns
    expect(displayWidth('👨‍👩‍👧')).toBe(2); // a family: eight UTF-16 units, one picture
    expect(displayWidth('e\u0301')).toBe(1); // e and a combining acute accent
    expect(displayWidth('\u001b[31mhigh\u001b[0m')).toBe(4);
  });
});

describe('cutToWidth', () => {
  it('leaves text that fits as it is, also at an unlimited width', () => {
    expect(cutToWidth('PSEXESVC', 8)).toBe('PSEXESVC');
    expect(cutToWidth('東京', 4)).toBe('東京');
    expect(cutToWidth('x'.repeat(10_000), Number.POSITIVE_INFINITY)).toBe('x'.repeat(10_000));
  });

  it('cuts to the width, the ellipsis included', () => {
    expect(cutToWidth('PSEXESVC.exe', 8)).toBe('PSEXESV…');
    expect(cutToWidth('東京サーバー', 7)).toBe('東京サ…');
    // A wide character that would straddle the edge is left out whole: one column stays empty.
    expect(cutToWidth('東京サーバー', 6)).toBe('東京…');
    expect(displayWidth(cutToWidth('東京サーバー', 6))).toBe(5);
  });

  it('never splits a surrogate pair, an emoji sequence or a letter from its accent', () => {
    expect(cutToWidth('ab👍cd', 4)).toBe('ab…');
    expect(cutToWidth('ab👍cd', 5)).toBe('ab👍…');
    expect(cutToWidth('a👨‍👩‍👧bcd', 4)).toBe('a👨‍👩‍👧…');
    expect(cutToWidth('cafe\u0301 noir', 5)).toBe('cafe\u0301…');
  });

  it('gives nothing at a width below one column', () => {
    expect(cutToWidth('abc', 0)).toBe('');
    expect(cutToWidth('東京', 0)).toBe('');
  });
});
