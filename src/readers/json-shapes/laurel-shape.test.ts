import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOG_CORPUS } from '../../../test/conformance/corpus-paths.js';
import { fieldsOf, readWith, TempFiles } from '../../../test/fixtures/readers/read-all.js';
import type { Event } from '../../event/index.js';
import { AUDITD_READER } from '../auditd/auditd-reader.js';
import { JSON_READER } from '../json-reader.js';

const files = new TempFiles();
afterAll(() => files.cleanup());

const LINUX = join(LOG_CORPUS, 'linux-generated');

/** The shape of laurel 0.5's output for one execve (serial 1170 of the corpus, trimmed). */
const CHMOD = {
  ID: '1795711458.440:1170',
  SYSCALL: {
    arch: '0xc000003e',
    syscall: 59,
    success: 'yes',
    exit: 0,
    ppid: 27104,
    pid: 27105,
    auid: 1000,
    uid: 0,
    ses: 3,
    comm: 'chmod',
    exe: '/usr/bin/chmod',
    key: 'rootcmd',
    SYSCALL: 'execve',
    AUID: 'cloudsdk',
    UID: 'root',
    ARGV: ['0x55a1', '0x55a2', '0x55a3', '0x8'],
    PPID: { EVENT_ID: '1795711458.437:1169', comm: 'sh', exe: '/usr/bin/dash', ppid: 26946 },
  },
  EXECVE: { argc: 3, ARGV: ['chmod', '%2bx', '/usr/local/etc/rc.d/art-test'], ENV: {} },
  CWD: { cwd: '/root' },
  PATH: [{ item: 0, name: '/usr/bin/chmod', mode: '0o100755', nametype: 'NORMAL' }],
  PROCTITLE: { ARGV: ['chmod', '%2bx', '/usr/local/etc/rc.d/art-test'] },
};

function ofClass(events: readonly Event[], key: string): Event[] {
  return events.filter((e) => e.logsource.key === key);
}

