/**
 * `svchunt dump` on every format but EVTX, as a user runs it (the built command): one JSON line per
 * event in the common shape, issues with file:line on stderr, EVTX files still dumped by the EVTX
 * path beside them, and exit codes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { LOG_CORPUS, REPO_ROOT } from '../../test/conformance/corpus-paths.js';
import { runSvchunt } from '../../test/e2e/run-svchunt.js';
import { TempFiles } from '../../test/fixtures/readers/read-all.js';

const dump = (args: string[]): ReturnType<typeof runSvchunt> => runSvchunt(['dump', ...args]);
const LINUX = join(LOG_CORPUS, 'linux-generated');
const files = new TempFiles();
afterAll(() => files.cleanup());

const lines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('svchunt dump on the other formats', () => {
  it.each([
    // 1,595 records, 143 execs, 33 file writes, 11 deletions (a rename over a unit is a write).
    ['raw auditd', 'auditd/attack.log', 1782],
    ['laurel', 'laurel/attack.jsonl', 1782],
    ['journalctl -o json', 'journald/attack.json', 93],
    ['journalctl -o export', 'journald/attack.export', 93],
  ])('prints every %s event as one JSON line in the common shape', async (_name, file, count) => {
    const result = await dump([join(LINUX, file)]);
    expect(result.code).toBe(0);
    const events = lines(result.stdout);
    expect(events).toHaveLength(count);
    expect(Object.keys(events[0]!)).toEqual(['time', 'host', 'logsource', 'fields', 'source']);
    expect(result.stderr).toBe(`svchunt dump: ${count} events from 1 file(s); 0 issue(s)\n`);
  });

  it('shows the derived process_creation event of an execve with its serial', async () => {
    const events = lines((await dump([join(LINUX, 'auditd/attack.log')])).stdout);
    const process = events.find(
      (e) =>
        (e['logsource'] as { categories: string[] }).categories[0] === 'process_creation' &&
        (e['source'] as { recordId: number }).recordId === 1095,
    );
    expect(process).toMatchObject({
      time: '2026-11-26T16:44:17.820Z',
      logsource: { product: 'linux', services: [], categories: ['process_creation'] },
      fields: {
        Image: '/usr/bin/systemd-run',
        CommandLine: 'systemd-run --unit=atomic-transient --wait /bin/bash -c id > /tmp/atomic_transient_output.txt',
      },
      source: { line: 577, recordId: 1095, format: 'auditd' },
    });
  });

  it('dumps a gzipped log and EVTX files given together, each its own way, in the order given', async () => {
    const gz = files.write('export.gz', gzipSync(readFileSync(join(LINUX, 'journald/benign.export'))));
    const notes = files.write('notes.txt', 'no log here\n');
    const evtx = join(REPO_ROOT, 'examples/windows/psexec-target-system.evtx');
    const result = await dump(['--threads', '1', evtx, gz, notes, evtx]);
    expect(result.code).toBe(0);
    const kinds = lines(result.stdout).map((e) => ('Event' in e ? 'evtx' : 'event'));
    const records = kinds.indexOf('event');
    expect(records).toBeGreaterThan(0);
    expect(kinds).toEqual([...Array(records).fill('evtx'), ...Array(62).fill('event'), ...Array(records).fill('evtx')]);
    // One summary; the text file is no log: an issue, not a file read.
    expect(result.stderr).toMatch(
      new RegExp(
        `^svchunt dump: ${records * 2} records and 62 events from 3 file\\(s\\); 1 issue\\(s\\): NOT_A_LOG 1\\n$`,
        'm',
      ),
    );
    expect(result.stderr.match(/svchunt dump:/g)).toHaveLength(1);
  });

  it('reports malformed input with file:line on stderr and goes on, and exits 3 for a missing file', async () => {
    const broken = files.write(
      'broken.jsonl',
      '{"__CURSOR":"a","MESSAGE":"one"}\n{"broken\n{"__CURSOR":"c","MESSAGE":"three"}\n',
    );
    const result = await dump([broken, join(files.dir, 'missing.log')]);
    expect(result.code).toBe(3);
    expect(lines(result.stdout)).toHaveLength(2);
    expect(result.stderr).toContain(`${broken}:2:9: BAD_JSON`);
    expect(result.stderr).toContain('missing.log: UNREADABLE_FILE');
  });
});
