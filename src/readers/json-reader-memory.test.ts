/**
 * The JSON reader streams: a 200 MB NDJSON file, written to a temp folder and removed after, is
 * read to the end while the process's resident memory grows by far less than the file's size.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { IssueCollector } from '../event/index.js';
import { TempFiles } from '../../test/fixtures/readers/read-all.js';
import { JSON_READER } from './json-reader.js';

const FILE_BYTES = 200 * 1024 * 1024;
/** Generous: the file itself would not fit, nor would its events, yet a GC's lag fits easily. */
const RSS_GROWTH_LIMIT = 120 * 1024 * 1024;

const files = new TempFiles();
afterAll(() => files.cleanup());

/** A Security-Datasets-like 4688 line (hand-made), about 700 bytes. */
function line(n: number): string {
  return JSON.stringify({
    '@timestamp': '2024-05-01T10:00:00.000Z',
    EventID: 4688,
    Channel: 'Security',
    SourceName: 'Microsoft-Windows-Security-Auditing',
    Hostname: 'WS1.corp.example',
    RecordNumber: n,
    Keywords: -9214364837600034816,
    SubjectUserName: 'user',
    NewProcessName: 'C:\\Windows\\System32\\sc.exe',
    CommandLine: `sc.exe create svc${n} binPath= "C:\\Users\\Public\\payload-${n}.exe" start= auto`,
    ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
    Message: 'A new process has been created.\r\n\r\nCreator Subject:\r\n\tSecurity ID:\t\tS-1-5-21-1-2-3-500'.repeat(
      4,
    ),
  });
}

async function writeLargeFile(path: string): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let lines = 0;
  while (written < FILE_BYTES) {
    const block: string[] = [];
    for (let i = 0; i < 1000; i++) block.push(line(++lines));
    const text = block.join('\n') + '\n';
    written += text.length;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return lines;
}

describe('JsonReader memory', () => {
  it('reads a 200 MB NDJSON file with resident memory growing far less than the file', async () => {
    const path = files.write('large.ndjson', '');
    const lines = await writeLargeFile(path);
    const sink = new IssueCollector();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let events = 0;
    for await (const batch of JSON_READER.read(path, { sink })) {
      events += batch.events.length;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(events).toBe(lines);
    expect(sink.total).toBe(0);
    expect(peak - baseline).toBeLessThan(RSS_GROWTH_LIMIT);
  });
});
