import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOG_CORPUS } from '../../../test/conformance/corpus-paths.js';
import { fieldsOf, readWith, TempFiles } from '../../../test/fixtures/readers/read-all.js';
import type { Event } from '../../event/index.js';
import { MAX_RECORDS_PER_EVENT } from './audit-assembler.js';
import { AUDITD_READER } from './auditd-reader.js';

const files = new TempFiles();
afterAll(() => files.cleanup());

const GS = '\u001d';
const hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex').toUpperCase();

/** One execve (shell parent seen first) and one unit file created by a shell redirection, ENRICHED format. */
const LOG = [
  `type=SYSCALL msg=audit(1795711457.628:1000): arch=c000003e syscall=1 success=yes exit=5 a0=1 a1=55d1 a2=5 a3=1000 items=0 ppid=26909 pid=26946 auid=1000 uid=0 ses=3 tty=(none) comm="bash" exe="/usr/bin/bash" key=(null)${GS}ARCH=x86_64 SYSCALL=write AUID="cloudsdk" UID="root"`,
  `type=SYSCALL msg=audit(1795711457.820:1095): arch=c000003e syscall=59 success=yes exit=0 a0=5643 a1=5644 a2=5645 a3=8 items=2 ppid=26946 pid=27041 auid=1000 uid=0 ses=3 tty=(none) comm="systemd-run" exe="/usr/bin/systemd-run" key="rootcmd"${GS}ARCH=x86_64 SYSCALL=execve AUID="cloudsdk" UID="root"`,
  `type=EXECVE msg=audit(1795711457.820:1095): argc=4 a0="systemd-run" a1="/bin/bash" a2="-c" a3=${hex('id > /tmp/out.txt')}`,
  'type=CWD msg=audit(1795711457.820:1095): cwd="/root"',
  `type=PATH msg=audit(1795711457.820:1095): item=0 name="/usr/bin/systemd-run" inode=2172218 nametype=NORMAL${GS}OUID="root"`,
  `type=PROCTITLE msg=audit(1795711457.820:1095): proctitle=${hex('systemd-run\0/bin/bash\0-c\0id > /tmp/out.txt')}`,
  `type=SYSCALL msg=audit(1795711458.452:1179): arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=5596 a2=241 a3=1b6 items=2 ppid=26909 pid=26946 auid=1000 uid=0 ses=3 comm="bash" exe="/usr/bin/bash" key="systemd"${GS}ARCH=x86_64 SYSCALL=openat AUID="cloudsdk" UID="root"`,
  'type=CWD msg=audit(1795711458.452:1179): cwd="/root"',
  'type=PATH msg=audit(1795711458.452:1179): item=0 name="/etc/systemd/system/" inode=1135 nametype=PARENT',
  'type=PATH msg=audit(1795711458.452:1179): item=1 name="x.service" inode=9306116 nametype=CREATE',
  'type=PROCTITLE msg=audit(1795711458.452:1179): proctitle="bash"',
  '',
].join('\n');

function ofClass(events: readonly Event[], key: string): Event[] {
  return events.filter((e) => e.logsource.key === key);
}

