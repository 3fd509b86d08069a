import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOG_CORPUS } from '../../../test/conformance/corpus-paths.js';
import { readWith, TempFiles } from '../../../test/fixtures/readers/read-all.js';
import type { Event } from '../../event/index.js';
import { JSON_READER } from '../json-reader.js';
import { AUDITD_READER } from './auditd-reader.js';

const files = new TempFiles();
afterAll(() => files.cleanup());

const LINUX = join(LOG_CORPUS, 'linux-generated');

/** `[audit serial, category, TargetFilename]` of the file_event and file_delete events derived from a log. */
type FileFact = [number | string | undefined, string, unknown];

function fileFacts(events: readonly Event[]): FileFact[] {
  return events
    .filter((e) => e.logsource.key === 'linux|auditd|file_event' || e.logsource.key === 'linux|auditd|file_delete')
    .map((e) => [e.provenance.recordId, e.logsource.key.slice('linux|auditd|'.length), e.get('TargetFilename')]);
}

async function rawFileFacts(name: string, lines: readonly string[]): Promise<FileFact[]> {
  const { events, issues } = await readWith(AUDITD_READER, files.write(name, [...lines, ''].join('\n')));
  expect(issues.total).toBe(0);
  return fileFacts(events);
}

async function laurelFileFacts(name: string, objects: readonly object[]): Promise<FileFact[]> {
  const text = objects.map((o) => JSON.stringify(o)).join('\n');
  const { events, issues } = await readWith(JSON_READER, files.write(name, `${text}\n`));
  expect(issues.total).toBe(0);
  return fileFacts(events);
}

const UNIT = '/etc/systemd/system/evil.service';

/**
 * openat2(AT_FDCWD, name, &how, 24) of x86_64 (syscall 437) by systemctl, as the kernel writes it:
 * a2 is the address of `struct open_how`, so the flags are not in the SYSCALL record.
 */
const openat2 = (serial: number, items: number): string =>
  `type=SYSCALL msg=audit(1795711500.100:${serial}): arch=c000003e syscall=437 success=yes exit=3 a0=ffffff9c a1=7ffc5a10 a2=7ffc5b20 a3=18 items=${items} ppid=1 pid=912 auid=1000 uid=0 gid=0 euid=0 ses=3 comm="systemctl" exe="/usr/bin/systemctl" key="systemd"`;
const unitPath = (serial: number, item: number, nametype: string): string =>
  `type=PATH msg=audit(1795711500.100:${serial}): item=${item} name="/etc/systemd/system/evil.service" inode=9306120 dev=fe:00 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=${nametype}`;
const parentPath = (serial: number): string =>
  `type=PATH msg=audit(1795711500.100:${serial}): item=0 name="/etc/systemd/system/" inode=1135 dev=fe:00 mode=040755 ouid=0 ogid=0 rdev=00:00 nametype=PARENT`;
/** The record Linux ≥ 5.16 adds for openat2 (kernel/auditsc.c, `AUDIT_OPENAT2`): `oflag=0%llo mode=0%llo resolve=0x%llx`. */
const openat2Record = (serial: number, type: string, oflag: string, mode: string): string =>
  `type=${type} msg=audit(1795711500.100:${serial}): oflag=${oflag} mode=${mode} resolve=0x0`;

/** The same openat2 as laurel writes it (one object per event, records by type name). */
function laurelOpenat2(serial: number, nametypes: readonly string[], openat2Fields?: object): object {
  const paths = nametypes.map((nametype, item) =>
    nametype === 'PARENT'
      ? { item, name: '/etc/systemd/system/', inode: 1135, mode: '0o40755', nametype }
      : { item, name: '/etc/systemd/system/evil.service', inode: 9306120, mode: '0o100644', nametype },
  );
  return {
    ID: `1795711500.100:${serial}`,
    SYSCALL: {
      arch: '0xc000003e',
      syscall: 437,
      success: 'yes',
      exit: 3,
      items: paths.length,
      ppid: 1,
      pid: 912,
      auid: 1000,
      uid: 0,
      ses: 3,
      comm: 'systemctl',
      exe: '/usr/bin/systemctl',
      key: 'systemd',
      ARCH: 'x86_64',
      SYSCALL: 'openat2',
      ARGV: ['0xffffff9c', '0x7ffc5a10', '0x7ffc5b20', '0x18'],
    },
    ...(openat2Fields === undefined ? {} : { OPENAT2: openat2Fields }),
    CWD: { cwd: '/' },
    PATH: paths,
  };
}

