// examples/windows/service-shell-sysmon.evtx: Sysmon on FS01 while services are abused two ways —
// `sc.exe create` of a service whose binary sits in C:\Users\Public, and a psexec-style service
// whose ImagePath makes services.exe start cmd.exe, which starts a hidden PowerShell — between
// ordinary service and process starts. Made up by the project; fields and types follow real Sysmon
// EID 1 (version 5) and EID 13 (version 2) records. Hashes are stand-ins derived from the path.
import { createHash } from 'node:crypto';
import type { EvtxDescription, RecordDescription, ValueInput } from './evtx-description.js';
import {
  HARMLESS_ENCODED_COMMAND,
  HIDDEN_SERVICE,
  HIDDEN_SERVICE_IMAGE_PATH,
  TARGET_HOST,
} from './example-psexec-target-system.js';
import { SYSMON } from './provider-presets.js';

const SYSMON_PID = 2316;
const SYSTEM_LOGON = {
  user: 'NT AUTHORITY\\SYSTEM',
  logonGuid: '{8b1f0d3e-2c4a-6632-e703-000000000000}',
  logonId: '0x3e7',
};
const ADMIN_LOGON = {
  user: 'CORP\\it-admin',
  logonGuid: '{8b1f0d3e-5d12-6632-f2a1-c30500000000}',
  logonId: '0x5c3a1f2',
};
const SERVICES = {
  guid: '{8b1f0d3e-2c4b-6632-0b00-000000000f00}',
  pid: 672,
  image: 'C:\\Windows\\System32\\services.exe',
};

interface ProcessStart {
  readonly time: string;
  readonly guid: string;
  readonly pid: number;
  readonly image: string;
  readonly commandLine: string;
  readonly description: string;
  readonly logon: typeof SYSTEM_LOGON;
  readonly integrity: 'System' | 'High' | 'Medium';
  readonly parent: {
    readonly guid: string;
    readonly pid: number;
    readonly image: string;
    readonly commandLine: string;
  };
  readonly parentUser?: string;
}

function sysmon(time: string, eventId: number, version: number, data: Record<string, ValueInput>): RecordDescription {
  return {
    timeCreated: time,
    system: {
      ...SYSMON,
      eventId,
      task: eventId,
      version,
      computer: TARGET_HOST,
      processId: SYSMON_PID,
      threadId: 3908,
    },
    eventData: data,
  };
}

/** Sysmon's UtcTime: the event time in its own `YYYY-MM-DD hh:mm:ss.mmm` form. */
function utcTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 23);
}

function standInHashes(image: string): string {
  const digest = (algorithm: string): string =>
    createHash(algorithm).update(`svchunt example ${image}`).digest('hex').toUpperCase();
  return `SHA256=${digest('sha256')},IMPHASH=${digest('md5')}`;
}

function processStart(p: ProcessStart): RecordDescription {
  const file = p.image.split('\\').at(-1) ?? p.image;
  return sysmon(p.time, 1, 5, {
    RuleName: '-',
    UtcTime: utcTime(p.time),
    ProcessGuid: { type: 'Guid', value: p.guid },
    ProcessId: p.pid,
    Image: p.image,
    FileVersion: p.image.startsWith('C:\\Windows') ? '10.0.20348.1 (WinBuild.160101.0800)' : '-',
    Description: p.description,
    Product: p.image.startsWith('C:\\Windows') ? 'Microsoft® Windows® Operating System' : '-',
    Company: p.image.startsWith('C:\\Windows') ? 'Microsoft Corporation' : '-',
    OriginalFileName: p.image.startsWith('C:\\Windows') ? file.toUpperCase() : '-',
    CommandLine: p.commandLine,
    CurrentDirectory: p.logon === SYSTEM_LOGON ? 'C:\\Windows\\system32\\' : 'C:\\Users\\it-admin\\',
    User: p.logon.user,
    LogonGuid: { type: 'Guid', value: p.logon.logonGuid },
    LogonId: { type: 'HexInt64', value: p.logon.logonId },
    TerminalSessionId: p.logon === SYSTEM_LOGON ? 0 : 2,
    IntegrityLevel: p.integrity,
    Hashes: standInHashes(p.image),
    ParentProcessGuid: { type: 'Guid', value: p.parent.guid },
    ParentProcessId: p.parent.pid,
    ParentImage: p.parent.image,
    ParentCommandLine: p.parent.commandLine,
    ParentUser: p.parentUser ?? SYSTEM_LOGON.user,
  });
}

function registrySet(time: string, service: string, value: string, details: string): RecordDescription {
  return sysmon(time, 13, 2, {
    RuleName: 'T1031,T1050',
    EventType: 'SetValue',
    UtcTime: utcTime(time),
    ProcessGuid: { type: 'Guid', value: SERVICES.guid },
    ProcessId: SERVICES.pid,
    Image: SERVICES.image,
    TargetObject: `HKLM\\System\\CurrentControlSet\\Services\\${service}\\${value}`,
    Details: details,
    User: SYSTEM_LOGON.user,
  });
}