describe('AuditdReader', () => {
  it('makes one auditd event per record, with the SYSCALL facts copied in and EXECVE arguments decoded', async () => {
    const { events, issues } = await readWith(AUDITD_READER, files.write('audit.log', LOG));
    expect(issues.total).toBe(0);
    const records = ofClass(events, 'linux|auditd');
    expect(records).toHaveLength(11);
    const execve = records.find((e) => e.get('type') === 'EXECVE')!;
    expect(fieldsOf(execve)).toMatchObject({
      a0: 'systemd-run',
      a3: 'id > /tmp/out.txt',
      exe: '/usr/bin/systemd-run',
      key: 'rootcmd',
      AUID: 'cloudsdk',
    });
    expect(execve.get('a1')).toBe('/bin/bash');
    expect(execve.provenance).toMatchObject({ line: 3, recordId: 1095 });
    expect(execve.time).toBe(1795711457820);
    const syscall = records.find((e) => e.get('type') === 'SYSCALL' && e.get('syscall') === '59')!;
    expect(syscall.get('a1')).toBe('5644');
    expect(records.find((e) => e.get('type') === 'PROCTITLE' && e.provenance.recordId === 1095)?.get('proctitle')).toBe(
      'systemd-run /bin/bash -c id > /tmp/out.txt',
    );
    expect(records[0]!.get('key')).toBeNull();
  });

  it('derives a process_creation event per execve, with the parent known from an earlier record of its pid', async () => {
    const { events } = await readWith(AUDITD_READER, files.write('proc.log', LOG));
    const [process] = ofClass(events, 'linux|auditd|process_creation');
    expect(process?.logsource.categories.map((c) => c.category)).toEqual(['process_creation']);
    expect(process?.logsource.services).toEqual([]);
    expect(fieldsOf(process!)).toMatchObject({
      Image: '/usr/bin/systemd-run',
      CommandLine: 'systemd-run /bin/bash -c id > /tmp/out.txt',
      CurrentDirectory: '/root',
      User: 'root',
      ProcessId: '27041',
      ParentProcessId: '26946',
      ParentImage: '/usr/bin/bash',
      LogonId: '3',
      LoginUser: 'cloudsdk',
      key: 'rootcmd',
    });
    expect(process?.provenance.recordId).toBe(1095);
  });

  it('derives a file_event for a file created, its name made absolute with the PARENT path', async () => {
    const { events } = await readWith(AUDITD_READER, files.write('file.log', LOG));
    const fileEvents = ofClass(events, 'linux|auditd|file_event');
    expect(fileEvents.map(fieldsOf)).toEqual([
      expect.objectContaining({
        TargetFilename: '/etc/systemd/system/x.service',
        Image: '/usr/bin/bash',
        key: 'systemd',
        SYSCALL: 'openat',
      }),
    ]);
    expect(fileEvents[0]?.provenance).toMatchObject({ line: 10, recordId: 1179 });
  });

  it('reports a truncated line, a bad hex argument and a line that is no record, and reads the rest', async () => {
    const lines = LOG.split('\n');
    lines[2] = 'type=EXECVE msg=audit(1795711457.820:1095): argc=4 a0="systemd-run" a1="/bin/bash" a2="-c" a3=6964ZZ';
    lines[6] = lines[6]!.slice(0, lines[6]!.indexOf('comm="') + 8); // cut inside a quoted value
    lines.splice(4, 0, 'garbage that is not an audit record');
    const { events, issues } = await readWith(AUDITD_READER, files.write('broken.log', lines.join('\n')));
    expect(Object.fromEntries(issues.countsByCode)).toEqual({
      BAD_AUDIT_HEX: 1,
      BAD_AUDIT_LINE: 1,
      TRUNCATED_AUDIT_RECORD: 1,
    });
    expect(issues.issues.map((i) => [i.code, i.line])).toEqual([
      ['BAD_AUDIT_HEX', 3],
      ['BAD_AUDIT_LINE', 5],
      ['TRUNCATED_AUDIT_RECORD', 8],
    ]);
    expect(ofClass(events, 'linux|auditd|process_creation')[0]?.get('CommandLine')).toBe(
      'systemd-run /bin/bash -c 6964ZZ',
    );
    expect(ofClass(events, 'linux|auditd')).toHaveLength(11);
  });

  it('reports an execve without its EXECVE record and falls back to PROCTITLE for the command line', async () => {
    const lines = LOG.split('\n').filter((l) => !l.startsWith('type=EXECVE'));
    const { events, issues } = await readWith(AUDITD_READER, files.write('no-execve.log', lines.join('\n')));
    expect(issues.issues).toEqual([
      expect.objectContaining({ code: 'AUDIT_EXECVE_MISSING', line: 2, recordId: 1095, skipped: 'none' }),
    ]);
    expect(ofClass(events, 'linux|auditd|process_creation')[0]?.get('CommandLine')).toBe(
      'systemd-run /bin/bash -c id > /tmp/out.txt',
    );
  });

  it('reads a line that is not UTF-8 with a replacement character and reports it', async () => {
    const bad = Buffer.concat([
      Buffer.from('type=CWD msg=audit(1.000:5): cwd="/ro'),
      Buffer.from([0xff]),
      Buffer.from('ot"\n'),
    ]);
    const { events, issues } = await readWith(AUDITD_READER, files.write('latin1.log', bad));
    expect(issues.issues).toEqual([expect.objectContaining({ code: 'BAD_UTF8', line: 1, column: 38 })]);
    expect(events[0]?.get('cwd')).toBe('/ro\uFFFDot');
  });

  it('joins an argument split into aN[i] pieces and keeps records of interleaved events apart', async () => {
    const log = [
      'type=SYSCALL msg=audit(2.000:7): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=2 uid=0 comm="sh" exe="/bin/sh" key="x"',
      'type=SYSCALL msg=audit(2.000:8): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=3 uid=0 comm="id" exe="/bin/id" key="x"',
      `type=EXECVE msg=audit(2.000:7): argc=3 a0="sh" a1="-c" a2_len=10 a2[0]=${hex('echo ')} a2[1]=${hex('hello')}`,
      'type=EXECVE msg=audit(2.000:8): argc=1 a0="id"',
      '',
    ].join('\n');
    const { events } = await readWith(AUDITD_READER, files.write('split.log', log));
    expect(ofClass(events, 'linux|auditd|process_creation').map((e) => e.get('CommandLine'))).toEqual([
      'sh -c echo hello',
      'id',
    ]);
  });

  it('gives events out in the order they started, an event closed by EOE waiting for an older open one', async () => {
    const log = [
      'type=SYSCALL msg=audit(4.000:20): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=2 uid=0 comm="a" exe="/bin/a" key="x"',
      'type=SYSCALL msg=audit(4.000:21): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=3 uid=0 comm="b" exe="/bin/b" key="x"',
      'type=EXECVE msg=audit(4.000:21): argc=1 a0="b"',
      'type=EOE msg=audit(4.000:21):',
      // A record after its event's EOE, while the event is still held, joins it.
      'type=CWD msg=audit(4.000:21): cwd="/srv"',
      'type=EXECVE msg=audit(4.000:20): argc=1 a0="a"',
      'type=EOE msg=audit(4.000:20):',
      '',
    ].join('\n');
    const { events, issues } = await readWith(AUDITD_READER, files.write('eoe-order.log', log));
    expect(issues.total).toBe(0);
    expect(ofClass(events, 'linux|auditd|process_creation').map((e) => e.get('CommandLine'))).toEqual(['a', 'b']);
    expect(ofClass(events, 'linux|auditd').map((e) => `${e.provenance.recordId} ${e.get('type')}`)).toEqual([
      '20 SYSCALL',
      '20 EXECVE',
      '21 SYSCALL',
      '21 EXECVE',
      '21 CWD',
    ]);
  });

  it('reports a record that comes after its event was read, and reads it as an event of its own', async () => {
    const filler = Array.from({ length: 70 }, (_, i) => `type=CWD msg=audit(5.000:${100 + i}): cwd="/"`);
    const log = [
      'type=SYSCALL msg=audit(5.000:30): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=2 uid=0 comm="a" exe="/bin/a" key="x"',
      'type=EXECVE msg=audit(5.000:30): argc=1 a0="a"',
      ...filler,
      'type=PATH msg=audit(5.000:30): item=0 name="/bin/a" nametype=NORMAL',
      // The same serial with another time is another event (the counter starts over at boot): not late.
      'type=CWD msg=audit(9.000:30): cwd="/"',
      '',
    ].join('\n');
    const { events, issues } = await readWith(AUDITD_READER, files.write('late.log', log));
    expect(issues.issues.map((i) => [i.code, i.line, i.recordId, i.skipped])).toEqual([
      ['AUDIT_LATE_RECORD', 73, 30, 'none'],
    ]);
    expect(issues.issues[0]?.message).toMatch(/PATH record of audit event 30 came after the event was read/);
    const late = ofClass(events, 'linux|auditd').filter((e) => e.provenance.recordId === 30);
    expect(late.map((e) => e.get('type'))).toEqual(['SYSCALL', 'EXECVE', 'PATH', 'CWD']);
  });

  it('names x86_64 syscalls in logs written without the ENRICHED format, so SYSCALL rules still apply', async () => {
    const log = [
      'type=SYSCALL msg=audit(3.000:9): arch=c000003e syscall=82 success=yes exit=0 a0=1 a1=2 items=4 ppid=1 pid=5 uid=0 comm="sed" exe="/usr/bin/sed" key="systemd"',
      'type=PATH msg=audit(3.000:9): item=2 name="/etc/systemd/system/sedX" nametype=DELETE',
      'type=PATH msg=audit(3.000:9): item=3 name="/etc/systemd/system/a.service" nametype=CREATE',
      '',
    ].join('\n');
    const { events } = await readWith(AUDITD_READER, files.write('raw-format.log', log));
    expect(events.find((e) => e.get('type') === 'SYSCALL')?.get('SYSCALL')).toBe('rename');
    expect(ofClass(events, 'linux|auditd|file_event').map((e) => e.get('TargetFilename'))).toEqual([
      '/etc/systemd/system/a.service',
    ]);
    // Known as a rename, its DELETE paths are names moved, not files removed.
    expect(ofClass(events, 'linux|auditd|file_delete')).toEqual([]);
  });
});

