/**
 * `svchunt dump` as a user runs it: the built command on a hand-built file, stdout compared with a
 * golden file, issues on stderr, and exit codes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildEvtx, sampleRecords } from '../evtx-writer/index.js';
import { runSvchunt } from './run-svchunt.js';

const dump = (args: string[]): ReturnType<typeof runSvchunt> => runSvchunt(['dump', ...args]);

const GOLDEN = fileURLToPath(new URL('../fixtures/evtx/dump-built.jsonl', import.meta.url));

/** Three sample records made by the project's EVTX writer; `corrupt` breaks the chunk header CRC. */
function builtFile(corrupt: boolean): string {
  const { bytes } = buildEvtx(
    { records: sampleRecords(3) },
    { corruptions: corrupt ? [{ kind: 'bad-chunk-header-crc', chunk: 0 }] : [] },
  );
  const path = join(mkdtempSync(join(tmpdir(), 'svchunt-dump-')), 'built.evtx');
  writeFileSync(path, bytes);
  return path;
}

describe('svchunt dump', () => {
  it('prints records as JSON lines equal to the golden file', async () => {
    const result = await dump(['--threads', '1', builtFile(false)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
    expect(result.stderr).toContain('3 records from 1 file(s); 0 issue(s)');
  });

  it('prints the same lines on two worker threads', async () => {
    const result = await dump(['--threads', '2', builtFile(false)]);
    expect(result.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('reports a bad chunk header CRC on stderr with its location and still prints the records', async () => {
    const path = builtFile(true);
    const result = await dump(['--threads', '1', path]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(3);
    expect(result.stderr).toContain(`${path}@0x107c chunk 0: BAD_CHUNK_HEADER_CRC`);
    expect(result.stderr).toContain('1 issue(s): BAD_CHUNK_HEADER_CRC 1');
  });

  it('prints XML with --format xml', async () => {
    const result = await dump(['--threads', '1', '--format', 'xml', builtFile(false)]);
    expect(result.stdout).toContain('<Data Name="Msg">service 1</Data>');
  });

  it('prints chunk facts with --chunks', async () => {
    const result = await dump(['--threads', '1', '--chunks', builtFile(false)]);
    const facts = JSON.parse(result.stdout.trim()) as Record<string, unknown>;
    expect(facts).toMatchObject({ chunk: 0, records: 3, headerCrcValid: true, dataCrcValid: true, issues: [] });
  });

  it('exits with 3 when a file cannot be read', async () => {
    const result = await dump(['/nonexistent/file.evtx']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('UNREADABLE_FILE');
  });

  it('refuses --format xml and --chunks for files that are not EVTX, instead of printing JSON lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svchunt-dump-'));
    const json = join(dir, 'events.json');
    writeFileSync(json, '{"EventID": 7045, "Channel": "System", "ServiceName": "x"}\n');
    for (const option of ['--format=xml', '--chunks']) {
      const result = await dump([option, json]);
      expect(result.code, option).toBe(2);
      expect(result.stdout, option).toBe('');
      expect(result.stderr, option).toMatch(/is for EVTX files; not EVTX: .*events\.json/);
    }
    expect((await dump([json])).code).toBe(0);
  });
});
