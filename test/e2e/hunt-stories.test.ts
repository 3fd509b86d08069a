/**
 * `hunt --stories` on real logs: each T1569 chain of the ground truth becomes exactly one attack
 * story with the steps it shows (named per file below), the shipped examples one story across their
 * three files, one thread and two give the same stories, every output format carries them, and
 * memory stays bounded on the whole corpus. Files are read where they lie.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHunt, type HuntSummary } from '../../src/pipeline/index.js';
import type { Finding, FindingSink, Story } from '../../src/report/index.js';
import { LOG_CORPUS } from '../conformance/corpus-paths.js';
import { REPO, runSvchunt, SVCHUNT_BIN } from './run-svchunt.js';

const TA = 'evtx-to-mitre-attack/';
const MORDOR = 'security-datasets/datasets/atomic/windows/lateral_movement/host/';

interface Chain {
  readonly name: string;
  readonly files: readonly string[];
  readonly host: string;
  /** The steps the logs show, in order. */
  readonly steps: readonly string[];
  /** `step eventId` pairs that must be in the story … */
  readonly has: readonly string[];
  /** … and texts no story event may contain (benign activity around the attack). */
  readonly hasNot: readonly string[];
}

const CHAINS: readonly Chain[] = [
  {
    name: 'PsExec target side: 4624, 5140/5145 ADMIN$ and IPC$, 4697, 4688 PSEXESVC.exe → cmd.exe → whoami',
    files: [
      `${TA}TA0008-Lateral Movement/T1021.002-SMB Windows Admin Shares/ID4688,4697,5140-5145 PSexec remote execution + admin share.evtx`,
    ],
    host: 'srvdefender01.offsec.lan',
    steps: ['logon', 'share', 'install', 'start', 'payload'],
    has: ['logon 4624', 'share 5140', 'share 5145', 'install 4697', 'start 4688', 'payload 4688'],
    hasNot: ['MonitorKnowledgeDiscovery', 'cscript'],
  },
  {
    name: 'Empire Invoke-PsExec (Security-Datasets): Sysmon 12/13, 4697, 7045, cmd → powershell, 7009/7000, service deleted',
    files: [`${MORDOR}empire_psexec_dcerpc_tcp_svcctl_2020-09-20121608.json`],
    host: 'WORKSTATION6.theshire.local',
    steps: ['logon', 'install', 'start', 'payload', 'cleanup'],
    has: [
      'logon 4624',
      'install 13',
      'install 4697',
      'install 7045',
      'start 1',
      'start 4688',
      'start 7009',
      'payload 1',
      'cleanup 13',
      'cleanup 12',
    ],
    hasNot: ['NetSetupSvc', 'OfficeC2RClient', 'WmiPrvSE'],
  },
  {
    name: 'Covenant SharpSC create (Security-Datasets): svcctl over SMB, registry, 7045, 4697; never started',
    files: [`${MORDOR}covenant_sharpsc_create_dcerpc_smb_svcctl_2020-08-06022635.json`],
    host: 'WORKSTATION6.theshire.local',
    steps: ['logon', 'share', 'install'],
    has: ['logon 4624', 'share 5145', 'install 12', 'install 13', 'install 7045', 'install 4697'],
    hasNot: ['TrustedInstaller', 'sppsvc', 'samr'],
  },
  {
    name: 'smbexec at the end of the CVE-2021-42287 chain: svcctl, 4697 BTOBTO, cmd.exe from services.exe, C$ output',
    files: [`${TA}EVTX_full_APT_attack_steps/ID47x,4661-4662,5136,4688,4697-SAM the admin (CVE-2021-42287).evtx`],
    host: 'rootdc1.offsec.lan',
    steps: ['logon', 'share', 'install', 'start', 'payload'],
    has: ['logon 4624', 'share 5145', 'install 4697', 'start 4688', 'payload 4688'],
    hasNot: ['hack1', 'compnay-88$'],
  },
  {
    name: "Tchopper's 244 services: 7045 each, then 7009 and 7000",
    files: [
      `${TA}TA0002-Execution/T1569.002-Service execution/ID7000,7009,7045-Payload deployed via service - Tchopper.evtx`,
    ],
    host: 'FS03.offsec.lan',
    steps: ['install', 'start'],
    has: ['install 7045', 'start 7009', 'start 7000'],
    hasNot: [],
  },
  {
    name: 'Metasploit psexec, System and Security logs of one host: two services, duKhLYUX.exe → rundll32, getsystem pipe',
    files: [
      'deepbluecli/evtx/metasploit-psexec-native-target-system.evtx',
      'deepbluecli/evtx/metasploit-psexec-native-target-security.evtx',
    ],
    host: 'IE10Win7',
    steps: ['install', 'start', 'payload', 'cleanup'],
    has: ['install 7045', 'start 4688', 'start 7036', 'start 7009', 'payload 4688', 'cleanup 7036'],
    // The logs were cleared before the attack: a lab reset, not clean-up.
    hasNot: ['log cleared', 'Application Experience'],
  },
];

