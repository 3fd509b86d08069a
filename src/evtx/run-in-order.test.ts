/**
 * The scheduler behind multi-threaded reads: results come out in job order whoever ran them, no
 * more than `limit` jobs are started and not yet yielded, workers get jobs only while they have
 * room, and a failure reaches the reader at its place in the order.
 */
import { describe, expect, it } from 'vitest';
import { runInOrder, type Job } from './run-in-order.js';

/** A fake pool: jobs sent away finish after `delayMs`, at most `room` at a time. */
function fakeWorkers(room: number, delayMs: number) {
  const state = { busy: 0, maxBusy: 0, sent: 0, ranHere: 0, started: 0, maxOpen: 0, yielded: 0 };
  const job = (value: number, fail = false): Job<number> => ({
    here: () => {
      state.started++;
      state.ranHere++;
      state.maxOpen = Math.max(state.maxOpen, state.started - state.yielded);
      if (fail) throw new Error(`job ${value} failed`);
      return value;
    },
    away: () => {
      state.started++;
      state.sent++;
      state.busy++;
      state.maxBusy = Math.max(state.maxBusy, state.busy);
      state.maxOpen = Math.max(state.maxOpen, state.started - state.yielded);
      return new Promise<number>((resolve, reject) =>
        setTimeout(() => {
          state.busy--;
          if (fail) reject(new Error(`job ${value} failed`));
          else resolve(value);
        }, delayMs),
      );
    },
  });
  return { state, job, hasRoom: () => state.busy < room };
}

async function collect(jobs: Iterable<Job<number>>, limit: number, hasRoom?: () => boolean, onYield?: () => void) {
  const out: number[] = [];
  for await (const value of runInOrder(jobs[Symbol.iterator](), limit, hasRoom)) {
    out.push(value);
    onYield?.();
  }
  return out;
}

describe('runInOrder', () => {
  it('yields results in job order while work is split between workers and the calling thread', async () => {
    const { state, job, hasRoom } = fakeWorkers(2, 3);
    const values = Array.from({ length: 60 }, (_, i) => i);
    const out = await collect(
      values.map((v) => job(v)),
      8,
      hasRoom,
      () => state.yielded++,
    );
    expect(out).toEqual(values);
    expect(state.sent).toBeGreaterThan(0);
    expect(state.ranHere).toBeGreaterThan(0);
    expect(state.maxBusy).toBeLessThanOrEqual(2);
    expect(state.maxOpen).toBeLessThanOrEqual(8);
  });

  it('runs every job here, one at a time, without workers', async () => {
    const { state, job } = fakeWorkers(0, 0);
    const out = await collect(
      [1, 2, 3].map((v) => job(v)),
      1,
      undefined,
      () => state.yielded++,
    );
    expect(out).toEqual([1, 2, 3]);
    expect(state.sent).toBe(0);
    expect(state.maxOpen).toBe(1);
  });

  it('passes a failed job to the reader after the results before it', async () => {
    const { job, hasRoom } = fakeWorkers(1, 2);
    const out: number[] = [];
    const run = async () => {
      for await (const value of runInOrder([0, 1, 2, 3, 4].map((v) => job(v, v === 3))[Symbol.iterator](), 4, hasRoom))
        out.push(value);
    };
    await expect(run()).rejects.toThrow('job 3 failed');
    expect(out).toEqual([0, 1, 2]);
  });
});