const servicesParent = { ...SERVICES, commandLine: 'C:\\Windows\\system32\\services.exe' };
const adminShell = {
  guid: '{8b1f0d3e-5d40-6632-3c02-000000000f00}',
  pid: 6120,
  image: 'C:\\Windows\\System32\\cmd.exe',
  commandLine: '"C:\\Windows\\system32\\cmd.exe"',
};
const hiddenCmd = {
  guid: '{8b1f0d3e-6b17-6632-5102-000000000f00}',
  pid: 7448,
  image: 'C:\\Windows\\System32\\cmd.exe',
  commandLine: `C:\\Windows\\system32\\cmd.exe /b /c start /b /min powershell.exe -nop -w hidden -noni -enc ${HARMLESS_ENCODED_COMMAND}`,
};
const systemProcess = { logon: SYSTEM_LOGON, integrity: 'System' } as const;
const adminProcess = { logon: ADMIN_LOGON, integrity: 'High', parentUser: ADMIN_LOGON.user } as const;

export const SERVICE_SHELL_SYSMON: EvtxDescription = {
  records: [
    {
      ...processStart({
        ...systemProcess,
        time: '2024-05-01T10:03:41.2208815Z',
        guid: '{8b1f0d3e-4a1d-6632-f501-000000000f00}',
        pid: 3340,
        image: 'C:\\Windows\\System32\\svchost.exe',
        commandLine: 'C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s BITS',
        description: 'Host Process for Windows Services',
        parent: servicesParent,
      }),
      eventRecordId: 302117,
    },
    processStart({
      ...adminProcess,
      time: '2024-05-01T10:20:11.5170224Z',
      guid: '{8b1f0d3e-6a3b-6632-4a02-000000000f00}',
      pid: 5064,
      image: 'C:\\Windows\\System32\\sc.exe',
      commandLine: 'sc.exe create UpdSvc binPath= "C:\\Users\\Public\\svc.exe" start= auto',
      description: 'Service Control Manager Configuration Tool',
      parent: adminShell,
    }),
    registrySet('2024-05-01T10:20:11.5391870Z', 'UpdSvc', 'ImagePath', 'C:\\Users\\Public\\svc.exe'),
    registrySet('2024-05-01T10:20:11.5392514Z', 'UpdSvc', 'Start', 'DWORD (0x00000002)'),
    processStart({
      ...adminProcess,
      time: '2024-05-01T10:20:19.0823345Z',
      guid: '{8b1f0d3e-6a43-6632-4c02-000000000f00}',
      pid: 6788,
      image: 'C:\\Windows\\System32\\sc.exe',
      commandLine: 'sc.exe start UpdSvc',
      description: 'Service Control Manager Configuration Tool',
      parent: adminShell,
    }),
    processStart({
      ...systemProcess,
      time: '2024-05-01T10:20:19.1460731Z',
      guid: '{8b1f0d3e-6a43-6632-4d02-000000000f00}',
      pid: 7012,
      image: 'C:\\Users\\Public\\svc.exe',
      commandLine: 'C:\\Users\\Public\\svc.exe',
      description: '-',
      parent: servicesParent,
    }),
    registrySet('2024-05-01T10:22:15.6049127Z', HIDDEN_SERVICE, 'ImagePath', HIDDEN_SERVICE_IMAGE_PATH),
    processStart({
      ...systemProcess,
      ...hiddenCmd,
      time: '2024-05-01T10:22:15.6473308Z',
      description: 'Windows Command Processor',
      parent: servicesParent,
    }),
    processStart({
      ...systemProcess,
      time: '2024-05-01T10:22:15.7015562Z',
      guid: '{8b1f0d3e-6b17-6632-5302-000000000f00}',
      pid: 7520,
      image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      commandLine: `powershell.exe  -nop -w hidden -noni -enc ${HARMLESS_ENCODED_COMMAND}`,
      description: 'Windows PowerShell',
      parent: hiddenCmd,
    }),
    processStart({
      ...systemProcess,
      time: '2024-05-01T10:25:02.3312870Z',
      guid: '{8b1f0d3e-6bbe-6632-6002-000000000f00}',
      pid: 4476,
      image: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe',
      commandLine: 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -Embedding',
      description: 'WMI Provider Host',
      parent: {
        guid: '{8b1f0d3e-2c4d-6632-1200-000000000f00}',
        pid: 884,
        image: 'C:\\Windows\\System32\\svchost.exe',
        commandLine: 'C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p',
      },
    }),
  ],
};