describe('laurel shape', () => {
  it('turns one laurel object into record events in auditd text forms and a process_creation event', async () => {
    const { events, issues } = await readWith(JSON_READER, files.write('laurel.jsonl', `${JSON.stringify(CHMOD)}\n`));
    expect(issues.total).toBe(0);
    const records = ofClass(events, 'linux|auditd');
    expect(records.map((e) => e.get('type'))).toEqual(['SYSCALL', 'EXECVE', 'CWD', 'PATH', 'PROCTITLE']);
    expect(fieldsOf(records[0]!)).toMatchObject({ arch: 'c000003e', a0: '55a1', a3: '8' });
    expect(fieldsOf(records[1]!)).toMatchObject({ a0: 'chmod', a1: '+x', key: 'rootcmd', exe: '/usr/bin/chmod' });
    expect(records[3]?.get('mode')).toBe('0100755');
    expect(records[4]?.get('proctitle')).toBe('chmod +x /usr/local/etc/rc.d/art-test');
    const [process] = ofClass(events, 'linux|auditd|process_creation');
    expect(fieldsOf(process!)).toMatchObject({
      Image: '/usr/bin/chmod',
      CommandLine: 'chmod +x /usr/local/etc/rc.d/art-test',
      ParentImage: '/usr/bin/dash',
      User: 'root',
      CurrentDirectory: '/root',
    });
    expect(process?.provenance).toMatchObject({ line: 1, recordId: 1170 });
    expect(process?.time).toBe(1795711458440);
  });

  it('reads the parent from PARENT_INFO, as later laurel releases write it', async () => {
    const { SYSCALL, ...rest } = CHMOD;
    const { PPID: _ppid, ...syscall } = SYSCALL;
    const object = {
      ...rest,
      SYSCALL: syscall,
      PARENT_INFO: { ID: '1795711458.437:1169', comm: 'sh', exe: '/bin/sh', ppid: 1 },
    };
    const { events } = await readWith(JSON_READER, files.write('parent-info.jsonl', JSON.stringify(object)));
    expect(ofClass(events, 'linux|auditd|process_creation')[0]?.get('ParentImage')).toBe('/bin/sh');
  });

  it('reports broken JSON lines and a laurel object without records, and reads the lines after them', async () => {
    const text = [JSON.stringify(CHMOD).slice(0, 80), '{"ID":"1795711458.440:1171"}', JSON.stringify(CHMOD), ''].join(
      '\n',
    );
    const { events, issues } = await readWith(JSON_READER, files.write('broken.jsonl', text));
    expect(issues.issues.map((i) => [i.code, i.line])).toEqual([
      ['BAD_JSON', 1],
      ['UNKNOWN_JSON_SHAPE', 2],
    ]);
    expect(ofClass(events, 'linux|auditd|process_creation')).toHaveLength(1);
  });

  it('takes the parent command line from the exec of the parent earlier in the same file, not another file', async () => {
    const child = {
      ...CHMOD,
      ID: '1795711458.450:1171',
      SYSCALL: { ...CHMOD.SYSCALL, ppid: 27105, pid: 27106 },
    };
    const both = `${JSON.stringify(CHMOD)}\n${JSON.stringify(child)}\n`;
    const { events } = await readWith(JSON_READER, files.write('parent-first.jsonl', both));
    expect(ofClass(events, 'linux|auditd|process_creation').map((e) => e.get('ParentCommandLine'))).toEqual([
      undefined,
      'chmod +x /usr/local/etc/rc.d/art-test',
    ]);
    const alone = await readWith(JSON_READER, files.write('child-alone.jsonl', JSON.stringify(child)));
    expect(ofClass(alone.events, 'linux|auditd|process_creation')[0]?.get('ParentCommandLine')).toBeUndefined();
  });

  it('gives the 142 process_creation events of the attack session a parent command line, as the raw log does', async () => {
    const laurel = await readWith(JSON_READER, join(LINUX, 'laurel/attack.jsonl'));
    const withParent = ofClass(laurel.events, 'linux|auditd|process_creation').filter(
      (e) => e.get('ParentCommandLine') !== undefined,
    );
    expect(withParent).toHaveLength(142);
  });

  it.each(['attack', 'mixed', 'benign'])(
    'gives the same derived events as the raw log of the %s session (parents the raw log never saw aside)',
    async (session) => {
      const raw = await readWith(AUDITD_READER, join(LINUX, `auditd/${session}.log`));
      const laurel = await readWith(JSON_READER, join(LINUX, `laurel/${session}.jsonl`));
      const key = (e: Event): string =>
        `${e.logsource.key} ${String(e.provenance.recordId)} ${String(e.get('TargetFilename') ?? '')}`;
      const derived = (events: readonly Event[]): Map<string, Event> =>
        new Map(events.filter((e) => e.logsource.key !== 'linux|auditd').map((e) => [key(e), e]));
      const fromRaw = derived(raw.events);
      const fromLaurel = derived(laurel.events);
      expect([...fromLaurel.keys()].sort()).toEqual([...fromRaw.keys()].sort());
      for (const [k, event] of fromRaw) {
        const other = fromLaurel.get(k)!;
        for (const field of [
          'Image',
          'CommandLine',
          'CurrentDirectory',
          'User',
          'ProcessId',
          'TargetFilename',
          'ParentCommandLine',
        ]) {
          expect(String(other.get(field)), `${k} ${field}`).toBe(String(event.get(field)));
        }
        if (event.get('ParentImage') !== undefined) expect(other.get('ParentImage'), k).toBe(event.get('ParentImage'));
      }
      expect(ofClass(laurel.events, 'linux|auditd')).toHaveLength(ofClass(raw.events, 'linux|auditd').length);
    },
  );

  it('reports an arch without a syscall table once per file, as the raw reader does', async () => {
    const arm = (serial: number): object => {
      const { SYSCALL: syscall, ...rest } = CHMOD;
      const { SYSCALL: _name, ...unnamed } = syscall;
      return { ...rest, ID: `1795711458.440:${serial}`, SYSCALL: { ...unnamed, arch: '0x40000028', syscall: 11 } };
    };
    const text = [arm(1), arm(2), arm(3)].map((o) => JSON.stringify(o)).join('\n');
    const { issues } = await readWith(JSON_READER, files.write('arm.jsonl', `${text}\n`));
    expect(issues.issues.filter((i) => i.code === 'AUDIT_UNKNOWN_ARCH')).toHaveLength(1);
  });
});
