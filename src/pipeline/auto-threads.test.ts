import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { autoThreads } from './auto-threads.js';

describe('autoThreads', () => {
  it('keeps small inputs on one thread and gives big ones a thread per 512 MB, at most every core', () => {
    expect(autoThreads(0)).toBe(1);
    expect(autoThreads(500 * 2 ** 20)).toBe(1);
    expect(autoThreads(600 * 2 ** 20)).toBe(Math.min(2, availableParallelism()));
    expect(autoThreads(2 ** 40)).toBe(availableParallelism());
  });
});