describe('file events of openat2', () => {
  it('reads an openat2 of an existing unit file without an OPENAT2 record as a read, not a write', async () => {
    const lines = [openat2(60, 1), 'type=CWD msg=audit(1795711500.100:60): cwd="/"', unitPath(60, 0, 'NORMAL')];
    expect(await rawFileFacts('openat2-old-kernel.log', lines)).toEqual([]);
  });

  it('still sees the file an openat2 created, from its CREATE path, without an OPENAT2 record', async () => {
    const lines = [openat2(61, 2), parentPath(61), unitPath(61, 1, 'CREATE')];
    expect(await rawFileFacts('openat2-create.log', lines)).toEqual([[61, 'file_event', UNIT]]);
  });

  it('takes the open flags of openat2 from the octal oflag of its OPENAT2 record, by name or as UNKNOWN[1337]', async () => {
    const lines = [
      // O_RDONLY|O_CLOEXEC: systemd reading a unit.
      openat2(62, 1),
      openat2Record(62, 'OPENAT2', '02000000', '00'),
      unitPath(62, 0, 'NORMAL'),
      // O_WRONLY|O_CREAT|O_TRUNC of an existing unit: its content replaced.
      openat2(63, 1),
      openat2Record(63, 'OPENAT2', '01101', '0644'),
      unitPath(63, 0, 'NORMAL'),
      // An auditd older than the record type names it by number.
      openat2(64, 1),
      openat2Record(64, 'UNKNOWN[1337]', '02000000', '00'),
      unitPath(64, 0, 'NORMAL'),
      openat2(65, 1),
      openat2Record(65, 'UNKNOWN[1337]', '02001101', '0644'),
      unitPath(65, 0, 'NORMAL'),
      // O_WRONLY|O_APPEND|O_CLOEXEC: an append, left out as for open and openat (OPEN_WRITE_FLAGS).
      openat2(66, 1),
      openat2Record(66, 'OPENAT2', '02002001', '00'),
      unitPath(66, 0, 'NORMAL'),
    ];
    expect(await rawFileFacts('openat2-record.log', lines)).toEqual([
      [63, 'file_event', UNIT],
      [65, 'file_event', UNIT],
    ]);
  });

  it("reads laurel's OPENAT2 record, whose even-length oflag laurel hex-decodes into bytes", async () => {
    const objects = [
      laurelOpenat2(70, ['NORMAL']),
      // laurel reads an untyped "numeric" field first as hex text: 02000000 becomes the bytes 02 00 00 00.
      laurelOpenat2(71, ['NORMAL'], { oflag: '%02%00%00%00', mode: '%00', resolve: '0x0' }),
      laurelOpenat2(72, ['NORMAL'], { oflag: '%02%00%11%01', mode: '0644', resolve: '0x0' }),
      // An odd number of digits is no hex text: laurel keeps it as written.
      laurelOpenat2(73, ['NORMAL'], { oflag: '01101', mode: '0644', resolve: '0x0' }),
      laurelOpenat2(74, ['PARENT', 'CREATE']),
    ];
    expect(await laurelFileFacts('openat2.jsonl', objects)).toEqual([
      [72, 'file_event', UNIT],
      [73, 'file_event', UNIT],
      [74, 'file_event', UNIT],
    ]);
  });
});

