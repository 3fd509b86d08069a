/** Opening a file: the issues its header and size raise before any chunk is read. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleRecords, writeEvtx } from '../../test/evtx-writer/index.js';
import { closeEvtx, openEvtxSync } from './open-evtx.js';

const dir = mkdtempSync(join(tmpdir(), 'svchunt-open-evtx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function issuesOf(bytes: Uint8Array): string[] {
  const path = join(dir, 'file.evtx');
  writeFileSync(path, bytes);
  const file = openEvtxSync(path);
  closeEvtx(file);
  return file.issues.map((issue) => `${issue.code}@${issue.offset}`);
}

describe('openEvtxSync', () => {
  const whole = writeEvtx({ records: sampleRecords(3), chunkCapacity: 1 }); // three chunks

  it('raises no issue for a whole file', () => {
    expect(issuesOf(whole)).toEqual([]);
  });

  it('reports the chunks a file cut at a chunk boundary lacks', () => {
    const end = 4096 + 65536;
    expect(issuesOf(whole.subarray(0, end))).toEqual([`MISSING_CHUNKS@${end}`]);
    expect(issuesOf(whole.subarray(0, 4096))).toEqual(['MISSING_CHUNKS@4096']);
  });

  it('leaves a cut inside a chunk to the chunk, which is still there in part', () => {
    expect(issuesOf(whole.subarray(0, 4096 + 2 * 65536 + 100))).toEqual([]);
  });
});