describe('AuditdReader on long arguments, rule keys, hosts, architectures and ausearch output', () => {
  const execve = (serial: number, pid: number, node = ''): string =>
    `${node}type=SYSCALL msg=audit(6.000:${serial}): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=${pid} uid=0 comm="x" exe="/bin/x${pid}" key="exec"`;

  it('joins an argument whose aN[i] pieces run over several EXECVE records, in order', async () => {
    const log = [
      execve(40, 2),
      `type=EXECVE msg=audit(6.000:40): argc=3 a0="bash" a1="-c" a2_len=24 a2[0]=${hex('curl http://')}`,
      `type=EXECVE msg=audit(6.000:40): a2[1]=${hex('10.0.0.1/x;')}`,
      `type=EXECVE msg=audit(6.000:40): a2[2]=${hex(' sh')}`,
      'type=EOE msg=audit(6.000:40):',
      '',
    ].join('\n');
    const { events, issues } = await readWith(AUDITD_READER, files.write('split-records.log', log));
    expect(issues.total).toBe(0);
    expect(ofClass(events, 'linux|auditd|process_creation')[0]?.get('CommandLine')).toBe(
      'bash -c curl http://10.0.0.1/x; sh',
    );
  });

  it('walks only the arguments an EXECVE record has, whatever its argc says, and reports the ones it lacks', async () => {
    const log = [
      execve(42, 4),
      'type=EXECVE msg=audit(6.000:42): argc=300000000 a0="/bin/bash" a1="/tmp/x.sh"',
      'type=EOE msg=audit(6.000:42):',
      execve(43, 5),
      'type=EXECVE msg=audit(6.000:43): argc=3 a0="sh" a2="/tmp/y.sh"',
      'type=EOE msg=audit(6.000:43):',
      '',
    ].join('\n');
    const { events, issues } = await readWith(AUDITD_READER, files.write('bad-argc.log', log));
    expect(ofClass(events, 'linux|auditd|process_creation').map((e) => e.get('CommandLine'))).toEqual([
      '/bin/bash /tmp/x.sh',
      'sh  /tmp/y.sh',
    ]);
    expect(issues.issues).toEqual([
      expect.objectContaining({ code: 'AUDIT_ARGUMENTS_MISSING', line: 2, recordId: 42, skipped: 'field' }),
      expect.objectContaining({ code: 'AUDIT_ARGUMENTS_MISSING', line: 5, recordId: 43, skipped: 'field' }),
    ]);
    expect(issues.issues[0]!.message).toContain('lacks 299999998 of those arguments');
  });

  it('gives a record stamped past the time a Date holds no time, and reads the records around it', async () => {
    const log = [
      'type=CWD msg=audit(6.000:44): cwd="/root"',
      'type=CWD msg=audit(99999999999999.000:45): cwd="/"',
      'type=CWD msg=audit(7.000:46): cwd="/tmp"',
      '',
    ];
    const { events, issues } = await readWith(AUDITD_READER, files.write('far-future.log', log.join('\n')));
    expect(issues.total).toBe(0);
    expect(events.map((e) => [e.get('cwd'), e.time])).toEqual([
      ['/root', 6000],
      ['/', Number.NaN],
      ['/tmp', 7000],
    ]);
  });

  it('reads an event whose serial repeats without end in parts of MAX_RECORDS_PER_EVENT, reported once', async () => {
    const count = MAX_RECORDS_PER_EVENT * 2 + 10;
    const log = Array.from({ length: count }, (_, i) => `type=CWD msg=audit(6.000:47): cwd="/d${i}"`).join('\n');
    const { events, issues } = await readWith(AUDITD_READER, files.write('one-serial.log', `${log}\n`));
    expect(events).toHaveLength(count);
    expect(events.at(-1)?.get('cwd')).toBe(`/d${count - 1}`);
    expect(issues.issues.map((i) => [i.code, i.line])).toEqual([['AUDIT_EVENT_TOO_LARGE', MAX_RECORDS_PER_EVENT]]);
  });

  it('decodes a UTF-8 character cut between two hex pieces', async () => {
    const log = [
      execve(41, 3),
      'type=EXECVE msg=audit(6.000:41): argc=2 a0="echo" a1_len=5 a1[0]=636166C3 a1[1]=A9',
      '',
    ];
    const { events } = await readWith(AUDITD_READER, files.write('utf8-pieces.log', log.join('\n')));
    expect(ofClass(events, 'linux|auditd|process_creation')[0]?.get('CommandLine')).toBe('echo café');
    expect(events.find((e) => e.get('type') === 'EXECVE')?.get('a1')).toBe('café');
  });

  it('splits a key field holding several rule keys (joined by the kernel with 0x01) into a list', async () => {
    const log = `type=SYSCALL msg=audit(6.000:42): arch=c000003e syscall=2 success=yes exit=3 a1=241 ppid=1 pid=4 uid=0 comm="sh" exe="/bin/sh" key=${hex('systemd\u0001persist')}\n`;
    const { events } = await readWith(AUDITD_READER, files.write('multikey.log', log));
    expect(events[0]?.get('key')).toEqual(['systemd', 'persist']);
  });

  it('keeps the processes and events of several hosts apart, even when serial and time are the same', async () => {
    const log = [
      execve(80, 500, 'node=web1 '),
      execve(80, 501, 'node=db2 ').replace('ppid=1', 'ppid=500'),
      'node=web1 type=EXECVE msg=audit(6.000:80): argc=1 a0="sshd"',
      'node=db2 type=EXECVE msg=audit(6.000:80): argc=2 a0="systemctl" a1="start"',
      'node=web1 type=EOE msg=audit(6.000:80):',
      'node=db2 type=EOE msg=audit(6.000:80):',
      '',
    ].join('\n');
    const { events, issues } = await readWith(AUDITD_READER, files.write('nodes.log', log));
    expect(issues.total).toBe(0);
    const started = ofClass(events, 'linux|auditd|process_creation');
    expect(started.map((e) => [e.host, e.get('CommandLine'), e.get('ParentImage')])).toEqual([
      ['web1', 'sshd', undefined],
      ['db2', 'systemctl start', undefined],
    ]);
  });

  it('names i386 and aarch64 syscalls of RAW logs, and reports an arch without a table once', async () => {
    const log = [
      'type=SYSCALL msg=audit(7.000:300): arch=40000003 syscall=11 success=yes exit=0 ppid=1 pid=900 uid=0 comm="a" exe="/bin/a" key="exec"',
      'type=EXECVE msg=audit(7.000:300): argc=1 a0="a"',
      'type=SYSCALL msg=audit(7.000:301): arch=c00000b7 syscall=221 success=yes exit=0 ppid=1 pid=901 uid=0 comm="b" exe="/bin/b" key="exec"',
      'type=EXECVE msg=audit(7.000:301): argc=1 a0="b"',
      'type=SYSCALL msg=audit(7.000:302): arch=40000028 syscall=11 success=yes exit=0 ppid=1 pid=902 uid=0 comm="c" exe="/bin/c" key="exec"',
      'type=SYSCALL msg=audit(7.000:303): arch=40000028 syscall=11 success=yes exit=0 ppid=1 pid=903 uid=0 comm="d" exe="/bin/d" key="exec"',
      '',
    ].join('\n');
    const { events, issues } = await readWith(AUDITD_READER, files.write('arch.log', log));
    expect(ofClass(events, 'linux|auditd|process_creation').map((e) => e.get('CommandLine'))).toEqual(['a', 'b']);
    expect(issues.issues.map((i) => [i.code, i.line, i.recordId])).toEqual([['AUDIT_UNKNOWN_ARCH', 5, 302]]);
  });

  it("passes over ausearch's separator and time lines quietly, but still reports other junk", async () => {
    const log = [
      '----',
      'time->Tue Nov 14 22:13:20 2023',
      execve(43, 5),
      'type=EXECVE msg=audit(6.000:43): argc=1 a0="id"',
      '----',
      'time->Tue Nov 14 22:13:21 2023',
      'type=CWD msg=audit(6.000:44): cwd="/"',
      '-- not a separator',
      '',
    ].join('\n');
    const { events, issues } = await readWith(AUDITD_READER, files.write('ausearch.out', log));
    expect(issues.issues.map((i) => [i.code, i.line])).toEqual([['BAD_AUDIT_LINE', 8]]);
    expect(ofClass(events, 'linux|auditd')).toHaveLength(3);
  });
});

describe('AuditdReader on the generated Linux logs', () => {
  const attack = join(LOG_CORPUS, 'linux-generated/auditd/attack.log');

  it('turns every line of attack.log into a record event, without an issue', async () => {
    const { events, issues } = await readWith(AUDITD_READER, attack);
    expect(issues.total).toBe(0);
    expect(ofClass(events, 'linux|auditd')).toHaveLength(1595);
    expect(ofClass(events, 'linux|auditd|process_creation')).toHaveLength(143);
  });

  it('decodes the hex-encoded script of the Atomic T1569.003-1 shell (serial 1006)', async () => {
    const { events } = await readWith(AUDITD_READER, attack);
    const shell = ofClass(events, 'linux|auditd|process_creation').find((e) => e.provenance.recordId === 1006);
    expect(shell?.get('CommandLine')).toMatch(
      /^sh -c echo "\[Unit\]" > \/etc\/systemd\/system\/atomic-test\.service\necho/,
    );
  });
});
