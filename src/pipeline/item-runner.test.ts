import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { checkYaml, ruleYaml } from '../../test/support/sigma-harness.js';
import { JSON_BATCH_EVENTS } from '../readers/index.js';
import { isProgressOnly, PART_ENTRIES, PROGRESS_RECORDS, type ItemPart } from './detect-item.js';
import { runItems } from './item-runner.js';
import type { WorkerSetup } from './worker-setup.js';
import { planWork, type InputFile } from './work-plan.js';

// Threads > 1 run the worker from dist/ (see `workerUrl`): these tests need `npm run build` first.

const dir = mkdtempSync(join(tmpdir(), 'svchunt-items-'));
const evtxExample = fileURLToPath(new URL('../../examples/windows/psexec-target-system.evtx', import.meta.url));

function workerSetup(stories: boolean): WorkerSetup {
  const checked = checkYaml(
    [
      ruleYaml('selection: { EventID: 7045 }\ncondition: selection'),
      ruleYaml('selection: { ServiceName|endswith: "7" }\ncondition: selection').replace(
        '00000000-0000-4000-8000-000000000001',
        '00000000-0000-4000-8000-000000000002',
      ),
    ].join('---\n'),
  );
  return {
    rules: checked.rules,
    filters: checked.filters,
    placeholders: undefined,
    detect: {},
    correlationFields: {},
    stories,
  };
}

/** One flat System event per line; every other one a service install the rules flag. */
function eventLines(count: number, from = 0): string {
  let text = '';
  for (let i = from; i < from + count; i++) {
    const install = i % 2 === 0;
    text += `${JSON.stringify({
      EventTime: new Date(Date.UTC(2024, 2, 1) + i * 1000).toISOString(),
      Hostname: 'FS01',
      Channel: 'System',
      EventID: install ? 7045 : 7036,
      RecordNumber: i + 1,
      ServiceName: `svc${i}`,
      ImagePath: `C:\\Windows\\svc${i}.exe`,
    })}\n`;
  }
  return text;
}

/** `count` service state changes no rule here flags (no name ends in 7). */
function quietLines(count: number): string {
  let text = '';
  for (let i = 0; i < count; i++)
    text += `${JSON.stringify({ Hostname: 'FS01', Channel: 'System', EventID: 7036, ServiceName: `svc${i}x` })}\n`;
  return text;
}

function jsonFile(name: string, text: string): InputFile {
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, format: 'json', sizeBytes: text.length };
}

/** How long the first part may take to come while the file is still open: a hang guard, not a timing. */
const FIRST_PART_GUARD_MS = 30_000;
/** How long a run that must fail may take to say so: a hang guard, not a timing. */
const FAILURE_GUARD_MS = 60_000;

/** Runs `parts` to the end; resolves to the error it ends with, or 'hung' when the guard runs out first. */
async function failureOf(parts: AsyncGenerator<ItemPart>): Promise<unknown> {
  let guard: NodeJS.Timeout | undefined;
  const drained = (async (): Promise<unknown> => {
    try {
      for await (const _ of parts);
      return 'no error';
    } catch (error) {
      return error;
    }
  })();
  const outcome = await Promise.race([
    drained,
    new Promise<'hung'>((resolve) => (guard = setTimeout(() => resolve('hung'), FAILURE_GUARD_MS))),
  ]);
  clearTimeout(guard);
  return outcome;
}

