/**
 * `svchunt hunt` as a user runs it: the built command on the shipped examples, stdout compared with
 * a golden file (regenerate with SVCHUNT_UPDATE_GOLDEN=1 after a deliberate change), output formats,
 * thread-count independence, and exit codes.
 */
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../support/temp-dirs.js';
import { REPO, runSvchunt } from './run-svchunt.js';

const temp = tempDirs();

/** Files read and files that are no log, from the summary of a `--format json` output file. */
function countersOf(file: string): [number, number] {
  const { counters } = (
    JSON.parse(readFileSync(file, 'utf8')) as { summary: { counters: { files: number; notLogs: number } } }
  ).summary;
  return [counters.files, counters.notLogs];
}

const CORPUS_LOGS = join(REPO, '..', 'shared', 'corpus', 'logs');

const hunt = (args: string[]): ReturnType<typeof runSvchunt> => runSvchunt(['hunt', ...args]);
/** The non-empty lines of an output: none for an empty one. */
const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');
const GOLDEN = join(REPO, 'test', 'fixtures', 'hunt', 'examples.jsonl');

describe('svchunt hunt', () => {
  it('finds the T1569 behaviour in the shipped examples, as in the golden file', async () => {
    const result = await hunt(['examples/', '--format', 'jsonl', '--threads', '1']);
    expect(result.code).toBe(0);
    if (process.env['SVCHUNT_UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, result.stdout);
    expect(result.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
    const findings = result.stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            rule: { author: string | null };
            attack: { techniques: string[]; mitigations: unknown[]; controls: unknown[] };
          },
      );
    expect(
      findings.some(
        (f) =>
          f.attack.techniques.includes('T1569.002') && f.attack.mitigations.length > 0 && f.attack.controls.length > 0,
      ),
    ).toBe(true);
    expect(findings.every((f) => f.rule.author !== null)).toBe(true);
    expect(result.stderr).toMatch(/svchunt hunt: 3 files/);
    expect(result.stderr).toMatch(/not logs: 1 files/); // examples/README.md
  });

  it('gives the same findings from a warm rule cache as from parsing', async () => {
    const cache = join(temp.make('svchunt-cache-'), 'rules');
    const cold = await hunt(['examples/', '--format', 'jsonl', '-q', '--rule-cache', cache]);
    const warm = await hunt(['examples/', '--format', 'jsonl', '-q', '--rule-cache', cache]);
    // One shard per folder of the built-in pack that holds rules.
    const shards = readdirSync(cache).map((name) => readFileSync(join(cache, name), 'utf8'));
    expect(shards.length).toBeGreaterThan(3);
    expect(shards.every((text) => text.length > 500)).toBe(true);
    expect(warm.stdout).toBe(cold.stdout);
    expect((await hunt(['examples/', '--format', 'jsonl', '-q', '--no-rule-cache'])).stdout).toBe(cold.stdout);
  });

  it('refuses a file as --rule-cache, which now takes a folder', async () => {
    const file = join(temp.make('svchunt-cache-'), 'rules-cache.json');
    writeFileSync(file, '{}');
    const result = await hunt(['examples/', '-q', '--rule-cache', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a file; --rule-cache takes a folder');
  });

  it('writes the same findings on two threads as on one', async () => {
    const result = await hunt(['examples/', '--format', 'jsonl', '--threads', '2', '--quiet']);
    expect(result.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
    expect(result.stderr).toBe('');
  });

  it('reports the threads that ran: no more than there are files', async () => {
    const threadsOf = async (args: string[]): Promise<number> =>
      (JSON.parse((await hunt([...args, '--format', 'json', '-q'])).stdout) as { summary: { threads: number } }).summary
        .threads;
    expect(await threadsOf(['examples/', '--threads', '2'])).toBe(2);
    expect(await threadsOf(['examples/windows/psexec-target-system.evtx', '--threads', '2'])).toBe(1);
  });

  it('writes CSV with a header, JSON as one document, and a table with the ATT&CK context', async () => {
    const csv = await hunt(['examples/', '--format', 'csv', '-q']);
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^time,host,level,rule_id,rule_title,rule_author,techniques/);
    const json = JSON.parse((await hunt(['examples/', '--format', 'json', '-q'])).stdout) as {
      findings: unknown[];
      summary: { findings: { total: number } };
    };
    expect(json.findings.length).toBe(json.summary.findings.total);
    const table = await hunt(['examples/', '--format', 'table', '-q', '--no-color']);
    expect(table.stdout).toContain('ATT&CK context');
    expect(table.stdout).toMatch(/T1569\.002 Service Execution/);
    expect(table.stdout).toMatch(/NIST 800-53: .*CM-7/);
  });

  it('narrows rules by technique and level, and by time window', async () => {
    const high = lines((await hunt(['examples/', '--format', 'jsonl', '-q', '--level', 'high'])).stdout);
    expect(high.length).toBeGreaterThan(0);
    for (const line of high) expect(['high', 'critical']).toContain(JSON.parse(line).rule.level);
    const none = await hunt(['examples/', '--format', 'jsonl', '--from', '2030-01-01']);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/outside --from\/--to \(or without a time\): 33 records/);
    const t1021 = await hunt(['examples/', '--format', 'jsonl', '-q', '--technique', 'T1021']);
    expect(lines(t1021.stdout).length).toBeGreaterThan(0);
    for (const line of lines(t1021.stdout))
      expect(JSON.stringify(JSON.parse(line).attack.techniques)).toContain('T1021');
  });

  it('exits 1 with --fail-on when a finding reaches the level, 0 otherwise', async () => {
    expect((await hunt(['examples/', '-q', '--format', 'jsonl', '--fail-on', 'high'])).code).toBe(1);
    const dir = temp.make('svchunt-hunt-');
    writeFileSync(join(dir, 'empty.json'), '');
    expect((await hunt([dir, '-q', '--format', 'jsonl', '--fail-on', 'low'])).code).toBe(0);
  });

  it('exits 2 on bad usage and 3 when an input cannot be read', async () => {
    expect((await hunt(['examples/', '--format', 'yaml'])).code).toBe(2);
    expect((await hunt(['examples/', '--threads', '0'])).code).toBe(2);
    const unwritable = await hunt(['examples/', '-o', 'no/such/dir/out.jsonl']);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/^svchunt: cannot create no\/such\/dir\/out\.jsonl: ENOENT/m);
    const noPlaceholders = await hunt(['examples/', '-q', '--placeholders', 'no/such.yml']);
    expect(noPlaceholders.code).toBe(2);
    expect(noPlaceholders.stderr).toMatch(/READ_FAILED cannot read the placeholder file/);
    const missing = await hunt(['no/such/path', '--format', 'jsonl']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/unreadable no\/such\/path: ENOENT/);
  });

  it('refuses what would hunt the wrong thing: bad times, missing rule paths, unknown statuses', async () => {
    for (const args of [
      ['--from', '2024-02-30'],
      ['--from', '12'],
      ['--from', '2024-05-02', '--to', '2024-05-01'],
      ['--no-builtin', '--rules', 'no/such/rules'],
      ['--status', 'stabel'],
      ['--technique', 'T1596.002'],
      ['--technique', 'foo'],
      ['--tag', 't1569'],
      ['--from', '1999-05-01', '--to', '0099-04-01'],
    ]) {
      const result = await hunt(['examples/', '-q', '--format', 'jsonl', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout, args.join(' ')).toBe('');
    }
    // Years before 100 are years before 100 (Date.UTC would read 0099 as 1999).
    const early = await hunt(['examples/', '-q', '--format', 'jsonl', '--from', '0099-05-01', '--to', '2999-01-01']);
    expect(lines(early.stdout).length).toBe(14);
    // Technique lists as --status takes them.
    const listed = await hunt(['examples/', '-q', '--format', 'jsonl', '--technique', 'T1569.002,T1543.003']);
    expect(listed.code).toBe(0);
    expect(lines(listed.stdout).length).toBe(14);
    // A bare date as --to is the whole day; a time without an offset is UTC, whatever TZ says.
    const day = await hunt(['examples/', '-q', '--format', 'jsonl', '--from', '2024-05-01', '--to', '2024-05-01']);
    expect(lines(day.stdout).length).toBe(14);
    const minute = await runSvchunt(
      ['hunt', 'examples/', '-q', '--format', 'jsonl', '--from', '2024-05-01T10:14:00', '--to', '2024-05-01T10:15'],
      REPO,
      { TZ: 'America/New_York' },
    );
    expect(lines(minute.stdout).length).toBe(7);
  });

  it('counts findings of rules without a level in the summary, so the levels add up', async () => {
    const dir = temp.make('svchunt-hunt-');
    writeFileSync(
      join(dir, 'no_level.yml'),
      'title: Any 7045\nid: 6f1c2a4e-0d7b-4f51-9a3e-2b8c5d7e9f10\nlogsource: {product: windows, service: system}\ndetection:\n  sel: {EventID: 7045}\n  condition: sel\n',
    );
    const result = await hunt(['examples/', '--no-builtin', '--rules', dir, '--format', 'jsonl']);
    expect(result.stderr).toMatch(/findings: 3 \(none 3\)/);
  });

  it('keeps an existing output file when the run fails, and never writes over an input', async () => {
    const dir = temp.make('svchunt-hunt-');
    const kept = join(dir, 'findings.jsonl');
    writeFileSync(kept, 'earlier findings\n');
    const failed = await hunt(['examples/', '-q', '-o', kept, '--placeholders', 'no/such.yml']);
    expect(failed.code).toBe(2);
    expect(readFileSync(kept, 'utf8')).toBe('earlier findings\n');
    const evidence = join(dir, 'system.evtx');
    writeFileSync(evidence, readFileSync(join(REPO, 'examples', 'windows', 'psexec-target-system.evtx')));
    const over = await hunt([evidence, '-q', '-o', evidence]);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/refusing to write .*system\.evtx: it is one of the inputs/);
    expect(readFileSync(evidence).subarray(0, 8).toString('latin1')).toBe('ElfFile\0');
    const written = await hunt(['examples/', '-q', '--format', 'jsonl', '-o', kept]);
    expect(written.code).toBe(0);
    expect(lines(readFileSync(kept, 'utf8')).length).toBe(14);
    expect(readdirSync(dir).sort()).toEqual(['findings.jsonl', 'system.evtx']);
  });

  it('never overwrites a file inside an input folder or a rule file, and never reads its own output', async () => {
    const dir = temp.make('svchunt-hunt-');
    const evidence = join(dir, 'system.evtx');
    writeFileSync(evidence, readFileSync(join(REPO, 'examples', 'windows', 'psexec-target-system.evtx')));
    const over = await hunt([dir, '-q', '-o', evidence]);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/refusing to write .*system\.evtx: it would overwrite a file inside the input/);
    expect(readFileSync(evidence).subarray(0, 8).toString('latin1')).toBe('ElfFile\0');
    const rule = join(dir, 'rule.yml');
    const ruleText =
      'title: Any 7045\nid: 0b7c1d52-6a0e-4d43-9f0e-1c2d3e4f5a6b\nlogsource: {product: windows, service: system}\ndetection:\n  sel: {EventID: 7045}\n  condition: sel\n';
    writeFileSync(rule, ruleText);
    const overRule = await hunt(['examples/', '--rules', rule, '-q', '-o', rule]);
    expect(overRule.code).toBe(2);
    expect(readFileSync(rule, 'utf8')).toBe(ruleText);
    /** A hunt of `input` with the one rule, its JSON written to `output`. */
    const huntInto = (input: string, output: string) =>
      hunt([input, '--no-builtin', '--rules', rule, '--format', 'json', '-q', '-o', output]);
    // A new output file inside the input folder is written, and neither it nor its partial file is an input.
    expect((await huntInto(dir, join(dir, 'found.json'))).code).toBe(0);
    expect((await huntInto(dir, join(dir, 'found.json'))).code).toBe(2); // would overwrite the first run's file
    const summary = countersOf(join(dir, 'found.json'));
    expect(summary).toEqual([1, 1]); // the EVTX file; rule.yml is no log
    expect(readdirSync(dir).sort()).toEqual(['found.json', 'rule.yml', 'system.evtx']);
    // The folder named through a link: the run's own partial file is still no input.
    const link = `${dir}-link`;
    symlinkSync(dir, link);
    temp.remember(link);
    expect((await huntInto(link, join(dir, 'again.json'))).code).toBe(0);
    expect(countersOf(join(dir, 'again.json'))).toEqual([2, 1]); // the EVTX and found.json; rule.yml
  });

  it('loads a rule file once however often --rules reaches it, the built-in pack included', async () => {
    const summaryOf = async (args: string[]) => {
      const result = await hunt(['examples/', '--format', 'jsonl', ...args]);
      return [/rules: \d+ loaded \(\d+ built-in\)/.exec(result.stderr)?.[0], lines(result.stdout).length];
    };
    expect(await summaryOf(['--rules', 'rules', '--rules', 'rules/windows'])).toEqual([
      'rules: 110 loaded (110 built-in)',
      14,
    ]);
    expect(await summaryOf(['--no-builtin', '--rules', 'rules/windows', '--rules', 'rules/windows/'])).toEqual([
      'rules: 74 loaded (0 built-in)',
      14,
    ]);
  });

  it('keeps the own findings of a rule that only feeds a correlation out, also when --technique leaves the correlation out', async () => {
    const dir = temp.make('svchunt-hunt-');
    writeFileSync(
      join(dir, 'feed.yml'),
      `title: Any 7045 (feeds the correlation)
id: 3d5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b
name: any_7045
level: low
tags: [attack.t1543.003]
logsource: {product: windows, service: system}
detection: {sel: {EventID: 7045}, condition: sel}
---
title: Services installed
id: 4e6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c
level: high
tags: [attack.t1569.002]
correlation: {type: event_count, rules: [any_7045], timespan: 1h, condition: {gte: 1}}
`,
    );
    const titles = async (args: string[]) => {
      const result = await hunt(['examples/', '--no-builtin', '--rules', dir, '--format', 'jsonl', '-q', ...args]);
      return new Set(lines(result.stdout).map((line) => (JSON.parse(line) as { rule: { title: string } }).rule.title));
    };
    expect(await titles([])).toEqual(new Set(['Services installed']));
    expect(await titles(['--technique', 'T1543.003'])).toEqual(new Set());
    // A technique only the correlation carries selects it (the check of --technique sees correlations).
    expect(await titles(['--technique', 'T1569.002'])).toEqual(new Set(['Services installed']));
  });

  it('prints paths in the summary as printable text: a file name cannot send escapes to the terminal', async () => {
    const dir = temp.make('svchunt-hunt-');
    symlinkSync('/no/such/file', join(dir, 'x\u001b[2Jy'));
    const result = await hunt([dir]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('unreadable');
    expect(result.stderr).toContain('x\\x1b[2Jy');
    expect(result.stderr).not.toContain('\u001b');
  });

  it('reports malformed JSON with its line and still reads the rest of the file', async () => {
    const dir = temp.make('svchunt-hunt-');
    const good = (n: number) =>
      JSON.stringify({
        EventID: 7045,
        Channel: 'System',
        Hostname: 'H1',
        SourceName: 'Service Control Manager',
        ServiceName: `s${n}`,
        ImagePath: 'cmd.exe /c echo x > \\\\.\\pipe\\x',
        TimeCreated: '2024-05-01T10:00:00Z',
      });
    writeFileSync(join(dir, 'events.json'), `${good(1)}\n{"EventID": 7045, "Channel": \n${good(2)}\n`);
    const result = await hunt([dir, '--format', 'jsonl']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/events\.json:2(:\d+)?: BAD_JSON/);
    expect(result.stderr).toMatch(/2 records/);
    expect(
      new Set(
        result.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).event.ServiceName),
      ),
    ).toEqual(new Set(['s1', 's2']));
  });

  it('lets rules name unnamed EventData items by position: Data[1], Data[2] …', async () => {
    const dir = temp.make('svchunt-data-');
    const rule = (id: string, field: string): string => `title: MSSQL reason in ${field}
id: ${id}
status: test
level: high
author: svchunt tests
logsource: { product: windows, service: application }
detection:
  selection:
    EventID: 18456
    ${field}|contains: 'Password did not match'
  condition: selection
`;
    writeFileSync(join(dir, 'second.yml'), rule('0b4d3c2a-1111-4a4a-8b8b-000000000002', 'Data[2]'));
    writeFileSync(join(dir, 'first.yml'), rule('0b4d3c2a-1111-4a4a-8b8b-000000000001', 'Data[1]'));
    const sample = join(
      CORPUS_LOGS,
      'evtx-attack-samples',
      'Credential Access',
      'MSSQL_multiple_failed_logon_EventID_18456.evtx',
    );
    const result = await hunt([sample, '--no-builtin', '--rules', dir, '--format', 'jsonl', '--threads', '1']);
    expect(result.code).toBe(0);
    const titles = lines(result.stdout).map((line) => (JSON.parse(line) as { rule: { title: string } }).rule.title);
    expect(titles.length).toBeGreaterThan(0);
    expect(new Set(titles)).toEqual(new Set(['MSSQL reason in Data[2]']));
  });
});
