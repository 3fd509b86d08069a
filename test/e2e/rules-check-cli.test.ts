/** `svchunt rules check|list` as a user runs them: output, `--json` shape and exit codes. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSvchunt } from './run-svchunt.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'svchunt-check-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const GOOD =
  'title: ok\nid: 00000000-0000-4000-8000-000000000001\nlogsource: {product: windows}\ndetection: {s: {a: 1}, condition: s}\nlevel: high\ntags: [attack.t1569.002]\n';
const BAD = 'title: bad\nlogsource: {product: windows}\ndetection:\n  s: {a|nope: 1}\n  condition: s\n';
const PLACEHOLDER =
  "title: ph\nid: 00000000-0000-4000-8000-000000000002\nlogsource: {product: windows}\ndetection:\n  s: {User|expand: '%Admins%'}\n  condition: s\n";

describe('svchunt rules check', () => {
  it('prints file:line: CODE message and exits 1 when a rule is invalid', async () => {
    const dir = folder({ 'good.yml': GOOD, 'bad.yml': BAD });
    const result = await runSvchunt(['rules', 'check', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${join(dir, 'bad.yml')}:4:7: UNKNOWN_MODIFIER unknown modifier "nope"`);
    expect(result.stdout).toContain('2 documents: 1 ok');
  });

  it('prints the JSON object the issue defines and exits 0 with only unsupported rules', async () => {
    const dir = folder({ 'good.yml': GOOD, 'ph.yml': PLACEHOLDER });
    const result = await runSvchunt(['rules', 'check', dir, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      total: number;
      ok: number;
      unsupported: { path: string; id: string; reason: string }[];
      invalid: unknown[];
    };
    expect(report.total).toBe(2);
    expect(report.ok).toBe(1);
    expect(report.invalid).toEqual([]);
    expect(report.unsupported).toEqual([
      expect.objectContaining({
        path: join(dir, 'ph.yml'),
        id: '00000000-0000-4000-8000-000000000002',
        reason: expect.stringMatching(/^UNSUPPORTED_PLACEHOLDER: placeholder %Admins%/),
      }),
    ]);
  });

  it('compiles placeholder rules when given values', async () => {
    const dir = folder({ 'ph.yml': PLACEHOLDER, 'values.yaml.txt': 'Admins: [alice, bob]\n' });
    const result = await runSvchunt([
      'rules',
      'check',
      join(dir, 'ph.yml'),
      '--placeholders',
      join(dir, 'values.yaml.txt'),
      '--json',
    ]);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 1, ok: 1, unsupported: [], invalid: [] });
  });
});

describe('svchunt rules list', () => {
  it('filters by tag prefix and level', async () => {
    const dir = folder({
      'good.yml': GOOD,
      'other.yml': GOOD.replace('attack.t1569.002', 'attack.t1003').replace('000000000001', '000000000003'),
    });
    const listed = JSON.parse((await runSvchunt(['rules', 'list', dir, '--tag', 'attack.t1569', '--json'])).stdout) as {
      id: string;
    }[];
    expect(listed.map((r) => r.id)).toEqual(['00000000-0000-4000-8000-000000000001']);
    const critical = JSON.parse(
      (await runSvchunt(['rules', 'list', dir, '--level', 'critical', '--json'])).stdout,
    ) as unknown[];
    expect(critical).toEqual([]);
  });
});
