/**
 * `--threads` of `hunt` and `dump` as a user meets it: a count past the hard maximum is a usage
 * error, and one above the cores here is lowered to them with one notice line on stderr (none from
 * `hunt --quiet`), the output unchanged.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runSvchunt } from './run-svchunt.js';

const SAMPLE = 'examples/windows/psexec-target-system.evtx';
const CORES = availableParallelism();
/** What a run with `--threads 64` says on stderr first: nothing on a machine of 64 cores or more. */
const NOTICE_64 =
  CORES < 64
    ? `svchunt: --threads 64 is more than the ${CORES} core${CORES === 1 ? '' : 's'} here; using ${CORES}\n`
    : '';

describe('svchunt --threads', () => {
  it('refuses a count past the maximum with the usage exit code and a line that names the maximum', async () => {
    for (const command of [
      ['hunt', SAMPLE, '--format', 'jsonl'],
      ['dump', SAMPLE],
    ]) {
      const result = await runSvchunt([...command, '--threads', '100000']);
      expect(result.code, command[0]).toBe(2);
      expect(result.stdout, command[0]).toBe('');
      expect(result.stderr, command[0]).toMatch(/'--threads <n>' argument '100000' is invalid\. at most 256 /);
    }
  });

  it('lowers hunt --threads 64 to the cores with one notice, and finds what one thread finds', async () => {
    const one = await runSvchunt(['hunt', SAMPLE, '--format', 'jsonl', '--threads', '1']);
    const many = await runSvchunt(['hunt', SAMPLE, '--format', 'jsonl', '--threads', '64']);
    expect(many.code).toBe(0);
    expect(many.stdout).not.toBe('');
    expect(many.stdout).toBe(one.stdout);
    expect(many.stderr.startsWith(NOTICE_64)).toBe(true);
    expect(many.stderr.match(/--threads 64 is more than/g)?.length ?? 0).toBe(NOTICE_64 === '' ? 0 : 1);
    expect(one.stderr).not.toContain('is more than');
  });

  it('prints no notice from hunt --quiet', async () => {
    const quiet = await runSvchunt(['hunt', SAMPLE, '--format', 'jsonl', '--threads', '64', '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toBe('');
    expect(quiet.stderr).toBe('');
  });

  it('lowers dump --threads 64 to the cores with one notice, and dumps what one thread dumps', async () => {
    const one = await runSvchunt(['dump', SAMPLE, '--threads', '1']);
    const many = await runSvchunt(['dump', SAMPLE, '--threads', '64']);
    expect(many.code).toBe(0);
    expect(many.stdout).not.toBe('');
    expect(many.stdout).toBe(one.stdout);
    expect(many.stderr).toBe(`${NOTICE_64}${one.stderr}`);
  });

  it('says in the help of both commands what --threads accepts', async () => {
    for (const command of ['hunt', 'dump']) {
      const help = (await runSvchunt([command, '--help'])).stdout.replace(/\s+/g, ' ');
      expect(help, command).toMatch(/--threads <n> .*1 to 256; more than the cores here are lowered to them/);
    }
  });
});