async function hunt(
  inputs: readonly string[],
  threads = 1,
): Promise<{ stories: Story[]; findings: Finding[]; summary: HuntSummary }> {
  const stories: Story[] = [];
  const findings: Finding[] = [];
  const sink: FindingSink = {
    write: async (f) => void findings.push(f),
    story: async (s) => void stories.push(s),
    end: async () => undefined,
  };
  const summary = await runHunt(
    { inputs, rules: { builtin: true, rulePaths: [] }, detect: {}, threads, stories: true },
    sink,
  );
  return { stories, findings, summary };
}

const stepsOf = (story: Story): string[] => story.steps.map((s) => s.step);

describe('hunt --stories on the real T1569 chains', () => {
  it.each(CHAINS.map((c) => [c.name, c] as const))('%s: exactly one story with its steps', async (_name, chain) => {
    const { stories, summary } = await hunt(chain.files.map((f) => join(LOG_CORPUS, f)));
    expect(summary.stories?.stories).toBe(1);
    expect(stories.length).toBe(1);
    const story = stories[0] as Story;
    expect(story.host).toBe(chain.host);
    expect(stepsOf(story)).toEqual(chain.steps);
    const present = new Set(story.events.map((e) => `${e.step} ${e.eventId}`));
    for (const pair of chain.has) expect(present, pair).toContain(pair);
    const text = story.events.map((e) => e.what).join('\n');
    for (const benign of chain.hasNot) expect(text).not.toContain(benign);
    expect(story.techniques.length).toBeGreaterThan(1);
    expect(story.attack.mitigations.length).toBeGreaterThan(0);
    expect(story.attack.controls.length).toBeGreaterThan(0);
  });

  it('counts Tchopper’s events in full while listing at most 50 per step', async () => {
    const { stories } = await hunt([join(LOG_CORPUS, (CHAINS[4] as Chain).files[0] as string)]);
    const story = stories[0] as Story;
    expect(story.steps.map((s) => `${s.step} ${s.events}`)).toEqual(['install 244', 'start 488']);
    expect(story.services.length).toBe(244);
    expect(story.events.length + story.omittedEvents).toBe(732);
  });

  it('shows what the Metasploit service ran although Windows 7’s 4688 does not name the parent', async () => {
    const { stories } = await hunt((CHAINS[5] as Chain).files.map((f) => join(LOG_CORPUS, f)));
    const tree = stories[0]?.processes.map((p) => [p.image, ...p.children.map((c) => c.image)].join(' → '));
    expect(tree).toEqual([
      'C:\\Windows\\duKhLYUX.exe → C:\\Windows\\System32\\rundll32.exe',
      'C:\\Windows\\System32\\cmd.exe',
    ]);
  });
});

describe('hunt --stories on the Linux recordings (linux-generated, laurel JSON)', () => {
  const LINUX = join(LOG_CORPUS, 'linux-generated', 'laurel');

  it('tells the attack session as one story: unit files written, daemon-reload, enable/start, stop/disable', async () => {
    const { stories, findings } = await hunt([join(LINUX, 'attack.jsonl')]);
    expect(stories.length).toBe(1);
    const story = stories[0] as Story;
    expect(stepsOf(story)).toEqual(['install', 'start', 'cleanup']);
    expect(story.techniques).toEqual(['T1543.002', 'T1569.003', 'T1070']);
    expect(story.services.slice(0, 2)).toEqual(['atomic-test.service', 'atomic_tmp.service']);
    expect(story.summary).toMatch(/^On the host of attack\.jsonl, installed services atomic-test\.service/);
    // The built-in Linux correlation pairs each unit written with the next start on the host; a unit
    // written while another waits for its start is paired later, each event in one pair only.
    const pairs = findings.filter((f) => f.rule.title.startsWith('Systemd Unit File Written Then Started'));
    expect(pairs.length).toBe(10);
  });

  it('finds no written-then-started pair in the benign session', async () => {
    const { findings } = await hunt([join(LINUX, 'benign.jsonl')]);
    expect(findings.filter((f) => f.correlation !== undefined)).toEqual([]);
  });
});

describe('hunt --stories on the shipped examples', () => {
  it('tells one story across the three files of FS01', async () => {
    const { stories } = await hunt([join(REPO, 'examples')]);
    expect(stories.length).toBe(1);
    const story = stories[0] as Story;
    expect(story.host).toBe('FS01.corp.example');
    expect(stepsOf(story)).toEqual(['logon', 'share', 'install', 'start', 'payload', 'cleanup']);
    expect(new Set(story.events.map((e) => e.source.file.split('/').pop()))).toEqual(
      new Set(['psexec-target-system.evtx', 'remote-service-security.evtx', 'service-shell-sysmon.evtx']),
    );
    expect(story.services).toEqual(['PSEXESVC', 'UpdSvc', 'kTqvQmRhZbLx']);
    expect(story.techniques).toEqual(['T1021.002', 'T1570', 'T1543.003', 'T1569.002', 'T1059.003', 'T1059.001']);
    expect(story.level).toBe('critical');
    // Benign service activity around it stays out.
    const text = story.events.map((e) => e.what).join('\n');
    for (const benign of ['ContosoBackupAgent', 'Windows Update', 'BITS', 'svc_backup', 'WmiPrvSE'])
      expect(text).not.toContain(benign);
  });
});

