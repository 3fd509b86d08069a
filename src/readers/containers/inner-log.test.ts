import { describe, expect, it } from 'vitest';
import { IssueCollector } from '../../event/index.js';
import { JSON_READER } from '../json-reader.js';
import type { EventBatch } from '../log-reader.js';
import { readInnerLog } from './inner-log.js';

const line = (n: number): string =>
  JSON.stringify({
    EventID: 7045,
    Channel: 'System',
    Hostname: 'H1',
    ServiceName: `s${n}`,
    TimeCreated: '2024-05-01T10:00:00Z',
  });

/** A decompressed stream: one chunk of JSON lines, then `end` (an error to throw, or a clean end). */
function stream(lines: number, end: Error | undefined, ended: { done: boolean }): AsyncIterable<Buffer> {
  return (async function* () {
    try {
      yield Buffer.from(Array.from({ length: lines }, (_, i) => line(i)).join('\n') + '\n');
      if (end !== undefined) throw end;
    } finally {
      ended.done = true;
    }
  })();
}

async function readAll(source: AsyncIterable<Buffer>, sink: IssueCollector): Promise<number> {
  let events = 0;
  const batches: AsyncIterable<EventBatch> = readInnerLog(
    source,
    'x.json.gz',
    { sink },
    () => JSON_READER,
    { bytes: 0 },
    'BAD_GZIP',
  );
  for await (const batch of batches) events += batch.events.length;
  return events;
}

describe('readInnerLog', () => {
  it('keeps the events before a decompression error and reports it as one issue', async () => {
    const sink = new IssueCollector();
    const corrupt = Object.assign(new Error('invalid block type'), { code: 'Z_DATA_ERROR' });
    expect(await readAll(stream(3, corrupt, { done: false }), sink)).toBe(3);
    expect([...sink.countsByCode]).toEqual([['BAD_GZIP', 1]]);
  });

  it('throws an error of the system: the file could not be read, which is not a data issue', async () => {
    const sink = new IssueCollector();
    const io = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO', syscall: 'read' });
    await expect(readAll(stream(3, io, { done: false }), sink)).rejects.toThrow(/EIO/);
    expect(sink.total).toBe(0);
  });

  it('ends the stream when the consumer stops early', async () => {
    const ended = { done: false };
    const sink = new IssueCollector();
    const batches = readInnerLog(
      stream(3000, undefined, ended),
      'x.json.gz',
      { sink },
      () => JSON_READER,
      { bytes: 0 },
      'BAD_GZIP',
    );
    for await (const batch of batches) {
      expect(batch.events.length).toBeGreaterThan(0);
      break;
    }
    expect(ended.done).toBe(true);
  });
});
