/**
 * svchunt's own Sigma correlation rules (`rules/windows/correlation/`, `rules/linux/correlation/`)
 * on the corpus chains and on hand-made Linux events: which correlation fires where, with which
 * events behind it, and that their `generate: false` input rules never report on their own.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MapEvent, type FieldValue, type LogsourceClass } from '../../src/event/index.js';
import { CorrelationStage } from '../../src/pipeline/correlation-stage.js';
import { FindingEnricher } from '../../src/pipeline/enrich-finding.js';
import { runHunt, selectRules } from '../../src/pipeline/index.js';
import { rawFinding } from '../../src/pipeline/raw-finding.js';
import type { Finding, FindingSink } from '../../src/report/index.js';
import { planCorrelations, RuleSet } from '../../src/sigma/index.js';
import { LOG_CORPUS } from '../conformance/corpus-paths.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TA = 'evtx-to-mitre-attack/';
const MORDOR = 'security-datasets/datasets/atomic/windows/lateral_movement/host/';

const SMB_THEN_INSTALL = 'Service Installed Right After an Executable Was Copied to ADMIN$ or the SCM Pipe Was Opened';
const THEN_SHELL = 'Service Installed Over SMB Then Services.exe Started a Shell';
const MANY = 'Ten or More Command-Interpreter Services Installed on One Host Within Ten Minutes';
const TIMEOUT = 'New Service Did Not Answer Its First Start Within Two Minutes of Being Installed';

async function correlationFindings(inputs: readonly string[]): Promise<{ titles: string[]; all: Finding[] }> {
  const all: Finding[] = [];
  const sink: FindingSink = { write: async (f) => void all.push(f), end: async () => undefined };
  await runHunt({ inputs, rules: { builtin: true, rulePaths: [] }, detect: {}, threads: 1 }, sink);
  const titles = all.filter((f) => f.correlation !== undefined).map((f) => f.rule.title);
  return { titles, all };
}

const counts = (titles: readonly string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const t of titles) out[t] = (out[t] ?? 0) + 1;
  return out;
};

describe('built-in Windows correlation rules on real chains', () => {
  it.each([
    ['the shipped examples', [join(ROOT, 'examples')], { [SMB_THEN_INSTALL]: 1, [TIMEOUT]: 1 }],
    [
      'PsExec remote execution + admin share',
      [
        join(
          LOG_CORPUS,
          `${TA}TA0008-Lateral Movement/T1021.002-SMB Windows Admin Shares/ID4688,4697,5140-5145 PSexec remote execution + admin share.evtx`,
        ),
      ],
      { [SMB_THEN_INSTALL]: 1 },
    ],
    [
      'smbexec (CVE-2021-42287 chain): the chained correlation too',
      [
        join(
          LOG_CORPUS,
          `${TA}EVTX_full_APT_attack_steps/ID47x,4661-4662,5136,4688,4697-SAM the admin (CVE-2021-42287).evtx`,
        ),
      ],
      { [SMB_THEN_INSTALL]: 1, [THEN_SHELL]: 1 },
    ],
    [
      'Tchopper',
      [
        join(
          LOG_CORPUS,
          `${TA}TA0002-Execution/T1569.002-Service execution/ID7000,7009,7045-Payload deployed via service - Tchopper.evtx`,
        ),
      ],
      { [MANY]: 24, [TIMEOUT]: 244 },
    ],
    [
      'Covenant SharpSC',
      [join(LOG_CORPUS, `${MORDOR}covenant_sharpsc_create_dcerpc_smb_svcctl_2020-08-06022635.json`)],
      { [SMB_THEN_INSTALL]: 1 },
    ],
    [
      'Empire psexec',
      [join(LOG_CORPUS, `${MORDOR}empire_psexec_dcerpc_tcp_svcctl_2020-09-20121608.json`)],
      { [TIMEOUT]: 1 },
    ],
    [
      'Metasploit psexec (System)',
      [join(LOG_CORPUS, 'deepbluecli/evtx/metasploit-psexec-native-target-system.evtx')],
      { [TIMEOUT]: 1 },
    ],
  ] as const)('%s', async (_name, inputs, expected) => {
    const { titles } = await correlationFindings(inputs);
    expect(counts(titles)).toEqual(expected);
  });

  it('lists the events behind a hit, with the input rule each matched, and reports no input rule on its own', async () => {
    const { all } = await correlationFindings([join(ROOT, 'examples')]);
    const hit = all.find((f) => f.rule.title === SMB_THEN_INSTALL);
    expect(hit?.correlation?.type).toBe('temporal_ordered');
    expect(hit?.correlation?.groupBy).toEqual({ Computer: 'FS01.corp.example', SubjectUserName: 'it-admin' });
    expect(hit?.correlation?.events.map((e) => `${e.event.eventId} ${e.rule.title}`)).toEqual([
      '5145 Executable Copied to ADMIN$ or SCM Pipe Opened Over SMB',
      '4697 Service Installed (Security 4697)',
    ]);
    const timeout = all.find((f) => f.rule.title === TIMEOUT);
    expect(timeout?.correlation?.groupBy).toEqual({ Computer: 'FS01.corp.example', service: 'kTqvQmRhZbLx' });
    expect(all.filter((f) => f.rule.level === 'informational')).toEqual([]);
    expect(all.every((f) => f.rule.author === 'svchunt project')).toBe(true);
  });
});

describe('correlations under --level', () => {
  it('still run a medium correlation whose inputs are informational, without reporting the inputs', async () => {
    const all: Finding[] = [];
    const sink: FindingSink = { write: async (f) => void all.push(f), end: async () => undefined };
    const summary = await runHunt(
      {
        inputs: [join(ROOT, 'examples')],
        rules: { builtin: true, rulePaths: [], minLevel: 'medium' },
        detect: {},
        threads: 1,
      },
      sink,
    );
    expect(summary.rules.notLoaded).toEqual([]);
    expect(all.filter((f) => f.correlation !== undefined).map((f) => f.rule.title)).toEqual([
      SMB_THEN_INSTALL,
      TIMEOUT,
    ]);
    expect(all.every((f) => ['medium', 'high', 'critical'].includes(f.rule.level ?? ''))).toBe(true);
  });

  it('do not report an inner correlation the options left out, though a selected chain runs it', async () => {
    const all: Finding[] = [];
    const sink: FindingSink = { write: async (f) => void all.push(f), end: async () => undefined };
    await runHunt(
      {
        inputs: [join(ROOT, 'examples')],
        rules: { builtin: true, rulePaths: [], minLevel: 'high' },
        detect: {},
        threads: 1,
      },
      sink,
    );
    // The critical chain (staging, install, then a shell; generate: true) runs its medium inner
    // correlation, which --level high leaves out of the report.
    expect(all.some((f) => f.rule.title === SMB_THEN_INSTALL)).toBe(false);
    expect(all.every((f) => f.rule.level === 'high' || f.rule.level === 'critical')).toBe(true);
  });
});

describe('built-in Linux correlation rule: unit file written, then started', () => {
  const linuxClass = (category: string): LogsourceClass => ({
    key: `linux|test|${category}`,
    product: 'linux',
    services: [],
    categories: [{ category, mappingId: `test_${category}`, fieldMap: {}, conditions: [] }],
    eventId: undefined,
  });
  let offset = 0;
  const event = (seconds: number, category: string, fields: Record<string, FieldValue>, host: string): MapEvent =>
    new MapEvent(
      new Map(Object.entries(fields)),
      linuxClass(category),
      Date.UTC(2026, 10, 26, 16, 44) + seconds * 1000,
      host,
      {
        file: 'audit.log',
        offset: ++offset,
      },
    );
  const write = (s: number, host = 'deb12'): MapEvent =>
    event(
      s,
      'file_event',
      { TargetFilename: '/etc/systemd/system/art-systemd-service.service', Image: '/usr/bin/bash' },
      host,
    );
  const start = (s: number, host = 'deb12'): MapEvent =>
    event(
      s,
      'process_creation',
      { Image: '/usr/bin/systemctl', CommandLine: 'systemctl start art-systemd-service.service' },
      host,
    );

  async function correlate(events: readonly MapEvent[]): Promise<Finding[]> {
    const selection = await selectRules({ builtin: true, rulePaths: [] });
    const plan = planCorrelations(selection.correlations, selection.rules);
    const stage = new CorrelationStage(plan, new FindingEnricher(selection.rules, new Set(), selection.correlations));
    const rules = new RuleSet(selection.rules);
    for (const e of events)
      rules.match(e, (rule, ev) => stage.add(rawFinding(rule, ev, 'auditd', plan.fieldsFor(rule.key))));
    return stage.finish().findings.filter((f) => f.rule.title.startsWith('Systemd Unit File Written Then Started'));
  }

  it('fires when the start follows the write on the same host within ten minutes, grouped by the event host', async () => {
    const found = await correlate([write(0), start(600)]);
    expect(found.map((f) => f.correlation?.groupBy)).toEqual([{ host: 'deb12' }]);
  });

  it('does not fire across hosts, in the reverse order, or past ten minutes', async () => {
    expect(await correlate([write(0, 'a'), start(1, 'b')])).toEqual([]);
    expect(await correlate([start(0), write(1)])).toEqual([]);
    expect(await correlate([write(0), start(600.001)])).toEqual([]);
  });
});
