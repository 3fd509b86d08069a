/**
 * A deterministic stream of common benign Windows events (Sysmon, Security, System, PowerShell) with
 * varied, realistic values, for benchmarking the rule engine on something like a real host's mix.
 */
import type { MapEvent } from '../../src/event/index.js';
import { windowsEventFromFields, type FieldValue } from '../../src/event/index.js';

/** Small seeded PRNG (mulberry32) so every run benchmarks the same events. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const USERS = ['CORP\\alice', 'CORP\\bob', 'NT AUTHORITY\\SYSTEM', 'NT AUTHORITY\\NETWORK SERVICE', 'CORP\\svc_backup'];
const PROGRAMS = [
  [
    'C:\\Windows\\System32\\svchost.exe',
    'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule',
    'C:\\Windows\\System32\\services.exe',
  ],
  [
    'C:\\Windows\\System32\\conhost.exe',
    '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1',
    'C:\\Windows\\System32\\cmd.exe',
  ],
  [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer --lang=en-US',
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  ],
  [
    'C:\\Windows\\System32\\RuntimeBroker.exe',
    'C:\\Windows\\System32\\RuntimeBroker.exe -Embedding',
    'C:\\Windows\\System32\\svchost.exe',
  ],
  [
    'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE',
    '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE" /recycle',
    'C:\\Windows\\explorer.exe',
  ],
  ['C:\\Windows\\System32\\taskhostw.exe', 'taskhostw.exe Install $(Arg0)', 'C:\\Windows\\System32\\svchost.exe'],
  [
    'C:\\Windows\\System32\\SearchProtocolHost.exe',
    '"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe1_ Global\\UsGthrCtrlFltPipeMssGthrPipe1 1 -2147483646',
    'C:\\Windows\\System32\\SearchIndexer.exe',
  ],
  [
    'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    'powershell.exe -NoProfile -Command Get-Service',
    'C:\\Windows\\explorer.exe',
  ],
  ['C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\system32\\cmd.exe /c dir C:\\Users', 'C:\\Windows\\explorer.exe'],
  [
    'C:\\Program Files\\Microsoft VS Code\\Code.exe',
    '"C:\\Program Files\\Microsoft VS Code\\Code.exe" --type=utility',
    'C:\\Program Files\\Microsoft VS Code\\Code.exe',
  ],
  [
    'C:\\Windows\\System32\\msiexec.exe',
    'C:\\Windows\\system32\\msiexec.exe /V',
    'C:\\Windows\\System32\\services.exe',
  ],
  [
    'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe',
    'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding',
    'C:\\Windows\\System32\\svchost.exe',
  ],
] as const;
const DLLS = [
  'ntdll.dll',
  'kernel32.dll',
  'KernelBase.dll',
  'advapi32.dll',
  'user32.dll',
  'combase.dll',
  'crypt32.dll',
  'wininet.dll',
];
const DOMAINS = [
  'www.microsoft.com',
  'login.microsoftonline.com',
  'update.googleapis.com',
  'outlook.office365.com',
  'github.com',
];

function baseFields(
  channel: string,
  provider: string,
  eventId: number,
  record: number,
  computer: string,
  time: string,
) {
  return new Map<string, FieldValue>([
    ['Provider_Name', provider],
    ['EventID', eventId],
    ['Version', 5],
    ['Level', 4],
    ['Task', 1],
    ['Opcode', 0],
    ['Keywords', '0x8000000000000000'],
    ['TimeCreated_SystemTime', time],
    ['EventRecordID', record],
    ['Execution_ProcessID', 3000],
    ['Execution_ThreadID', 4000],
    ['Channel', channel],
    ['Computer', computer],
    ['Security_UserID', 'S-1-5-18'],
  ]);
}

/** `count` benign events with varied hosts, users, programs, paths and times. */
export function benignEvents(count: number, seed = 7): MapEvent[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const events: MapEvent[] = [];
  for (let i = 0; i < count; i++) {
    const computer = `WKS-${String(Math.floor(random() * 400)).padStart(4, '0')}.corp.example`;
    const time = new Date(Date.UTC(2024, 4, 1) + i * 997).toISOString();
    const guid = `{${Math.floor(random() * 0xffffffff)
      .toString(16)
      .padStart(8, '0')}-1A2B-${i % 10000}-0000-000000000000}`;
    const [image, commandLine, parent] = pick(PROGRAMS);
    const roll = random();
    let fields: Map<string, FieldValue>;
    if (roll < 0.22) {
      fields = baseFields(SYSMON, 'Microsoft-Windows-Sysmon', 1, i, computer, time);
      const name = image.slice(image.lastIndexOf('\\') + 1);
      for (const [k, v] of [
        ['RuleName', '-'],
        ['UtcTime', time.replace('T', ' ').replace('Z', '')],
        ['ProcessGuid', guid],
        ['ProcessId', 1000 + (i % 9000)],
        ['Image', image],
        ['FileVersion', '10.0.19041.1'],
        ['Description', name],
        ['Product', 'Microsoft® Windows® Operating System'],
        ['Company', 'Microsoft Corporation'],
        ['OriginalFileName', name.toUpperCase()],
        ['CommandLine', `${commandLine} ${i % 97}`],
        ['CurrentDirectory', 'C:\\Windows\\system32\\'],
        ['User', pick(USERS)],
        ['LogonGuid', guid],
        ['LogonId', '0x3e7'],
        ['TerminalSessionId', 0],
        ['IntegrityLevel', 'System'],
        ['Hashes', `SHA256=${((i * 2654435761) >>> 0).toString(16)}`],
        ['ParentProcessGuid', guid],
        ['ParentProcessId', 600],
        ['ParentImage', parent],
        ['ParentCommandLine', parent],
        ['ParentUser', pick(USERS)],
      ] as const)
        fields.set(k, v);
    } else if (roll < 0.36) {
      fields = baseFields(SYSMON, 'Microsoft-Windows-Sysmon', 7, i, computer, time);
      fields
        .set('Image', image)
        .set('ImageLoaded', `C:\\Windows\\System32\\${pick(DLLS)}`)
        .set('Signed', 'true');
      fields
        .set('Signature', 'Microsoft Windows')
        .set('SignatureStatus', 'Valid')
        .set('ProcessId', 1000 + (i % 9000))
        .set('User', pick(USERS));
    } else if (roll < 0.46) {
      fields = baseFields(SYSMON, 'Microsoft-Windows-Sysmon', 3, i, computer, time);
      fields
        .set('Image', image)
        .set('Protocol', 'tcp')
        .set('Initiated', 'true')
        .set('SourceIp', `10.0.${i % 200}.${i % 250}`);
      fields
        .set('DestinationIp', `52.${i % 250}.${(i * 7) % 250}.${(i * 13) % 250}`)
        .set('DestinationPort', 443)
        .set('DestinationHostname', pick(DOMAINS));
    } else if (roll < 0.56) {
      fields = baseFields(SYSMON, 'Microsoft-Windows-Sysmon', 11, i, computer, time);
      fields
        .set('Image', image)
        .set('TargetFilename', `C:\\Users\\alice\\AppData\\Local\\Temp\\tmp${i.toString(16)}.tmp`)
        .set('User', pick(USERS));
    } else if (roll < 0.64) {
      fields = baseFields(SYSMON, 'Microsoft-Windows-Sysmon', 13, i, computer, time);
      fields.set('EventType', 'SetValue').set('Image', image);
      fields.set(
        'TargetObject',
        `HKU\\S-1-5-21-1000\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\${i % 50}`,
      );
      fields.set('Details', `DWORD (0x0000000${i % 10})`);
    } else if (roll < 0.68) {
      fields = baseFields(SYSMON, 'Microsoft-Windows-Sysmon', 22, i, computer, time);
      fields.set('QueryName', pick(DOMAINS)).set('QueryStatus', '0').set('Image', image);
    } else if (roll < 0.78) {
      fields = baseFields('Security', 'Microsoft-Windows-Security-Auditing', 4624, i, computer, time);
      fields
        .set('SubjectUserSid', 'S-1-5-18')
        .set('TargetUserName', pick(['alice', 'bob', 'SYSTEM', 'WKS-0001$']))
        .set('TargetDomainName', 'CORP');
      fields
        .set('LogonType', pick([2, 3, 5, 7, 10]))
        .set('LogonProcessName', 'Kerberos')
        .set('AuthenticationPackageName', 'Kerberos');
      fields
        .set('IpAddress', `10.0.${i % 200}.${i % 250}`)
        .set('WorkstationName', computer)
        .set('TargetLogonId', `0x${(i * 31).toString(16)}`);
    } else if (roll < 0.84) {
      fields = baseFields('Security', 'Microsoft-Windows-Security-Auditing', 4688, i, computer, time);
      fields.set('NewProcessName', image).set('CommandLine', commandLine).set('ParentProcessName', parent);
      fields
        .set('SubjectUserName', 'alice')
        .set('NewProcessId', `0x${(i % 9000).toString(16)}`)
        .set('TokenElevationType', '%%1936');
    } else if (roll < 0.9) {
      fields = baseFields('System', 'Service Control Manager', 7036, i, computer, time);
      fields
        .set('param1', pick(['Windows Update', 'Background Intelligent Transfer Service', 'Print Spooler']))
        .set('param2', pick(['running', 'stopped']));
    } else {
      fields = baseFields(
        'Microsoft-Windows-PowerShell/Operational',
        'Microsoft-Windows-PowerShell',
        4104,
        i,
        computer,
        time,
      );
      fields.set('MessageNumber', 1).set('MessageTotal', 1).set('ScriptBlockId', guid);
      fields.set(
        'ScriptBlockText',
        `Get-ChildItem -Path C:\\Users\\alice\\Documents -Filter *.docx | Select-Object Name, Length # ${i}`,
      );
    }
    events.push(windowsEventFromFields(fields, { file: 'benign', offset: i }));
  }
  return events;
}
