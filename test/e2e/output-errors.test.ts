/**
 * Output that cannot be written is exit 2 with one line, in every command: a full disk must not pass
 * for success in a script (`/dev/full` fails every write with ENOSPC). A reader that goes away early
 * ends a run quietly, with the exit code it has earned so far.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, SVCHUNT_BIN } from './run-svchunt.js';

const CORPUS = join(REPO, '..', 'shared', 'corpus', 'logs');

function toFullDisk(args: readonly string[]): { code: number | null; stderr: string } {
  const full = openSync('/dev/full', 'w');
  try {
    const run = spawnSync(process.execPath, [SVCHUNT_BIN, ...args], { cwd: REPO, stdio: ['ignore', full, 'pipe'] });
    return { code: run.status, stderr: run.stderr.toString() };
  } finally {
    closeSync(full);
  }
}

describe.runIf(existsSync('/dev/full'))('output to a full disk', () => {
  it.each([
    ['hunt', ['hunt', 'examples/', '--format', 'jsonl', '-q']],
    ['dump of an EVTX file', ['dump', 'examples/windows/psexec-target-system.evtx']],
    ['rules list', ['rules', 'list', 'rules/']],
    ['graph', ['graph']],
  ])('%s exits 2 and says why', (_name, args) => {
    const { code, stderr } = toFullDisk(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^svchunt: cannot write the standard output: ENOSPC/m);
  });
});

describe('a reader that stops early', () => {
  it('ends the hunt quietly, with the exit code of the findings written so far (--fail-on)', () => {
    // `true` exits without reading: the hunt's writes meet a closed pipe (EPIPE) long before the
    // corpus (megabytes of findings) is done, so the run ends on the first failed write.
    const run = spawnSync(
      'bash',
      [
        '-c',
        'node "$0" hunt "$1" --format jsonl -q --fail-on low | true; exit "${PIPESTATUS[0]}"',
        SVCHUNT_BIN,
        CORPUS,
      ],
      { cwd: REPO, encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
  });
});
