import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { MAX_THREADS, parseThreads } from './parse-threads.js';

describe('parseThreads', () => {
  it('takes whole numbers from 1 to the maximum, whatever the cores here', () => {
    expect(parseThreads('1')).toBe(1);
    expect(parseThreads(' 8 ')).toBe(8);
    expect(parseThreads('64')).toBe(64);
    expect(parseThreads(String(MAX_THREADS))).toBe(MAX_THREADS);
  });

  it('refuses more than the maximum as a usage error that names it', () => {
    expect(MAX_THREADS).toBe(256);
    for (const value of ['257', '100000', '99999999999999999999'])
      expect(() => parseThreads(value), value).toThrow(
        new InvalidArgumentError(`at most 256 (each thread is a JavaScript engine of its own, ~27 MB)`),
      );
  });

  it('refuses what is not a whole number of threads written in digits', () => {
    for (const value of ['0', '-1', '1.5', '', ' ', 'two', '1e2', '0x10', '+4', 'Infinity'])
      expect(() => parseThreads(value), JSON.stringify(value)).toThrow(
        /expected a whole number of threads from 1 to 256/,
      );
  });
});
