/** Process trees from Sysmon GUIDs, from 4688 hex pids that get reused, and from Linux pids. */
import { describe, expect, it } from 'vitest';
import { ProcessTree, imageName } from './process-tree.js';
import type { ProcessRecord } from './story-record.js';

let n = 0;
function proc(fields: Partial<ProcessRecord> & { image: string; time: number }): ProcessRecord {
  n++;
  return {
    kind: 'process',
    host: 'HOST1',
    eventKey: `k${n}`,
    channel: null,
    eventId: null,
    recordId: n,
    source: { file: 'f', format: 'evtx', offset: n },
    pid: null,
    ppid: null,
    guid: null,
    parentGuid: null,
    commandLine: null,
    parentImage: null,
    user: null,
    logonId: null,
    ...fields,
  };
}

const chain = (tree: ProcessTree, r: ProcessRecord): string[] =>
  tree.ancestry(tree.nodeOf(r) as NonNullable<ReturnType<ProcessTree['nodeOf']>>).map((x) => imageName(x.image));

describe('ProcessTree', () => {
  it('links Sysmon processes by GUID: services.exe → cmd.exe → powershell.exe', () => {
    const cmd = proc({
      image: 'C:\\Windows\\System32\\cmd.exe',
      time: 10,
      guid: 'G2',
      parentGuid: 'G1',
      parentImage: 'C:\\Windows\\System32\\services.exe',
      pid: 7448,
      ppid: 672,
    });
    const ps = proc({
      image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      time: 11,
      guid: 'G3',
      parentGuid: 'G2',
      pid: 7520,
      ppid: 7448,
    });
    const tree = new ProcessTree([ps, cmd]);
    expect(chain(tree, ps)).toEqual(['services.exe', 'cmd.exe', 'powershell.exe']);
    const services = tree.ancestry(tree.nodeOf(ps) as never)[0];
    expect(services?.records).toEqual([]);
    expect(tree.descendants(services as never).map((x) => imageName(x.image))).toEqual(['cmd.exe', 'powershell.exe']);
  });

  it('scopes 4688 pids by host and time: a reused pid attaches the child to the latest process before it', () => {
    const oldCmd = proc({ image: 'C:\\Windows\\System32\\notepad.exe', time: 1000, pid: 0x1b40, ppid: 4 });
    const cmd = proc({
      image: 'C:\\Windows\\System32\\cmd.exe',
      time: 5000,
      pid: 0x1b40,
      ppid: 0x1a2c,
      parentImage: 'C:\\Windows\\PSEXESVC.exe',
    });
    const whoami = proc({
      image: 'C:\\Windows\\System32\\whoami.exe',
      time: 6000,
      pid: 0x1c08,
      ppid: 0x1b40,
      parentImage: 'C:\\Windows\\System32\\cmd.exe',
    });
    const elsewhere = proc({
      host: 'HOST2',
      image: 'C:\\Windows\\System32\\net.exe',
      time: 6500,
      pid: 0x1c9c,
      ppid: 0x1b40,
    });
    const tree = new ProcessTree([oldCmd, cmd, whoami, elsewhere]);
    expect(chain(tree, whoami)).toEqual(['psexesvc.exe', 'cmd.exe', 'whoami.exe']);
    expect(tree.nodeOf(elsewhere)?.parent?.records).toEqual([]);
  });

  it('does not take a process whose image contradicts the parent image the child names', () => {
    const other = proc({ image: 'C:\\x\\other.exe', time: 1, pid: 100 });
    const child = proc({
      image: 'C:\\y\\child.exe',
      time: 2,
      pid: 200,
      ppid: 100,
      parentImage: 'C:\\Windows\\System32\\services.exe',
    });
    const tree = new ProcessTree([other, child]);
    expect(chain(tree, child)).toEqual(['services.exe', 'child.exe']);
  });

  it('shares one virtual parent among children of an unlogged process (Windows 7 4688 without parent name)', () => {
    const a = proc({ image: 'C:\\Windows\\duKhLYUX.exe', time: 1, pid: 0xea0, ppid: 0x1e8 });
    const b = proc({ image: 'C:\\Windows\\System32\\cmd.exe', time: 2, pid: 0x694, ppid: 0x1e8 });
    const c = proc({ image: 'C:\\Windows\\System32\\rundll32.exe', time: 3, pid: 0x7e4, ppid: 0xea0 });
    const tree = new ProcessTree([a, b, c]);
    expect(tree.nodeOf(a)?.parent).toBe(tree.nodeOf(b)?.parent);
    expect(chain(tree, c)).toEqual(['?', 'dukhlyux.exe', 'rundll32.exe']);
  });

  it('makes one node of a process logged by Sysmon 1 and by 4688', () => {
    const sysmon = proc({
      image: 'C:\\Windows\\System32\\cmd.exe',
      time: 1000,
      pid: 9028,
      guid: 'G',
      parentGuid: 'P',
      parentImage: 'C:\\Windows\\System32\\services.exe',
    });
    const security = proc({
      image: 'C:\\Windows\\System32\\cmd.exe',
      time: 2100,
      pid: 9028,
      ppid: 704,
      parentImage: 'C:\\Windows\\System32\\services.exe',
    });
    const tree = new ProcessTree([sysmon, security]);
    expect(tree.nodeOf(sysmon)).toBe(tree.nodeOf(security));
    expect(tree.nodeOf(sysmon)?.records.length).toBe(2);
  });

  it('links Linux processes by decimal pids', () => {
    const bash = proc({
      host: 'deb',
      image: '/usr/bin/bash',
      time: 1,
      pid: 4100,
      ppid: 1,
      parentImage: '/usr/lib/systemd/systemd',
    });
    const curl = proc({ host: 'deb', image: '/usr/bin/curl', time: 2, pid: 4101, ppid: 4100 });
    const tree = new ProcessTree([curl, bash]);
    expect(chain(tree, curl)).toEqual(['systemd', 'bash', 'curl']);
  });
});
