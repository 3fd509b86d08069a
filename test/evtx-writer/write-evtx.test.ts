import { describe, expect, it } from 'vitest';
import { runEvtxexport } from './libevtx-oracle.js';
import { expectReadBack } from './expect-read-back.js';
import { buildEvtx, writeEvtx } from './index.js';
import type { RecordDescription, SystemDescription, ValueInput } from './index.js';
import { SECURITY_AUDITING, SERVICE_CONTROL_MANAGER } from './provider-presets.js';

const scm: SystemDescription = {
  ...SERVICE_CONTROL_MANAGER,
  eventId: 7045,
  task: 0,
  computer: 'FS01.corp.example',
  processId: 668,
  threadId: 2980,
  userId: 'S-1-5-21-3623811015-3361044348-30300820-1013',
};

const security: SystemDescription = {
  ...SECURITY_AUDITING,
  eventId: 4697,
  version: 1,
  task: 12289,
  computer: 'FS01.corp.example',
  processId: 652,
  threadId: 4404,
};

const { userId: _noUser, ...scmWithoutUser } = scm;

function record(time: string, system: SystemDescription, eventData: Record<string, ValueInput>): RecordDescription {
  return { timeCreated: time, system, eventData };
}

const psexecInstall = record('2024-05-01T10:00:00.1234567Z', scm, {
  ServiceName: 'PSEXESVC',
  ImagePath: '%SystemRoot%\\PSEXESVC.exe',
  ServiceType: 'user mode service',
  StartType: 'demand start',
  AccountName: 'LocalSystem',
});

describe('writeEvtx', () => {
  it('writes records that evtxexport reads back with the same System fields and EventData', () => {
    const records = [
      psexecInstall,
      {
        ...record('2024-05-01T10:00:00.2500000Z', { ...scmWithoutUser, eventId: 7036 }, {}),
        eventData: { param1: 'PSEXESVC', param2: 'running' },
        binary: Buffer.from('PSEXESVC/4\0', 'utf16le'),
      },
      record('2024-05-01T10:00:01Z', security, {
        SubjectUserSid: { type: 'Sid', value: 'S-1-5-21-3623811015-3361044348-30300820-500' },
        SubjectUserName: 'Administrator',
        SubjectDomainName: 'CORP',
        SubjectLogonId: { type: 'HexInt64', value: '0x3e7' },
        ServiceName: 'PSEXESVC',
        ServiceFileName: '%SystemRoot%\\PSEXESVC.exe',
        ServiceType: { type: 'HexInt32', value: 0x10 },
        ServiceStartType: 3,
        ServiceAccount: 'LocalSystem',
      }),
    ];
    const out = runEvtxexport(writeEvtx({ records }));
    expect(out.exitCode).toBe(0);
    expect(out.events).toHaveLength(records.length);
    records.forEach((r, i) => expectReadBack(out.events[i], r, i + 1));
  });

  it('encodes every value type the way evtxexport renders it', () => {
    const values: Record<string, ValueInput> = {
      String: 'cmd.exe /c echo x > \\\\.\\pipe\\x & "quoted" \'single\'',
      AnsiString: { type: 'AnsiString', value: 'ansi text' },
      Int8: { type: 'Int8', value: 100 },
      UInt8: { type: 'UInt8', value: 200 },
      Int16: { type: 'Int16', value: 30000 },
      UInt16: { type: 'UInt16', value: 65000 },
      Int32: { type: 'Int32', value: 2_000_000_000 },
      UInt32: 4_000_000_000,
      Int64: { type: 'Int64', value: 9_000_000_000_000n },
      UInt64: 18_000_000_000_000_000_000n,
      Real32: { type: 'Real32', value: 0.25 },
      Real64: 1234.5,
      BooleanTrue: true,
      BooleanFalse: false,
      Binary: new Uint8Array([0x4d, 0x5a, 0x90, 0x00]),
      Guid: { type: 'Guid', value: '{0fd50764-28f3-6440-e008-000000001800}' },
      Sid: { type: 'Sid', value: 'S-1-5-18' },
      FileTime: { type: 'FileTime', value: '2024-05-01T09:59:58.7654321Z' },
      SystemTime: { type: 'SystemTime', value: '2024-05-01T09:59:58.765Z' },
      HexInt32: { type: 'HexInt32', value: 0x120196 },
      HexInt64: { type: 'HexInt64', value: '0xffff8000ef4fe9f8' },
      StringArray: ['%%1538', '%%1541', '%%4417'],
      UInt32Array: [1, 2, 3],
      HexInt64Array: { type: 'HexInt64', value: [0x10n, 0x20n] },
      EmptyString: '',
      EmptyArray: [],
      Missing: null,
    };
    const r = record('2024-05-01T10:00:00Z', { ...security, eventId: 9999 }, values);
    const out = runEvtxexport(writeEvtx({ records: [r] }));
    expect(out.exitCode).toBe(0);
    expectReadBack(out.events[0], r, 1);
    expect(out.events[0]?.data.map((d) => d.name)).not.toContain('Missing');
  });

  it('writes UserData as one namespaced element with a child per field', () => {
    const cleared: RecordDescription = {
      timeCreated: '2024-05-01T11:00:00Z',
      system: {
        ...security,
        providerName: 'Microsoft-Windows-Eventlog',
        eventId: 1102,
        task: 104,
        channel: 'Security',
      },
      userData: {
        name: 'LogFileCleared',
        xmlns: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog',
        fields: { SubjectUserSid: { type: 'Sid', value: 'S-1-5-18' }, SubjectUserName: 'svc_backup', BackupPath: '' },
      },
    };
    const [event] = runEvtxexport(writeEvtx({ records: [cleared] })).events;
    expectReadBack(event, cleared, 1);
    expect(event?.userData?.children.map((c) => c.name)).toEqual(['SubjectUserSid', 'SubjectUserName', 'BackupPath']);
  });

  it('numbers records from 1 and continues after an explicit EventRecordID', () => {
    const records = [psexecInstall, { ...psexecInstall, eventRecordId: 5000 }, psexecInstall];
    const out = runEvtxexport(writeEvtx({ records }));
    expect(out.events.map((e) => e.system['EventRecordID'])).toEqual(['1', '5000', '5001']);
  });

  it('splits records over chunks when a chunk is full and evtxexport reads every one in order', () => {
    const records = Array.from({ length: 400 }, (_, i) =>
      record(`2024-05-01T10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`, scm, {
        ServiceName: `svc${i}`,
        ImagePath: `C:\\Windows\\Temp\\${'x'.repeat(200)}${i}.exe`,
      }),
    );
    const { bytes, layout } = buildEvtx({ records });
    expect(layout.chunkOffsets.length).toBeGreaterThan(2);
    const out = runEvtxexport(bytes);
    expect(out.exitCode).toBe(0);
    expect(out.events.map((e) => e.system['EventRecordID'])).toEqual(records.map((_, i) => String(i + 1)));
    expect(out.events.map((e) => e.data[0]?.value)).toEqual(records.map((_, i) => `svc${i}`));
  });

  it('starts a new chunk after chunkCapacity records', () => {
    const { layout } = buildEvtx({ records: Array.from({ length: 5 }, () => psexecInstall), chunkCapacity: 2 });
    expect(layout.records.map((r) => r.chunk)).toEqual([0, 0, 1, 1, 2]);
  });

  it('refuses a record too large for an empty chunk', () => {
    const fields = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`Field${i}`, 'x'.repeat(2000)]));
    const huge = record('2024-05-01T10:00:00Z', scm, fields);
    expect(() => writeEvtx({ records: [huge] })).toThrow(RangeError);
  });
});
