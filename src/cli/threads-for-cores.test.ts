import { describe, expect, it } from 'vitest';
import { threadsForCores } from './threads-for-cores.js';

describe('threadsForCores', () => {
  it('keeps a count the cores can run, without a notice', () => {
    expect(threadsForCores(1, 2)).toEqual({ threads: 1, notice: undefined });
    expect(threadsForCores(2, 2)).toEqual({ threads: 2, notice: undefined });
    expect(threadsForCores(16, 64)).toEqual({ threads: 16, notice: undefined });
  });

  it('lowers a count above the cores to the cores, with one notice line that says so', () => {
    expect(threadsForCores(100, 2)).toEqual({
      threads: 2,
      notice: 'svchunt: --threads 100 is more than the 2 cores here; using 2',
    });
    expect(threadsForCores(3, 2).threads).toBe(2);
    expect(threadsForCores(256, 128).threads).toBe(128);
  });

  it('speaks of one core in the singular', () => {
    expect(threadsForCores(4, 1)).toEqual({
      threads: 1,
      notice: 'svchunt: --threads 4 is more than the 1 core here; using 1',
    });
  });
});
