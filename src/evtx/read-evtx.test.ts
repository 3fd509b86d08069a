/**
 * Streaming reads give the same records, events and issues whatever the thread count. The worker
 * path loads the built worker script, so this runs after `npm run build` (as `npm test` does).
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IssueCollector, KeywordSearch } from '../event/index.js';
import { openEvtx } from './open-evtx.js';
import { readEvtxChunks, readEvtxFiles } from './read-evtx.js';
import { readEvtxEvents } from './read-evtx-events.js';
import type { ChunkOutputKind } from './process-chunk.js';

const SAMPLES = fileURLToPath(new URL('../../../shared/corpus/logs/omerbenamram-evtx/samples/', import.meta.url));
const FILES = ['sample_with_a_bad_chunk_magic.evtx', 'system.evtx'].map((name) => SAMPLES + name);

async function read(path: string, output: ChunkOutputKind, threads: number) {
  const texts: string[] = [];
  const issues: string[] = [];
  for await (const chunk of readEvtxChunks(await openEvtx(path), { output, threads })) {
    texts.push(chunk.text);
    for (const issue of chunk.issues) issues.push(`${issue.code}@${issue.offset}`);
  }
  return { text: texts.join(''), issues };
}

describe('readEvtxChunks', () => {
  for (const path of FILES) {
    it(`gives the same JSON lines and issues on 1 and 2 threads for ${path.split('/').pop()}`, async () => {
      const one = await read(path, 'jsonl', 1);
      const two = await read(path, 'jsonl', 2);
      expect(two).toEqual(one);
      expect(one.text.length).toBeGreaterThan(0);
    });
  }

  it('reads several files on 1 and 3 threads into the same items, and counts dropped events alike', async () => {
    const items = async (threads: number, dropEvents: boolean) => {
      const out: unknown[] = [];
      for await (const item of readEvtxFiles([...FILES, ...FILES], { output: 'events', threads, dropEvents })) {
        if (item.kind === 'chunk') {
          const { location, recordCount, issues, events } = item.output;
          out.push([location, recordCount, issues.length, events.length]);
        } else {
          out.push(item.kind);
        }
      }
      return out;
    };
    const one = await items(1, false);
    const dropped = await items(3, true);
    expect(dropped.length).toBe(one.length);
    expect(dropped.map((item) => (Array.isArray(item) ? item.slice(0, 3) : item))).toEqual(
      one.map((item) => (Array.isArray(item) ? item.slice(0, 3) : item)),
    );
    expect(dropped.every((item) => !Array.isArray(item) || item[3] === 0)).toBe(true);
  });

  describe.skipIf(!existsSync('/proc/self/fd'))('open files', () => {
    const openFiles = (): number => readdirSync('/proc/self/fd').length;
    /** 33 blocks: more batches than a read keeps in flight. */
    const LONG = `${SAMPLES}sample-with-irregular-bool-values.evtx`;

    it('closes every file once its batches are done, those read by workers too', async () => {
      const before = openFiles();
      let chunks = 0;
      for await (const item of readEvtxFiles([...FILES, ...FILES, ...FILES], { output: 'jsonl', threads: 3 })) {
        if (item.kind === 'chunk') chunks++;
      }
      expect(chunks).toBeGreaterThan(20);
      expect(openFiles()).toBe(before);
    });

    it('closes them when the reader stops early, with batches still on workers', async () => {
      const before = openFiles();
      let chunks = 0;
      for await (const item of readEvtxFiles([LONG, LONG], { output: 'jsonl', threads: 3 })) {
        if (item.kind === 'chunk' && ++chunks === 20) break;
      }
      expect(chunks).toBe(20);
      expect(openFiles()).toBe(before);
    });

    it('closes them when the consumer throws', async () => {
      const before = openFiles();
      const consume = async (): Promise<void> => {
        let chunks = 0;
        for await (const chunk of readEvtxChunks(await openEvtx(LONG), { output: 'jsonl', threads: 3 })) {
          if (chunk.recordCount >= 0 && ++chunks === 12) throw new Error('consumer gave up');
        }
      };
      await expect(consume()).rejects.toThrow('consumer gave up');
      expect(openFiles()).toBe(before);
    });
  });

  it('gives the same events on 1 and 2 threads, keyword searches included', async () => {
    // Words of system.evtx's own values: events from workers carry decoded values, not bytes.
    const search = KeywordSearch.of(['SERVICE CONTROL', 'wuauserv', 'no-such-word']);
    const fields = async (threads: number) => {
      const out: unknown[] = [];
      const sink = new IssueCollector();
      for await (const batch of readEvtxEvents(FILES[1]!, sink, { threads })) {
        for (const event of batch)
          out.push([
            event.provenance,
            event.time,
            event.logsource.key,
            event.fieldNames().map((n) => event.get(n)),
            event.holdsKeyword!(search, true),
          ]);
      }
      return { out, issues: sink.total };
    };
    const one = await fields(1);
    expect(await fields(2)).toEqual(one);
    expect(one.out).toHaveLength(1881);
    const found = one.out.filter((event) => (event as unknown[])[4] === true).length;
    expect(found).toBeGreaterThan(10);
    expect(found).toBeLessThan(1881);
  });
});
