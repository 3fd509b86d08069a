import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../event/index.js';
import type { Finding, FindingAttack } from './finding.js';
import { TableSink, type TableOptions } from './table-sink.js';

const NO_CONTEXT: FindingAttack = { techniques: [], tactics: [], mitigations: [], dataComponents: [], controls: [] };

/** Technique context as long as the real ATT&CK lists (T1021.002 has 16 controls). */
const LONG_CONTEXT: FindingAttack = {
  techniques: ['T1569.002'],
  tactics: [{ id: 'TA0002', name: 'Execution' }],
  mitigations: [
    { id: 'M1022', name: 'Restrict File and Directory Permissions' },
    { id: 'M1026', name: 'Privileged Account Management' },
    { id: 'M1040', name: 'Behavior Prevention on Endpoint' },
    { id: 'M9999', name: 'A Mitigation Whose Name Alone Is Longer Than the Narrowest Terminal Line Can Hold' },
  ],
  dataComponents: [
    { id: 'DC0032', name: 'Process Creation' },
    { id: 'DC0060', name: 'Service Creation' },
    { id: 'DC0063', name: 'Windows Registry Key Modification' },
  ],
  controls: [
    'AC-2',
    'AC-3',
    'AC-5',
    'AC-6',
    'CA-7',
    'CM-2',
    'CM-5',
    'CM-6',
    'CM-7',
    'IA-2',
    'SI-3',
    'SI-4',
    'SI-7',
  ].map((id) => ({ id, name: id })),
};

interface FindingParts {
  readonly time?: number;
  readonly host?: string | null;
  readonly title?: string;
  readonly level?: string;
  readonly techniques?: readonly string[];
  readonly fields?: Readonly<Record<string, FieldValue>>;
}

function finding(parts: FindingParts = {}): Finding {
  return {
    time: parts.time ?? Date.UTC(2024, 4, 1, 10, 14, 2, 301),
    host: parts.host === undefined ? 'FS01.corp.example' : parts.host,
    rule: {
      id: null,
      title: parts.title ?? 'Remote Execution Tool Service Installed (PsExec, RemCom, PAExec, CSExec)',
      level: parts.level ?? 'medium',
      status: 'stable',
      author: 'svchunt',
      tags: [],
      origin: 'builtin',
      path: 'rules/x.yml',
    },
    attack: { ...NO_CONTEXT, techniques: parts.techniques ?? ['T1021.002', 'T1543.003', 'T1569.002'] },
    event: {
      channel: 'System',
      eventId: 7045,
      recordId: 1,
      provider: 'Service Control Manager',
      fields: parts.fields ?? {
        ServiceName: 'PSEXESVC',
        ImagePath: '%SystemRoot%\\PSEXESVC.exe -accepteula -s cmd.exe /c whoami',
        ServiceType: 'user mode service',
        StartType: 'demand start',
      },
    },
    source: { file: 'system.evtx', format: 'evtx', offset: 4096 },
  };
}

/** The findings as a table `width` columns wide, one string per line. */
async function table(findings: readonly Finding[], options: Partial<TableOptions> = {}): Promise<string[]> {
  let text = '';
  const sink = new TableSink(
    async (t) => {
      text += t;
    },
    {
      width: 80,
      color: false,
      techniqueContext: () => ({ name: 'Service Execution', attack: LONG_CONTEXT }),
      ...options,
    },
  );
  for (const f of findings) await sink.write(f);
  await sink.end();
  return text.replace(/\n$/, '').split('\n');
}

/** Findings that want more than any terminal: long titles, hosts and details, CJK and emoji among them. */
const WIDE_FINDINGS = [
  finding({ level: 'informational' }),
  finding({ host: '東京サーバー01.corp.example', title: 'サービスがコマンドインタープリターでインストールされました' }),
  finding({
    level: 'critical',
    host: null,
    techniques: ['T1569.002'],
    fields: {
      CommandLine:
        '🔥🔥🔥 powershell -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA',
    },
  }),
  finding({ time: Number.NaN, title: 'Short', fields: {} }),
];

const longestLine = (lines: readonly string[]): number => Math.max(...lines.map((line) => stringWidth(line)));