describe('runItems', () => {
  it.each([1, 2])(
    'gives out the findings of a large text file while the file is still being written (threads %i)',
    async (threads) => {
      // A FIFO: its reader sees the end only when the test closes it, after the first part came.
      const fifo = join(dir, `growing-${threads}.json`);
      execFileSync('mkfifo', [fifo]);
      const items = planWork([
        { path: fifo, format: 'json', sizeBytes: 0 },
        jsonFile(`small-${threads}.json`, eventLines(10)),
      ]);
      const parts = runItems(items, workerSetup(false), threads, { evaluations: 0, avoided: 0 });
      const writer = createWriteStream(fifo);
      writer.on('error', () => undefined); // the test fails on what the reader saw, not here
      const half = 12 * JSON_BATCH_EVENTS; // events; the first part needs ~4 batches of them
      try {
        writer.write(eventLines(half));
        let guard: NodeJS.Timeout | undefined;
        const first = await Promise.race([
          parts.next(),
          new Promise<'none'>((resolve) => (guard = setTimeout(() => resolve('none'), FIRST_PART_GUARD_MS))),
        ]);
        clearTimeout(guard);
        expect(first, 'no part came while the file was still open').not.toBe('none');
        const part = (first as IteratorResult<ItemPart>).value as ItemPart;
        expect(part.index).toBe(0);
        expect(part.end).toBeUndefined();
        expect(part.findings.length).toBeGreaterThanOrEqual(PART_ENTRIES);

        writer.end(eventLines(half, half));
        const received: ItemPart[] = [part];
        for await (const p of parts) received.push(p);
        const ofFifo = received.filter((p) => p.index === 0);
        // Every other event is an install (the first rule); a tenth of all end in 7 (the second).
        expect(ofFifo.reduce((n, p) => n + p.findings.length, 0)).toBe(half + half / 5);
        expect(ofFifo.at(-1)?.end?.counters.records).toBe(2 * half);
        expect(ofFifo.filter((p) => p.end !== undefined)).toHaveLength(1);
        expect(received.at(-1)?.index).toBe(1);
        // A part is cut after the batch that fills it: one batch (a finding an event at most) over.
        expect(Math.max(...ofFifo.map((p) => p.findings.length))).toBeLessThanOrEqual(PART_ENTRIES + JSON_BATCH_EVENTS);
      } finally {
        if (!writer.writableEnded) writer.end();
        await parts.return(undefined);
      }
    },
  );

  it('gives out the same parts in the same order on 1, 2 and 3 threads', async () => {
    const items = planWork([
      jsonFile('mixed-large.json', eventLines(11_000)),
      jsonFile('mixed-empty.json', ''),
      jsonFile('mixed-tiny.json', eventLines(3)),
      { path: evtxExample, format: 'evtx', sizeBytes: statSync(evtxExample).size },
      jsonFile('mixed-broken.json', `${eventLines(4_000)}{"EventID": 7045,\n${eventLines(4_000, 4_000)}`),
      jsonFile('mixed-medium.json', eventLines(2_500)),
      jsonFile('mixed-quiet.json', quietLines(2 * PROGRESS_RECORDS)),
    ]);
    const runs = [];
    let progressParts = 0;
    for (const threads of [1, 2, 3]) {
      const stats = { evaluations: 0, avoided: 0 };
      const parts: ItemPart[] = [];
      for await (const part of runItems(items, workerSetup(true), threads, stats)) {
        // A worker drops a progress-only part the main thread has no room for (`PartSender`).
        if (isProgressOnly(part)) progressParts++;
        else parts.push(part);
      }
      runs.push({ parts, stats });
    }
    expect(progressParts).toBeGreaterThan(0);
    const [one, two, three] = runs;
    const indexes = one!.parts.map((p) => p.index);
    expect(indexes.length).toBeGreaterThan(items.length); // some items came in several parts
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    expect(one!.parts.filter((p) => p.end !== undefined).map((p) => p.index)).toEqual(items.map((i) => i.index));
    expect(one!.parts.flatMap((p) => p.issues).map((i) => i.code)).toContain('EMPTY_JSON');
    expect(one!.parts.flatMap((p) => p.storyRecords).length).toBeGreaterThan(0);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
  });

  it('fails the run when a worker stops without an error, instead of waiting for its item forever', async () => {
    // A worker ends without an 'error' event only when something ends it (process.exit in its code,
    // terminate): here the second item's worker is terminated from outside once it has the item.
    const items = planWork([
      jsonFile('stops-first.json', eventLines(6_000)),
      jsonFile('stops-second.json', eventLines(6_000)),
      jsonFile('stops-third.json', eventLines(6_000)),
    ]);
    const post = Worker.prototype.postMessage;
    let itemsPosted = 0;
    const spy = vi.spyOn(Worker.prototype, 'postMessage').mockImplementation(function (this: Worker, message) {
      post.call(this, message);
      if ((message as { kind?: string }).kind === 'item' && ++itemsPosted === 2) void this.terminate();
    });
    try {
      const outcome = await failureOf(runItems(items, workerSetup(false), 2, { evaluations: 0, avoided: 0 }));
      expect(outcome).toBeInstanceOf(Error);
      expect((outcome as Error).message).toMatch(/hunt worker stopped/);
    } finally {
      spy.mockRestore();
    }
  });

  it.each([1, 2])(
    'tells how far the head item is read before it ends, a file with no findings too (threads %i)',
    async (threads) => {
      const items = planWork([
        jsonFile(`far-quiet-${threads}.json`, quietLines(3 * PROGRESS_RECORDS)),
        jsonFile(`far-next-${threads}.json`, quietLines(10)),
      ]);
      const parts: ItemPart[] = [];
      for await (const part of runItems(items, workerSetup(false), threads, { evaluations: 0, avoided: 0 }))
        parts.push(part);
      const first = parts.filter((p) => p.index === 0);
      // A worker's first progress part always goes out: nothing it sent before is untaken.
      expect(first[0]?.end).toBeUndefined();
      expect(first[0]?.progress.records).toBe(PROGRESS_RECORDS);
      expect(first[0]!.progress.bytes).toBeGreaterThan(0);
      expect(first.at(-1)?.end?.counters.records).toBe(3 * PROGRESS_RECORDS);
      expect(first.at(-1)!.progress.bytes).toBeGreaterThan(first[0]!.progress.bytes);
    },
  );
});