async function cli(args: string[]): Promise<string> {
  const result = await runSvchunt(['hunt', ...args]);
  if (result.code !== 0) throw new Error(`svchunt hunt exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

describe('svchunt hunt --stories output', () => {
  const chainFiles = [...(CHAINS[0] as Chain).files, ...(CHAINS[5] as Chain).files].map((f) => join(LOG_CORPUS, f));

  it('gives the same stories on two threads as on one', async () => {
    for (const inputs of [['examples/'], chainFiles]) {
      const one = await cli([...inputs, '--stories', '--format', 'jsonl', '--threads', '1', '-q']);
      const two = await cli([...inputs, '--stories', '--format', 'jsonl', '--threads', '2', '-q']);
      expect(two).toBe(one);
      expect(one).toMatch(/"story":/);
    }
  });

  it('writes JSONL story lines after the findings, and a stories array in JSON', async () => {
    const lines = (await cli(['examples/', '--stories', '--format', 'jsonl', '-q'])).trim().split('\n');
    const kinds = lines.map((l) => (l.startsWith('{"story":') ? 'story' : 'finding'));
    expect(kinds.indexOf('story')).toBe(kinds.length - 1);
    const story = JSON.parse(lines[lines.length - 1] as string).story as {
      steps: { step: string }[];
      events: unknown[];
    };
    expect(story.steps.map((s) => s.step)).toEqual(['logon', 'share', 'install', 'start', 'payload', 'cleanup']);
    const json = JSON.parse(await cli(['examples/', '--stories', '--format', 'json', '-q'])) as {
      findings: unknown[];
      stories: { id: string }[];
      summary: { stories: { stories: number } };
    };
    expect(json.stories.length).toBe(1);
    expect(json.summary.stories.stories).toBe(1);
    const none = JSON.parse(
      await cli([
        'examples/windows/psexec-target-system.evtx',
        '--stories',
        '--format',
        'json',
        '-q',
        '--from',
        '2030-01-01',
      ]),
    );
    expect(none.stories).toEqual([]);
  });

  it('adds story rows to the CSV table and a story section to the terminal table', async () => {
    const rows = (await cli(['examples/', '--stories', '--format', 'csv', '-q'])).trim().split('\r\n');
    expect(rows[0]).toMatch(/,kind,group_id,step$/);
    const storyRows = rows.filter((r) => /,story,S-[0-9a-f]{10},/.test(r));
    expect(storyRows.length).toBe(24); // the summary row and 23 events
    expect(storyRows[0]).toMatch(/,story,S-[0-9a-f]{10},summary$/);
    const table = await cli(['examples/', '--stories', '--format', 'table', '-q', '--no-color']);
    expect(table).toMatch(/Attack stories \(1\)/);
    expect(table).toMatch(/techniques: +T1021\.002 .* → T1570/);
    expect(table).toMatch(/mitigations: M1018/);
    expect(table).toMatch(/services\.exe → C:\\Windows\\PSEXESVC\.exe\n +└ "cmd\.exe"/);
  });
});

describe('hunt --stories on the whole corpus', () => {
  const time = '/usr/bin/time';

  it('stays within bounded memory and keeps every story record', () => {
    // GNU time measures the peak RSS; .ci/run installs it (Debian package `time`).
    expect(existsSync(time), `${time} missing: apt-get install time`).toBe(true);
    const result = spawnSync(
      time,
      [
        '-f',
        'maxrss_kb=%M',
        process.execPath,
        SVCHUNT_BIN,
        'hunt',
        LOG_CORPUS,
        '--stories',
        '--format',
        'json',
        '--threads',
        '2',
      ],
      {
        cwd: REPO,
        encoding: 'utf8',
        maxBuffer: 256 * 2 ** 20,
      },
    );
    const rssKb = Number(/maxrss_kb=(\d+)/.exec(result.stderr)?.[1]);
    const summary = (JSON.parse(result.stdout) as { summary: HuntSummary }).summary;
    expect(summary.stories?.dropped).toBe(0);
    expect(summary.correlation.dropped).toBe(0);
    expect(summary.stories?.stories).toBeGreaterThan(20);
    // Measured 310 MB with two worker threads on 85 MB of logs; the caps bound the stages at any input size.
    expect(rssKb).toBeLessThan(768 * 1024);
  });
});
