import { describe, expect, it } from 'vitest';
import type { ItemPart } from './detect-item.js';
import { PARTS_AHEAD, PartSender, type WorkerMessage } from './part-sender.js';
import { emptyCounters } from './run-counters.js';

const noStats = (): { evaluations: number; avoided: number } => ({ evaluations: 0, avoided: 0 });

/** Lets every pending promise job run (none of these waits for I/O). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function counted(index: number, count: number, pulls: { n: number }): AsyncGenerator<ItemPart> {
  return (async function* () {
    for (let i = 0; i < count; i++) {
      pulls.n++;
      yield {
        index,
        findings: [],
        storyRecords: [],
        issues: [],
        ...(i === count - 1 ? { end: { counters: emptyCounters() } } : {}),
      };
    }
  })();
}

describe('PartSender', () => {
  it('sends PARTS_AHEAD parts, then reads no further until the main thread takes one', async () => {
    const posted: WorkerMessage[] = [];
    const sender = new PartSender((message) => posted.push(message));
    const pulls = { n: 0 };
    const sending = sender.send(counted(0, 10, pulls), noStats);
    await settle();
    expect(posted).toHaveLength(PARTS_AHEAD);
    expect(pulls.n).toBe(PARTS_AHEAD + 1); // the part waiting for room; no more is read
    sender.taken();
    await settle();
    expect(posted).toHaveLength(PARTS_AHEAD + 1);
    for (let i = 0; i < 10; i++) sender.taken();
    await sending;
    expect(posted).toHaveLength(10);
  });

  it('counts parts of an earlier item not yet taken against the next item', async () => {
    const posted: WorkerMessage[] = [];
    const sender = new PartSender((message) => posted.push(message));
    await sender.send(counted(0, PARTS_AHEAD - 1, { n: 0 }), noStats);
    const next = sender.send(counted(1, 3, { n: 0 }), noStats);
    await settle();
    expect(posted.map((m) => (m.kind === 'part' ? m.part.index : -1))).toEqual([
      ...Array.from({ length: PARTS_AHEAD - 1 }, () => 0),
      1,
    ]);
    sender.taken();
    sender.taken();
    await next;
    expect(posted).toHaveLength(PARTS_AHEAD + 2);
  });
});
