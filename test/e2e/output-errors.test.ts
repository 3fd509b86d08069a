/**
 * Output that cannot be written is exit 2 with one line, in every command: a full disk must not pass
 * for success in a script (`/dev/full` fails every write with ENOSPC). A reader that goes away early
 * ends a run quietly, with the exit code it has earned so far.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../support/temp-dirs.js';
import { REPO, SVCHUNT_BIN } from './run-svchunt.js';

const temp = tempDirs();

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

describe.runIf(existsSync('/dev/full'))('diagnostics to a full disk', () => {
  it('end the hunt with exit 2: its summary was lost', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [SVCHUNT_BIN, 'hunt', 'examples/', '--format', 'jsonl'], {
        cwd: REPO,
        stdio: ['ignore', 'ignore', full],
      });
      expect(run.status).toBe(2);
    } finally {
      closeSync(full);
    }
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

  /** Runs `script` in bash with $0 the svchunt entry point and $1 the corpus; its exit status is the script's. */
  const bash = (script: string, cwd = REPO) =>
    spawnSync('bash', ['-c', script, SVCHUNT_BIN, CORPUS], { cwd, encoding: 'utf8' });

  it('keeps exit 3 for an input that cannot be read, known before the first finding', () => {
    const run = bash('node "$0" hunt /no/such/log "$1" --format jsonl -q 2>/dev/null | true; exit "${PIPESTATUS[0]}"');
    expect(run.status).toBe(3);
  });

  it('goes on when standard error is closed: the output file is written, usage errors stay exit 2', () => {
    const dir = temp.make('svchunt-stderr-');
    const closed = bash('node "$0" hunt "$1" -o out.jsonl 2>&1 | true; exit "${PIPESTATUS[0]}"', dir);
    expect(closed.status).toBe(0);
    expect(readdirSync(dir)).toEqual(['out.jsonl']);
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8').split('\n').length).toBeGreaterThan(1000);
    expect(bash('node "$0" hunt --bogus x 2>&1 | true; exit "${PIPESTATUS[0]}"').status).toBe(2);
  });
});

describe('an interrupted hunt', () => {
  it('leaves no partial output file and ends as the signal ends it', async () => {
    const dir = temp.make('svchunt-signal-');
    const child = spawn(process.execPath, [SVCHUNT_BIN, 'hunt', CORPUS, '-q', '-o', 'out.jsonl'], { cwd: dir });
    // Interrupted once the partial file exists, while the hunt is still reading.
    for (let waited = 0; readdirSync(dir).length === 0 && waited < 10_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(readdirSync(dir)).toHaveLength(1); // the partial file: the hunt is under way
    child.kill('SIGINT');
    const signal = await new Promise((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGINT');
    expect(readdirSync(dir)).toEqual([]);
  });
});
