import { describe, expect, it } from 'vitest';
import { isoTime } from '../report/index.js';
import { MAX_TIME_MS, usableTime } from './event-time.js';

describe('usableTime', () => {
  it('keeps every time a Date holds and makes the rest NaN', () => {
    expect(usableTime(0)).toBe(0);
    expect(usableTime(MAX_TIME_MS)).toBe(MAX_TIME_MS);
    expect(usableTime(-MAX_TIME_MS)).toBe(-MAX_TIME_MS);
    for (const bad of [MAX_TIME_MS + 1, -MAX_TIME_MS - 1, 99999999999999000, Infinity, -Infinity, NaN])
      expect(usableTime(bad)).toBeNaN();
  });

  it('is what isoTime formats: a time past the range is no time, not an exception', () => {
    expect(isoTime(MAX_TIME_MS)).toBe('+275760-09-13T00:00:00.000Z');
    expect(isoTime(MAX_TIME_MS + 1)).toBeNull();
  });
});