describe('file events of a rename', () => {
  /** rename("/tmp/x.service", "/etc/systemd/system/evil.service") over an existing unit, as the kernel writes it. */
  const renameOver = [
    'type=SYSCALL msg=audit(1795711500.200:80): arch=c000003e syscall=82 success=yes exit=0 a0=55e0 a1=55e1 a2=55e1 a3=0 items=5 ppid=26946 pid=27500 auid=1000 uid=0 gid=0 euid=0 ses=3 comm="mv" exe="/usr/bin/mv" key="systemd"',
    'type=CWD msg=audit(1795711500.200:80): cwd="/root"',
    'type=PATH msg=audit(1795711500.200:80): item=0 name="/tmp/" inode=260072 dev=fe:00 mode=041777 ouid=0 ogid=0 rdev=00:00 nametype=PARENT',
    'type=PATH msg=audit(1795711500.200:80): item=1 name="/etc/systemd/system/" inode=1135 dev=fe:00 mode=040755 ouid=0 ogid=0 rdev=00:00 nametype=PARENT',
    'type=PATH msg=audit(1795711500.200:80): item=2 name="/tmp/x.service" inode=2146400 dev=fe:00 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=DELETE',
    'type=PATH msg=audit(1795711500.200:80): item=3 name="/etc/systemd/system/evil.service" inode=9306120 dev=fe:00 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=DELETE',
    'type=PATH msg=audit(1795711500.200:80): item=4 name="/etc/systemd/system/evil.service" inode=2146400 dev=fe:00 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=CREATE',
  ];

  it('reports a unit file replaced by a rename as written, and neither name as deleted', async () => {
    expect(await rawFileFacts('rename-over.log', renameOver)).toEqual([[80, 'file_event', UNIT]]);
  });

  it('reads sed -i replacing a unit (attack.log serial 1079) the same way in the raw log and in laurel', async () => {
    const expected = [[1079, 'file_event', '/etc/systemd/system/atomic-modify-test.service']];
    const raw = await readWith(AUDITD_READER, join(LINUX, 'auditd/attack.log'));
    expect(fileFacts(raw.events).filter(([serial]) => serial === 1079)).toEqual(expected);
    const laurel = await readWith(JSON_READER, join(LINUX, 'laurel/attack.jsonl'));
    expect(fileFacts(laurel.events).filter(([serial]) => serial === 1079)).toEqual(expected);
  });

  it('reports both names of a RENAME_EXCHANGE as written: each now holds the other file', async () => {
    // renameat2(AT_FDCWD, "/tmp/x.service", AT_FDCWD, UNIT, RENAME_EXCHANGE): may_delete() logs both
    // names as DELETE, then fsnotify_rename() one CREATE per name (include/linux/fsnotify.h).
    const lines = [
      renameOver[0]!.replace('syscall=82', 'syscall=316').replace('items=5', 'items=6'),
      ...renameOver.slice(1),
      'type=PATH msg=audit(1795711500.200:80): item=5 name="/tmp/x.service" inode=9306120 dev=fe:00 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=CREATE',
    ];
    expect(await rawFileFacts('rename-exchange.log', lines)).toEqual([
      [80, 'file_event', UNIT],
      [80, 'file_event', '/tmp/x.service'],
    ]);
  });

  it('still reports a file an unlink removed as deleted', async () => {
    const lines = [
      'type=SYSCALL msg=audit(1795711500.300:90): arch=c000003e syscall=87 success=yes exit=0 a0=55e0 a1=0 a2=0 a3=0 items=2 ppid=26946 pid=27501 auid=1000 uid=0 gid=0 euid=0 ses=3 comm="rm" exe="/usr/bin/rm" key="systemd"',
      'type=PATH msg=audit(1795711500.300:90): item=0 name="/etc/systemd/system/" inode=1135 dev=fe:00 mode=040755 ouid=0 ogid=0 rdev=00:00 nametype=PARENT',
      'type=PATH msg=audit(1795711500.300:90): item=1 name="/etc/systemd/system/evil.service" inode=2146400 dev=fe:00 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=DELETE',
    ];
    expect(await rawFileFacts('unlink.log', lines)).toEqual([[90, 'file_delete', UNIT]]);
  });
});
