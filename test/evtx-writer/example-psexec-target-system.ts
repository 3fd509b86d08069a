// examples/windows/psexec-target-system.evtx: the System log of file server FS01 on the day an
// administrator's account was used to run PsExec against it, and later a psexec-style service with
// a hidden PowerShell command. Made up by the project; field values follow real 7045/7036/7009/7000/
// 7040 events of the Service Control Manager. The encoded PowerShell only prints a harmless line.
import type { EvtxDescription, RecordDescription } from './evtx-description.js';
import { SERVICE_CONTROL_MANAGER } from './provider-presets.js';

export const TARGET_HOST = 'FS01.corp.example';
export const ADMIN_SID = 'S-1-5-21-3623811015-3361044348-30300820-1107';
/** `Write-Output 'svchunt example payload'` as PowerShell's -EncodedCommand wants it (UTF-16LE, base64). */
export const HARMLESS_ENCODED_COMMAND = Buffer.from("Write-Output 'svchunt example payload'", 'utf16le').toString(
  'base64',
);
export const HIDDEN_SERVICE = 'kTqvQmRhZbLx';
export const HIDDEN_SERVICE_IMAGE_PATH = `%COMSPEC% /b /c start /b /min powershell.exe -nop -w hidden -noni -enc ${HARMLESS_ENCODED_COMMAND}`;

const SERVICES_EXE_PID = 672;

function scm(time: string, eventId: number, data: Record<string, string>, userId?: string): RecordDescription {
  return {
    timeCreated: time,
    system: {
      ...SERVICE_CONTROL_MANAGER,
      eventId,
      task: 0,
      computer: TARGET_HOST,
      processId: SERVICES_EXE_PID,
      threadId: 1884,
      ...(userId === undefined ? {} : { userId }),
    },
    eventData: data,
  };
}

/** 7036 carries the service key name and state code as UTF-16 in a Binary element. */
function stateChange(
  time: string,
  displayName: string,
  keyName: string,
  state: 'running' | 'stopped',
): RecordDescription {
  const code = state === 'running' ? 4 : 1;
  return {
    ...scm(time, 7036, { param1: displayName, param2: state }),
    binary: Buffer.from(`${keyName}/${code}\0`, 'utf16le'),
  };
}

function installed(
  time: string,
  name: string,
  imagePath: string,
  startType: string,
  userId: string,
): RecordDescription {
  return scm(
    time,
    7045,
    {
      ServiceName: name,
      ImagePath: imagePath,
      ServiceType: 'user mode service',
      StartType: startType,
      AccountName: 'LocalSystem',
    },
    userId,
  );
}

export const PSEXEC_TARGET_SYSTEM: EvtxDescription = {
  records: [
    { ...stateChange('2024-05-01T09:58:12.4412031Z', 'Windows Update', 'wuauserv', 'running'), eventRecordId: 48211 },
    scm(
      '2024-05-01T10:03:40.0950817Z',
      7040,
      {
        param1: 'Background Intelligent Transfer Service',
        param2: 'auto start',
        param3: 'demand start',
        param4: 'BITS',
      },
      'S-1-5-18',
    ),
    installed(
      '2024-05-01T10:05:31.7730112Z',
      'ContosoBackupAgent',
      '"C:\\Program Files\\Contoso\\Backup\\agent.exe" --service',
      'auto start',
      'S-1-5-21-3623811015-3361044348-30300820-1013',
    ),
    stateChange('2024-05-01T10:05:33.0154478Z', 'Contoso Backup Agent', 'ContosoBackupAgent', 'running'),
    // PsExec from WS-ADM-07 as CORP\it-admin: the service is installed, runs, and is removed again.
    installed('2024-05-01T10:14:02.3012254Z', 'PSEXESVC', '%SystemRoot%\\PSEXESVC.exe', 'demand start', ADMIN_SID),
    stateChange('2024-05-01T10:14:02.3398716Z', 'PSEXESVC', 'PSEXESVC', 'running'),
    stateChange('2024-05-01T10:16:40.9021337Z', 'PSEXESVC', 'PSEXESVC', 'stopped'),
    stateChange(
      '2024-05-01T10:18:05.1140092Z',
      'WinHTTP Web Proxy Auto-Discovery Service',
      'WinHttpAutoProxySvc',
      'running',
    ),
    // A psexec-style payload: a random service name whose ImagePath is a hidden PowerShell command.
    // cmd.exe is no service, so the start times out and fails, as Metasploit's psexec leaves it.
    installed('2024-05-01T10:22:15.6021904Z', HIDDEN_SERVICE, HIDDEN_SERVICE_IMAGE_PATH, 'demand start', ADMIN_SID),
    scm('2024-05-01T10:22:45.6180442Z', 7009, { param1: '30000', param2: HIDDEN_SERVICE }),
    scm('2024-05-01T10:22:45.6182310Z', 7000, { param1: HIDDEN_SERVICE, param2: '%%1053' }),
    stateChange('2024-05-01T10:30:00.0021570Z', 'Windows Update', 'wuauserv', 'stopped'),
  ],
};
