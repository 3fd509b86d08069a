import { describe, expect, it } from 'vitest';
import type { ItemPart } from './detect-item.js';
import { PARTS_AHEAD, PartSender, type WorkerMessage } from './part-sender.js';
import { emptyCounters } from './run-counters.js';

const noStats = (): { evaluations: number; avoided: number } => ({ evaluations: 0, avoided: 0 });

/** Lets every pending promise job run (none of these waits for I/O). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What a part is made of: 'progress' holds nothing but progress. */
type Kind = 'part' | 'progress' | 'end';

/** An item's parts of these kinds; a 'part' holds one issue, so it is no progress-only part. */
function partsOf(index: number, kinds: readonly Kind[], pulls = { n: 0 }): AsyncGenerator<ItemPart> {
  return (async function* () {
    for (const [i, kind] of kinds.entries()) {
      pulls.n++;
      yield {
        index,
        findings: [],
        storyRecords: [],
        issues: kind === 'part' ? [{ code: 'TEST', message: `part ${i}`, file: 'x' }] : [],
        progress: { bytes: i, records: i },
        ...(kind === 'end' ? { end: { counters: emptyCounters() } } : {}),
      };
    }
  })();
}

/** `count` parts, the last one the end. */
function counted(index: number, count: number, pulls = { n: 0 }): AsyncGenerator<ItemPart> {
  return partsOf(index, [...Array.from({ length: count - 1 }, (): Kind => 'part'), 'end'], pulls);
}

function progressOf(message: WorkerMessage | undefined): number | undefined {
  return message?.kind === 'part' ? message.part.progress.records : undefined;
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
    await sender.send(counted(0, PARTS_AHEAD - 1), noStats);
    const next = sender.send(counted(1, 3), noStats);
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

  it('keeps reading through progress-only parts while nothing is taken (a worker ahead of the head item)', async () => {
    const posted: WorkerMessage[] = [];
    const sender = new PartSender((message) => posted.push(message));
    let done = false;
    const kinds: Kind[] = [...Array.from({ length: 50 }, (): Kind => 'progress'), 'end'];
    const sending = sender.send(partsOf(0, kinds), noStats).then(() => (done = true));
    await settle();
    // Only the first progress part went out: the others would pile up on the main thread.
    expect(done).toBe(true);
    expect(posted.map(progressOf)).toEqual([0, 50]);
    await sending;
  });

  it('sends a progress-only part only when every part before it was taken, and gives it no credit', async () => {
    const posted: WorkerMessage[] = [];
    const sender = new PartSender((message) => posted.push(message));
    const kinds: Kind[] = ['progress', 'progress', ...Array.from({ length: PARTS_AHEAD + 1 }, (): Kind => 'part')];
    const sending = sender.send(partsOf(0, [...kinds, 'progress', 'end']), noStats);
    await settle();
    // The second progress part is dropped; the progress part holds no credit the parts need.
    expect(posted.map(progressOf)).toEqual([0, 2, 3, 4, 5]);
    sender.taken(); // the progress part: still no room for a part
    await settle();
    expect(posted).toHaveLength(PARTS_AHEAD + 1);
    sender.taken();
    await settle();
    expect(posted.map(progressOf).slice(PARTS_AHEAD + 1)).toEqual([6]);
    // Parts are still untaken: the progress part after them is dropped; the end part waits for room.
    for (let i = 0; i < PARTS_AHEAD; i++) sender.taken();
    await sending;
    expect(posted.map(progressOf).slice(PARTS_AHEAD + 1)).toEqual([6, 8]);
  });
});
