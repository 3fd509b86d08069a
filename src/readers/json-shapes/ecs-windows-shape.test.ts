import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../../test/fixtures/readers/read-all.js';
import { PSEXESVC_DATA, PSEXESVC_SYSTEM, PSEXESVC_WINLOGBEAT } from '../../../test/fixtures/readers/psexesvc-7045.js';
import { ECS_WINDOWS_SHAPE } from './ecs-windows-shape.js';

const SOURCE = { file: 'winlogbeat.ndjson', line: 3, offset: 900 };

const EXPECTED = {
  ...PSEXESVC_SYSTEM,
  Provider_Guid: '{555908D1-A6D7-4695-8E1E-26931D2012F4}',
  TimeCreated_SystemTime: '2024-05-01T10:14:02.301Z',
  ...PSEXESVC_DATA,
};

/** The same document with every nested member written as one dotted name. */
function dotted(document: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (prefix: string, value: unknown): void => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(prefix === '' ? key : `${prefix}.${key}`, inner);
    } else out[prefix] = value;
  };
  walk('', document);
  return out;
}

describe('the Winlogbeat / ECS shape', () => {
  it('recognises a winlog object or a dotted winlog.channel', () => {
    expect(ECS_WINDOWS_SHAPE.matches(PSEXESVC_WINLOGBEAT)).toBe(true);
    expect(ECS_WINDOWS_SHAPE.matches({ 'winlog.channel': 'System', 'winlog.event_id': 7045 })).toBe(true);
    expect(ECS_WINDOWS_SHAPE.matches({ event: { code: '7045' }, host: { name: 'x' } })).toBe(false);
  });

  it('maps winlog members to the names and types of an EVTX record, and carries nothing else', () => {
    const event = ECS_WINDOWS_SHAPE.toEvent(PSEXESVC_WINLOGBEAT, SOURCE)!;
    expect(fieldsOf(event)).toEqual(EXPECTED);
    expect(event.time).toBe(Date.UTC(2024, 4, 1, 10, 14, 2, 301));
    expect(event.host).toBe('FS01.corp.example');
    expect(event.logsource.services).toEqual(['system']);
    expect(event.provenance).toEqual({ ...SOURCE, recordId: 48215 });
  });

  it('reads the same document written with dotted names', () => {
    expect(fieldsOf(ECS_WINDOWS_SHAPE.toEvent(dotted(PSEXESVC_WINLOGBEAT), SOURCE)!)).toEqual(EXPECTED);
  });

  it('falls back to event.code and host.name, drops the UserData wrapper name, and removes spaces', () => {
    // Hand-made: a Security 1102 as winlogbeat ships it, without winlog.event_id or computer_name.
    const event = ECS_WINDOWS_SHAPE.toEvent(
      {
        '@timestamp': '2024-05-01T11:00:00.000Z',
        event: { code: '1102' },
        host: { name: 'DC01' },
        winlog: {
          channel: 'Security',
          provider_name: 'Microsoft-Windows-Eventlog',
          user_data: { xml_name: 'LogFileCleared', SubjectUserName: 'admin', 'Subject Domain Name': 'CORP' },
        },
      },
      SOURCE,
    )!;
    expect(fieldsOf(event)).toEqual({
      Provider_Name: 'Microsoft-Windows-Eventlog',
      EventID: 1102,
      TimeCreated_SystemTime: '2024-05-01T11:00:00.000Z',
      Channel: 'Security',
      Computer: 'DC01',
      SubjectUserName: 'admin',
      SubjectDomainName: 'CORP',
    });
    expect(event.provenance).toEqual(SOURCE);
  });

  describe('event data a Winlogbeat module moved into ECS', () => {
    /** A winlogbeat document of `provider` / `eventId` with `event_data` and the module's ECS members. */
    function shipped(provider: string, eventId: number, ecs: object, eventData: object = {}): Record<string, unknown> {
      return {
        '@timestamp': '2020-10-27T20:00:14.320Z',
        ...ecs,
        winlog: { channel: 'x', provider_name: provider, event_id: String(eventId), event_data: eventData },
      };
    }
    const SYSMON = 'Microsoft-Windows-Sysmon';
    const data = (document: Record<string, unknown>): Record<string, unknown> => {
      const fields = fieldsOf(ECS_WINDOWS_SHAPE.toEvent(document, SOURCE)!);
      for (const system of ['Provider_Name', 'EventID', 'TimeCreated_SystemTime', 'Channel']) delete fields[system];
      return fields;
    };

    it('puts back what the sysmon module moved out of a process creation, under the EVTX names', () => {
      // The sysmon module's output for a Sysmon 1 (winlogbeat-sysmon.js renames, then splits User).
      const document = shipped(
        SYSMON,
        1,
        {
          process: {
            command_line: 'sc.exe create evil binPath= C:\\Users\\Public\\e.exe',
            entity_id: '{9F32B55F-7C4E-5F98-5803-000000000500}',
            executable: 'C:\\Windows\\System32\\sc.exe',
            name: 'sc.exe',
            args: ['sc.exe', 'create'],
            pe: { original_file_name: 'sc.exe' },
            pid: 3616,
            working_directory: 'C:\\Users\\vagrant\\',
            parent: {
              command_line: 'cmd.exe',
              entity_id: '{P}',
              executable: 'C:\\Windows\\System32\\cmd.exe',
              pid: 4212,
            },
          },
          user: { domain: 'VAGRANT', name: 'vagrant' },
        },
        { IntegrityLevel: 'High' },
      );
      expect(data(document)).toEqual({
        IntegrityLevel: 'High',
        Image: 'C:\\Windows\\System32\\sc.exe',
        ProcessGuid: '{9F32B55F-7C4E-5F98-5803-000000000500}',
        ProcessId: 3616,
        User: 'VAGRANT\\vagrant',
        CommandLine: 'sc.exe create evil binPath= C:\\Users\\Public\\e.exe',
        CurrentDirectory: 'C:\\Users\\vagrant\\',
        OriginalFileName: 'sc.exe',
        ParentProcessGuid: '{P}',
        ParentProcessId: 4212,
        ParentImage: 'C:\\Windows\\System32\\cmd.exe',
        ParentCommandLine: 'cmd.exe',
      });
    });

    it.each([
      [
        'process access',
        10,
        { process: { executable: 'C:\\x.exe', pid: 4, thread: { id: 8 } } },
        { SourceImage: 'C:\\x.exe', SourceProcessId: 4, SourceThreadId: 8 },
      ],
      [
        'image load',
        7,
        { process: { executable: 'C:\\x.exe' }, file: { path: 'C:\\a.dll', pe: { original_file_name: 'a.dll' } } },
        { Image: 'C:\\x.exe', ImageLoaded: 'C:\\a.dll', OriginalFileName: 'a.dll' },
      ],
      ['file create', 11, { file: { path: 'C:\\t.ps1', name: 't.ps1' } }, { TargetFilename: 'C:\\t.ps1' }],
      ['pipe create', 17, { file: { name: '\\PSEXESVC' } }, { PipeName: '\\PSEXESVC' }],
      [
        'network connection',
        3,
        {
          network: { direction: 'egress', transport: 'tcp' },
          source: { ip: '10.0.0.5', port: 50123 },
          destination: { ip: '1.2.3.4', port: 445, domain: 'fs' },
        },
        {
          Protocol: 'tcp',
          Initiated: 'true',
          SourceIp: '10.0.0.5',
          SourcePort: 50123,
          DestinationIp: '1.2.3.4',
          DestinationHostname: 'fs',
          DestinationPort: 445,
        },
      ],
      [
        'registry DWORD set',
        13,
        { registry: { path: 'HKLM\\S\\Start', data: { strings: ['3'], type: 'SZ_DWORD' } } },
        { TargetObject: 'HKLM\\S\\Start', Details: 'DWORD (0x00000003)' },
      ],
      [
        'registry text set',
        13,
        { registry: { path: 'HKLM\\S\\ImagePath', data: { strings: ['C:\\e.exe'], type: 'REG_SZ' } } },
        { TargetObject: 'HKLM\\S\\ImagePath', Details: 'C:\\e.exe' },
      ],
      [
        'registry QWORD set',
        13,
        { registry: { path: 'HKLM\\S\\Q', data: { strings: ['99'], type: 'SZ_QWORD' } } },
        { TargetObject: 'HKLM\\S\\Q' },
      ],
      ['DNS query', 22, { dns: { question: { name: 'evil.example' } } }, { QueryName: 'evil.example' }],
    ])(
      'puts back what the module moved out of a Sysmon %s by the field it came from',
      (_name, eventId, ecs, expected) => {
        expect(data(shipped(SYSMON, eventId, ecs))).toEqual(expected);
      },
    );

    it('puts back 4688 process names for the security module and script blocks for the powershell module', () => {
      const process = {
        executable: 'C:\\w\\sc.exe',
        command_line: 'sc create x',
        parent: { executable: 'C:\\w\\cmd.exe' },
      };
      expect(data(shipped('Microsoft-Windows-Security-Auditing', 4688, { process }, { SubjectUserName: 'a' }))).toEqual(
        {
          SubjectUserName: 'a',
          NewProcessName: 'C:\\w\\sc.exe',
          ParentProcessName: 'C:\\w\\cmd.exe',
          CommandLine: 'sc create x',
        },
      );
      const powershell = { file: { script_block_id: '50d2', script_block_text: 'New-Service -Name evil' } };
      expect(data(shipped('Microsoft-Windows-PowerShell', 4104, { powershell, file: { path: 'C:\\s.ps1' } }))).toEqual({
        ScriptBlockText: 'New-Service -Name evil',
        ScriptBlockId: '50d2',
        Path: 'C:\\s.ps1',
      });
    });

    it("keeps the event data's own value, and moves nothing back for other providers or event IDs", () => {
      const process = { executable: 'C:\\ecs.exe', command_line: 'ecs' };
      expect(data(shipped(SYSMON, 1, { process }, { Image: 'C:\\own.exe', CommandLine: 'own' }))).toEqual({
        Image: 'C:\\own.exe',
        CommandLine: 'own',
      });
      // The security module copies 4624's ProcessName to process.executable: EVTX has no Image there.
      expect(
        data(shipped('Microsoft-Windows-Security-Auditing', 4624, { process }, { ProcessName: 'C:\\ecs.exe' })),
      ).toEqual({
        ProcessName: 'C:\\ecs.exe',
      });
      expect(data(shipped('Some-Provider', 1, { process }))).toEqual({});
    });
  });

  it("gives a Security access list its %% codes back where Winlogbeat 8's pipeline took them off", () => {
    const share = (accessList: unknown): unknown =>
      ECS_WINDOWS_SHAPE.toEvent(
        {
          '@timestamp': '2024-05-01T11:00:00.000Z',
          event: { code: '5145' },
          host: { name: 'FS01' },
          winlog: {
            channel: 'Security',
            provider_name: 'Microsoft-Windows-Security-Auditing',
            event_data: { ShareName: '\\\\*\\ADMIN$', RelativeTargetName: 'PSEXESVC.exe', AccessList: accessList },
          },
        },
        SOURCE,
      )?.get('AccessList');
    expect(share(['4416', '4417'])).toEqual(['%%4416', '%%4417']);
    expect(share(['4417'])).toBe('%%4417');
    // As Windows writes it (Winlogbeat 7), or anything that is not bare codes: left as it is.
    expect(share('%%4416\n\t\t\t\t%%4417')).toBe('%%4416\n\t\t\t\t%%4417');
    expect(share(['4417', 'WriteData'])).toEqual(['4417', 'WriteData']);
  });
});