describe('TableSink', () => {
  for (const width of [80, 120]) {
    it(`keeps every line of a ${width}-column table within ${width} columns, wide characters counted as two`, async () => {
      for (const color of [false, true]) {
        const lines = await table(WIDE_FINDINGS, { width, color });
        expect(lines.length).toBeGreaterThan(WIDE_FINDINGS.length + 5);
        expect(longestLine(lines)).toBeLessThanOrEqual(width);
      }
    });
  }

  it('cuts nothing when the width is unlimited (a file or a pipe)', async () => {
    const lines = await table(WIDE_FINDINGS, { width: Number.POSITIVE_INFINITY });
    const text = lines.join('\n');
    expect(text).not.toContain('…');
    expect(text).toContain('Remote Execution Tool Service Installed (PsExec, RemCom, PAExec, CSExec)');
    expect(text).toContain('東京サーバー01.corp.example');
    expect(text).toContain('T1021.002,T1543.003,T1569.002');
    expect(text).toContain(
      'ServiceName=PSEXESVC ImagePath=%SystemRoot%\\PSEXESVC.exe -accepteula -s cmd.exe /c whoami ServiceType=user mode service StartType=demand start',
    );
    expect(text).toContain('A Mitigation Whose Name Alone Is Longer Than the Narrowest Terminal Line Can Hold');
    expect(text).toMatch(/NIST 800-53: +AC-2, AC-3, .*, SI-7$/m);
  });

  it('lines up the columns by display width: a CJK host pads to the same column as an ASCII one', async () => {
    const lines = await table(
      [finding({ host: '東京01', title: 'Rule A' }), finding({ host: 'FS01', title: 'Rule B' })],
      { width: Number.POSITIVE_INFINITY },
    );
    const ruleColumn = (line: string | undefined, title: string): number => {
      const at = line?.indexOf(title) ?? -1;
      return stringWidth(line?.slice(0, at) ?? '');
    };
    expect(ruleColumn(lines[1], 'Rule A')).toBe(ruleColumn(lines[2], 'Rule B'));
    expect(ruleColumn(lines[0], 'RULE')).toBe(ruleColumn(lines[2], 'Rule B'));
  });

  it('cuts the details first, marked with …, while time, level, host, rule and techniques still fit', async () => {
    const lines = await table([finding()], { width: 180 });
    const row = lines[1] ?? '';
    expect(stringWidth(row)).toBe(180);
    expect(row).toMatch(/^2024-05-01 10:14:02\.301 {2}medium {2}FS01\.corp\.example {2}Remote Execution Tool/);
    expect(row).toContain('(PsExec, RemCom, PAExec, CSExec)  T1021.002,T1543.003,T1569.002  ServiceName=PSEXESVC');
    expect(row).toMatch(/…$/);
  });

  it('never cuts time or level, and keeps at least 26 columns of the rule title, at 80 columns', async () => {
    const lines = await table(WIDE_FINDINGS, { width: 80 });
    const rowOf = (pattern: RegExp): string => lines.find((line) => pattern.test(line)) ?? '';
    expect(lines[0]).toMatch(/^TIME \(UTC\) {15}LEVEL {10}HOST/);
    expect(rowOf(/informational/)).toMatch(
      /^2024-05-01 10:14:02\.301 {2}informational {2}FS01\.corp\.e… {2}Remote Execution Tool/,
    );
    expect(rowOf(/critical/)).toMatch(/^2024-05-01 10:14:02\.301 {2}critical {7}- {13}Remote Execution Tool/);
    expect(rowOf(/東京/)).toContain('サービスがコマンドインタ'); // 26 columns of a wide title
    expect(rowOf(/Short/)).toMatch(/^- {24}medium {9}/); // a finding without a time
  });

  it('leaves out the details rather than narrow another column for them or print a sliver of them', async () => {
    // The other columns want 155: the details would have 20 only if ATT&CK gave up 25.
    const [header, row] = await table([finding()], { width: 160 });
    expect(header).toMatch(/^TIME \(UTC\) +LEVEL +HOST +RULE +ATT&CK$/);
    expect(row).toMatch(
      /FS01\.corp\.example {2}Remote Execution Tool .* CSExec\) {2}T1021\.002,T1543\.003,T1569\.002$/,
    );
    const [wider] = await table([finding()], { width: 177 });
    expect(wider).toMatch(/ATT&CK {25}DETAILS$/);
    // At 80 columns ATT&CK (listed again in the context block) goes before the title is cut to 26.
    const [narrow, narrowRow] = await table([finding()], { width: 80 });
    expect(narrow).toMatch(/^TIME \(UTC\) +LEVEL +HOST +RULE$/);
    expect(narrowRow).toMatch(/FS01\.corp\.e… {2}Remote Execution Tool Service In…$/);
    const [narrowest] = await table([finding({ level: 'informational' })], { width: 80 });
    expect(narrowest).toMatch(/^TIME \(UTC\) +LEVEL +HOST +RULE$/);
  });

  it('then cuts a long title to 48 columns, then ATT&CK, then the host, then the title down to 20', async () => {
    const row = async (width: number): Promise<string> => (await table([finding()], { width }))[1] ?? '';
    expect(await row(150)).toMatch(
      / {2}FS01\.corp\.example {2}Remote Execution Tool Service Installed \(PsExec, RemCom, PAExec, C… {2}T1021\.002,T1543\.003,T1569\.002$/,
    );
    expect(await row(130)).toMatch(
      / {2}FS01\.corp\.example {2}Remote Execution Tool Service Installed \(PsExec… {2}T1021\.002,T1543\.003,T1569\.0…$/,
    );
    const narrow = await row(100);
    expect(narrow).toMatch(/ {2}FS01\.corp\.e… {2}Remote Execution Tool Service Installed … {2}T1021\.002…$/);
    expect(stringWidth(narrow)).toBe(100);
  });

  it('wraps the ATT&CK context lists to the width, every entry kept and none split but one too long for a line', async () => {
    const lines = await table([finding()], { width: 80 });
    const context = lines.slice(lines.indexOf('ATT&CK context')).join('\n');
    expect(context).toMatch(/^ {4}NIST 800-53: +AC-2, .*\n {21}\S/m);
    for (const control of LONG_CONTEXT.controls) expect(context).toMatch(new RegExp(`\\b${control.id}\\b`));
    for (const m of LONG_CONTEXT.mitigations.slice(0, 3)) expect(context).toContain(`${m.id} ${m.name}`);
    expect(context).toMatch(/M9999 A Mitigation Whose Name .*…$/m);
  });
});
