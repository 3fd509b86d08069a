// examples/windows/remote-service-security.evtx: the Security log of FS01 while CORP\it-admin runs
// PsExec against it from WS-ADM-07 (10.20.30.45): a network logon, the service binary written to
// ADMIN$, the SCM pipe opened on IPC$, the service installed and started, its stdin pipe, and the
// remote shell's commands; before it, a backup account's ordinary logon and a WMI host start.
// Made up by the project; fields and types follow real Windows Server 2022 audit events.
import type { EvtxDescription, RecordDescription, ValueInput } from './evtx-description.js';
import { ADMIN_SID, TARGET_HOST } from './example-psexec-target-system.js';
import { SECURITY_AUDITING } from './provider-presets.js';

const LSASS_PID = 652;
const ADMIN = { sid: ADMIN_SID, name: 'it-admin', domain: 'CORP', logonId: '0x5c3a1f2' };
const BACKUP = {
  sid: 'S-1-5-21-3623811015-3361044348-30300820-1013',
  name: 'svc_backup',
  domain: 'CORP',
  logonId: '0x5b90e41',
};
const MACHINE = { sid: 'S-1-5-18', name: 'FS01$', domain: 'CORP', logonId: '0x3e7' };
const SOURCE = { ip: '10.20.30.45', workstation: 'WS-ADM-07' };
/** Windows lists the access names of 5145 one per line, each followed by a newline and tabs. */
const accessList = (...codes: string[]): string => codes.map((code) => `${code}\n\t\t\t\t`).join('');

type Account = typeof ADMIN;

function audit(
  time: string,
  eventId: number,
  task: number,
  version: number,
  data: Record<string, ValueInput>,
): RecordDescription {
  return {
    timeCreated: time,
    system: {
      ...SECURITY_AUDITING,
      eventId,
      task,
      version,
      computer: TARGET_HOST,
      processId: eventId === 4688 ? 4 : LSASS_PID,
      threadId: 4404,
    },
    eventData: data,
  };
}

function subject(a: Account): Record<string, ValueInput> {
  return {
    SubjectUserSid: { type: 'Sid', value: a.sid },
    SubjectUserName: a.name,
    SubjectDomainName: a.domain,
    SubjectLogonId: { type: 'HexInt64', value: a.logonId },
  };
}

function networkLogon(time: string, a: Account, from: typeof SOURCE, port: string): RecordDescription {
  return audit(time, 4624, 12544, 2, {
    ...subject({ sid: 'S-1-0-0', name: '-', domain: '-', logonId: '0x0' }),
    TargetUserSid: { type: 'Sid', value: a.sid },
    TargetUserName: a.name,
    TargetDomainName: a.domain,
    TargetLogonId: { type: 'HexInt64', value: a.logonId },
    LogonType: 3,
    LogonProcessName: 'NtLmSsp ',
    AuthenticationPackageName: 'NTLM',
    WorkstationName: from.workstation,
    LogonGuid: { type: 'Guid', value: '{00000000-0000-0000-0000-000000000000}' },
    TransmittedServices: '-',
    LmPackageName: 'NTLM V2',
    KeyLength: 128,
    ProcessId: { type: 'HexInt64', value: '0x0' },
    ProcessName: '-',
    IpAddress: from.ip,
    IpPort: port,
    ImpersonationLevel: '%%1833',
    RestrictedAdminMode: '-',
    TargetOutboundUserName: '-',
    TargetOutboundDomainName: '-',
    VirtualAccount: '%%1843',
    TargetLinkedLogonId: { type: 'HexInt64', value: '0x0' },
    ElevatedToken: '%%1842',
  });
}

function shareAccess(
  time: string,
  share: 'IPC$' | 'ADMIN$',
  target: string,
  mask: number,
  access: string,
): RecordDescription {
  return audit(time, 5145, 12811, 0, {
    ...subject(ADMIN),
    ObjectType: 'File',
    IpAddress: SOURCE.ip,
    IpPort: '50112',
    ShareName: `\\\\*\\${share}`,
    ShareLocalPath: share === 'ADMIN$' ? '\\??\\C:\\Windows' : '',
    RelativeTargetName: target,
    AccessMask: { type: 'HexInt32', value: mask },
    AccessList: access,
    AccessReason: '-',
  });
}

