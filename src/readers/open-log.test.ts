import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IssueCollector } from '../event/index.js';
import { readEvtxEvents } from '../evtx/index.js';
import { REPO_ROOT } from '../../test/conformance/corpus-paths.js';
import { fieldsOf, readAll, TempFiles } from '../../test/fixtures/readers/read-all.js';
import { readerFor, readLogFile } from './open-log.js';

const files = new TempFiles();
afterAll(() => files.cleanup());

const EVTX_EXAMPLE = join(REPO_ROOT, 'examples/windows/service-shell-sysmon.evtx');

describe('readerFor', () => {
  it('gives the reader of each format', () => {
    expect(readerFor('evtx').format).toBe('evtx');
    expect(readerFor('json').format).toBe('json');
  });
});

describe('readLogFile', () => {
  it('reads an EVTX file with the events readEvtxEvents gives, and reaches its end', async () => {
    const { events, batches, issues } = await readAll((sink) => readLogFile(EVTX_EXAMPLE, { sink, threads: 1 }));
    const direct = [];
    for await (const batch of readEvtxEvents(EVTX_EXAMPLE, new IssueCollector(), { threads: 1 })) direct.push(...batch);
    expect(events).toHaveLength(10);
    expect(events.map(fieldsOf)).toEqual(direct.map(fieldsOf));
    expect(batches.at(-1)?.bytesRead).toBe(statSync(EVTX_EXAMPLE).size);
    expect(issues.total).toBe(0);
  });

  it('reads a JSON file by its content, whatever its name', async () => {
    const path = files.write('export.log', '{"EventID":7045,"Channel":"System","ServiceName":"x"}\n');
    const { events, issues } = await readAll((sink) => readLogFile(path, { sink }));
    expect(events.map((e) => e.get('ServiceName'))).toEqual(['x']);
    expect(issues.total).toBe(0);
  });

  it('reports a file that is no log once, as a skipped file, and yields nothing', async () => {
    const path = files.write('picture.json', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const { batches, issues } = await readAll((sink) => readLogFile(path, { sink }));
    expect(batches).toEqual([]);
    expect(issues.issues).toEqual([
      { code: 'NOT_A_LOG', message: 'not a log svchunt reads: a PNG image', file: path, offset: 0, skipped: 'file' },
    ]);
  });
});
