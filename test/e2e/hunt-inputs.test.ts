/**
 * What `hunt` makes of the paths it is given: links are followed once (a loop must end, a second
 * path to a file must not double its findings), and a path that is no regular file is reported.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runSvchunt } from './run-svchunt.js';

const EXAMPLE = join(REPO, 'examples', 'windows', 'psexec-target-system.evtx');
const findings = (stdout: string): number => stdout.split('\n').filter((l) => l !== '').length;

describe('hunt inputs', () => {
  it('follows a folder link once: a loop ends, a second path to the same files adds nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svchunt-links-'));
    copyFileSync(EXAMPLE, join(dir, 'system.evtx'));
    symlinkSync('.', join(dir, 'a'));
    symlinkSync('.', join(dir, 'b'));
    symlinkSync('system.evtx', join(dir, 'current.evtx'));
    const linked = await runSvchunt(['hunt', dir, '--format', 'jsonl']);
    const plain = await runSvchunt(['hunt', EXAMPLE, '--format', 'jsonl']);
    expect(linked.code).toBe(0);
    expect(findings(linked.stdout)).toBe(findings(plain.stdout));
    expect(linked.stderr).toMatch(/svchunt hunt: 1 files/);
  });

  it('reports a FIFO or a device it was given as unreadable (exit 3) instead of passing over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svchunt-fifo-'));
    const fifo = join(dir, 'events.pipe');
    execFileSync('mkfifo', [fifo]);
    const result = await runSvchunt(['hunt', fifo, '/dev/zero', EXAMPLE, '--format', 'jsonl']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/unreadable .*events\.pipe: not a regular file/);
    expect(result.stderr).toMatch(/unreadable \/dev\/zero: not a regular file/);
    expect(findings(result.stdout)).toBeGreaterThan(0);
  });
});
