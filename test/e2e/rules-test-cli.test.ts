/**
 * `svchunt rules test` as a user runs it: the built command on svchunt's own rule pack from another
 * working directory, and on a folder with a failing fixture (line per failure, summary, exit code).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSvchunt } from './run-svchunt.js';

const rulesTest = (args: string[], cwd: string): ReturnType<typeof runSvchunt> =>
  runSvchunt(['rules', 'test', ...args], cwd);

describe('svchunt rules test', () => {
  it('tests the built-in rule pack when given no folder, from any working directory', async () => {
    const result = await rulesTest([], tmpdir());
    expect(result.stdout).toMatch(/^\d+ rules, \d+ fixtures, \d+ cases: all passed\n$/);
    expect(result.code).toBe(0);
  });

  it('prints file:line and the case name for a failing case, a summary, and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svchunt-rules-test-'));
    writeFileSync(
      join(dir, 'pipe.yml'),
      [
        'title: pipe echo',
        'id: 3f0c8a55-9b1e-4c39-8a55-2d7e6f1b9c01',
        'logsource: { product: windows, service: system }',
        'detection:',
        "  sel: { EventID: 7045, ImagePath|contains: '\\\\\\\\.\\pipe\\' }",
        '  condition: sel',
        'level: critical',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'pipe.tests.yml'),
      [
        'match:',
        '  - name: getsystem',
        "    event: { Channel: System, EventID: 7045, ImagePath: 'cmd.exe /c echo a > \\\\.\\pipe\\a' }",
        '  - name: plain program',
        "    event: { Channel: System, EventID: 7045, ImagePath: 'C:\\Program Files\\a.exe' }",
      ].join('\n'),
    );
    const result = await rulesTest(['.'], dir);
    expect(result.stdout).toBe(
      'pipe.tests.yml:4: expected match: plain program\n1 rules, 1 fixtures, 2 cases: 1 failed\n',
    );
    expect(result.code).toBe(1);
  });
});