function processCreated(
  time: string,
  pid: number,
  image: string,
  commandLine: string,
  parentPid: number,
  parent: string,
): RecordDescription {
  return audit(time, 4688, 13312, 2, {
    ...subject(MACHINE),
    NewProcessId: { type: 'HexInt64', value: pid },
    NewProcessName: image,
    TokenElevationType: '%%1936',
    ProcessId: { type: 'HexInt64', value: parentPid },
    CommandLine: commandLine,
    TargetUserSid: { type: 'Sid', value: 'S-1-0-0' },
    TargetUserName: '-',
    TargetDomainName: '-',
    TargetLogonId: { type: 'HexInt64', value: '0x0' },
    ParentProcessName: parent,
    MandatoryLabel: { type: 'Sid', value: 'S-1-16-16384' },
  });
}

const SERVICES_EXE = 'C:\\Windows\\System32\\services.exe';
const PSEXESVC_EXE = 'C:\\Windows\\PSEXESVC.exe';
const CMD_EXE = 'C:\\Windows\\System32\\cmd.exe';

export const REMOTE_SERVICE_SECURITY: EvtxDescription = {
  records: [
    {
      ...networkLogon('2024-05-01T10:10:00.2031874Z', BACKUP, { ip: '10.20.40.12', workstation: 'BKP01' }, '49822'),
      eventRecordId: 1893344,
    },
    processCreated(
      '2024-05-01T10:12:30.5521007Z',
      0x117c,
      'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe',
      'C:\\Windows\\system32\\wbem\\wmiprvse.exe -Embedding',
      0x374,
      'C:\\Windows\\System32\\svchost.exe',
    ),
    networkLogon('2024-05-01T10:14:02.1010533Z', ADMIN, SOURCE, '50112'),
    shareAccess(
      '2024-05-01T10:14:02.1152210Z',
      'ADMIN$',
      'PSEXESVC.exe',
      0x120196,
      accessList('%%1538', '%%1541', '%%4417', '%%4418', '%%4420', '%%4423', '%%4424'),
    ),
    shareAccess(
      '2024-05-01T10:14:02.2604418Z',
      'IPC$',
      'svcctl',
      0x12019f,
      accessList('%%1538', '%%1541', '%%4416', '%%4417', '%%4418', '%%4419', '%%4420', '%%4423', '%%4424'),
    ),
    audit('2024-05-01T10:14:02.3011875Z', 4697, 12289, 1, {
      ...subject(ADMIN),
      ServiceName: 'PSEXESVC',
      ServiceFileName: '%SystemRoot%\\PSEXESVC.exe',
      ServiceType: { type: 'HexInt32', value: 0x10 },
      ServiceStartType: 3,
      ServiceAccount: 'LocalSystem',
    }),
    processCreated('2024-05-01T10:14:02.3302964Z', 0x1a2c, PSEXESVC_EXE, PSEXESVC_EXE, 0x2a0, SERVICES_EXE),
    shareAccess(
      '2024-05-01T10:14:02.5120087Z',
      'IPC$',
      'PSEXESVC-WS-ADM-07-4512-stdin',
      0x12019f,
      accessList('%%1538', '%%1541', '%%4416', '%%4417', '%%4418', '%%4419', '%%4420', '%%4423', '%%4424'),
    ),
    processCreated('2024-05-01T10:14:02.7021650Z', 0x1b40, CMD_EXE, '"cmd.exe" ', 0x1a2c, PSEXESVC_EXE),
    processCreated(
      '2024-05-01T10:14:05.8843312Z',
      0x1c08,
      'C:\\Windows\\System32\\whoami.exe',
      'whoami  /all',
      0x1b40,
      CMD_EXE,
    ),
    processCreated(
      '2024-05-01T10:15:12.0418860Z',
      0x1c9c,
      'C:\\Windows\\System32\\net.exe',
      'net  localgroup administrators',
      0x1b40,
      CMD_EXE,
    ),
  ],
};
