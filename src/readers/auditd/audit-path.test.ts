import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOG_CORPUS } from '../../../test/conformance/corpus-paths.js';
import { readWith, TempFiles } from '../../../test/fixtures/readers/read-all.js';
import type { Event } from '../../event/index.js';
import { AUDITD_READER } from './auditd-reader.js';

const files = new TempFiles();
afterAll(() => files.cleanup());

async function targets(name: string, lines: readonly string[], key: string): Promise<unknown[]> {
  const { events } = await readWith(AUDITD_READER, files.write(name, [...lines, ''].join('\n')));
  return events.filter((e: Event) => e.logsource.key === key).map((e) => e.get('TargetFilename'));
}

const openat = (a0: string): string =>
  `type=SYSCALL msg=audit(1.000:50): arch=c000003e syscall=257 success=yes exit=3 a0=${a0} a1=55 a2=241 a3=1b6 items=2 ppid=1 pid=200 uid=0 comm="sh" exe="/usr/bin/dash" key="systemd"`;

describe('absolutePath of auditd PATH records', () => {
  it('joins a relative name with a folder part to the working directory, not to its PARENT', async () => {
    const lines = [
      openat('ffffff9c'),
      'type=CWD msg=audit(1.000:50): cwd="/etc/systemd"',
      'type=PATH msg=audit(1.000:50): item=0 name="system/" inode=1135 nametype=PARENT',
      'type=PATH msg=audit(1.000:50): item=1 name="system/evil.service" inode=9 nametype=CREATE',
    ];
    expect(await targets('rel.log', lines, 'linux|auditd|file_event')).toEqual(['/etc/systemd/system/evil.service']);
  });

  it('resolves each name of a RENAME_EXCHANGE against its own PARENT, the source logged again last', async () => {
    // renameat2(AT_FDCWD, "evil.service", AT_FDCWD, "/etc/systemd/system/x.service", RENAME_EXCHANGE) in /root.
    const lines = [
      'type=SYSCALL msg=audit(1.000:70): arch=c000003e syscall=316 success=yes exit=0 a0=ffffff9c a1=7ffd a2=ffffff9c a3=55 items=6 ppid=1 pid=203 uid=0 comm="mv" exe="/usr/bin/mv" key="systemd"',
      'type=CWD msg=audit(1.000:70): cwd="/root"',
      'type=PATH msg=audit(1.000:70): item=0 name="/root" inode=2 nametype=PARENT',
      'type=PATH msg=audit(1.000:70): item=1 name="/etc/systemd/system/" inode=1135 nametype=PARENT',
      'type=PATH msg=audit(1.000:70): item=2 name="evil.service" inode=77 nametype=DELETE',
      'type=PATH msg=audit(1.000:70): item=3 name="/etc/systemd/system/x.service" inode=78 nametype=DELETE',
      'type=PATH msg=audit(1.000:70): item=4 name="/etc/systemd/system/x.service" inode=77 nametype=CREATE',
      'type=PATH msg=audit(1.000:70): item=5 name="evil.service" inode=78 nametype=CREATE',
    ];
    expect(await targets('exchange.log', lines, 'linux|auditd|file_event')).toEqual([
      '/etc/systemd/system/x.service',
      '/root/evil.service',
    ]);
  });

  it('resolves the destination of a rename against its own PARENT, not the source one', async () => {
    const lines = [
      'type=SYSCALL msg=audit(1.000:71): arch=c000003e syscall=316 success=yes exit=0 a0=ffffff9c a1=7ffd a2=5 a3=55 items=4 ppid=1 pid=203 uid=0 comm="mv" exe="/usr/bin/mv" key="systemd"',
      'type=CWD msg=audit(1.000:71): cwd="/root"',
      'type=PATH msg=audit(1.000:71): item=0 name="/root" inode=2 nametype=PARENT',
      'type=PATH msg=audit(1.000:71): item=1 name="/etc/systemd/system" inode=1135 nametype=PARENT',
      'type=PATH msg=audit(1.000:71): item=2 name="evil.service" inode=77 nametype=DELETE',
      'type=PATH msg=audit(1.000:71): item=3 name="evil.service" inode=77 nametype=CREATE',
    ];
    // The destination is relative to the directory handle in a2: left as written.
    expect(await targets('mv.log', lines, 'linux|auditd|file_event')).toEqual(['evil.service']);
    const atCwd = lines.map((l) => l.replace('a2=5 ', 'a2=ffffff9c '));
    expect(await targets('mv2.log', atCwd, 'linux|auditd|file_event')).toEqual(['/etc/systemd/system/evil.service']);
    expect(await targets('mv3.log', atCwd, 'linux|auditd|file_delete')).toEqual([]);
  });

  it('leaves a name relative to an open directory handle as written (the kernel names the cwd as its PARENT)', async () => {
    const lines = [
      openat('5'),
      'type=CWD msg=audit(1.000:50): cwd="/root"',
      'type=PATH msg=audit(1.000:50): item=0 name="/root" inode=1139 nametype=PARENT',
      'type=PATH msg=audit(1.000:50): item=1 name="unit.service" inode=9 nametype=CREATE',
    ];
    expect(await targets('dirfd.log', lines, 'linux|auditd|file_event')).toEqual(['unit.service']);
  });

  it('does not put the link systemctl disable removes under /root (attack.log serial 1131)', async () => {
    const { events } = await readWith(AUDITD_READER, join(LOG_CORPUS, 'linux-generated/auditd/attack.log'));
    const removed = events.find(
      (e) => e.logsource.key === 'linux|auditd|file_delete' && e.provenance.recordId === 1131,
    );
    expect(removed?.get('TargetFilename')).toBe('atomic-persist.service');
  });
});
