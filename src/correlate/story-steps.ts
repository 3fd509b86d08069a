/**
 * What each story record is, as a step of the attack (logon, share, install, start, payload,
 * clean-up), in one line of plain words, and which ATT&CK techniques a step shows.
 */
import type { StoryStep } from '../report/index.js';
import { imageName } from './process-tree.js';
import type { RecordRole } from './service-units.js';
import type { StoryRecord } from './story-record.js';

const FAILURES: Readonly<Record<number, string>> = {
  7000: 'failed to start',
  7009: 'did not answer the start request in time',
  7011: 'did not answer a control request in time',
  7022: 'hung starting',
  7023: 'ended with an error',
  7024: 'ended with a service-specific error',
  7031: 'ended unexpectedly',
  7034: 'ended unexpectedly',
};

const STOPPING = /^(stopped|stopping|deactivated)/i;

/**
 * The step of a record. `deleted` says whether the unit's service was already marked for deletion
 * (decides a registry key event whose kind an export lost).
 */
export function stepOf(record: StoryRecord, role: RecordRole | undefined, deleted: boolean): StoryStep {
  switch (record.kind) {
    case 'logon':
      return 'logon';
    case 'share':
      return 'share';
    case 'service-install':
    case 'unit-file':
      return 'install';
    case 'service-registry':
      // After the service is marked for deletion, what services.exe writes to its key is the removal.
      if (record.operation === 'delete' || record.value?.toLowerCase() === 'deleteflag') return 'cleanup';
      return deleted ? 'cleanup' : 'install';
    case 'service-state':
      if (record.state.startsWith('start type')) return 'install';
      return STOPPING.test(record.state) ? 'cleanup' : 'start';
    case 'service-failure':
      return 'start';
    case 'process':
      if (role?.kind === 'command') return role.command.step;
      return role?.kind === 'service-process' ? 'start' : 'payload';
    case 'file-delete':
    case 'log-cleared':
      return 'cleanup';
    default: {
      const never: never = record;
      return never;
    }
  }
}

const who = (user: string | null, ip: string | null): string =>
  `${user ?? '?'}${ip !== null && ip !== '-' ? ` from ${ip}` : ''}`;

/** One line saying what the record shows. */
export function describe(
  record: StoryRecord,
  step: StoryStep,
  role: RecordRole | undefined,
  parentImage: string | null,
): string {
  switch (record.kind) {
    case 'logon':
      return `${record.logonType === 10 ? 'remote interactive' : 'network'} logon of ${who(record.user, record.ip)} (logon id ${record.logonId})`;
    case 'share':
      return record.target === null
        ? `share \\\\*\\${record.share} connected by ${who(record.user, record.ip)}`
        : `\\\\*\\${record.share}\\${record.target} opened by ${who(record.user, record.ip)}`;
    case 'service-install':
      return `service ${record.service} installed: ${record.image}${record.account !== null ? ` (${record.account})` : ''}${record.user !== null ? ` by ${record.user}` : ''}`;
    case 'service-registry': {
      const key = `Services\\${record.service}${record.value !== null ? `\\${record.value}` : ''}`;
      const by = record.image !== null ? ` by ${imageName(record.image)}` : '';
      if (record.value?.toLowerCase() === 'deleteflag') return `service ${record.service} marked for deletion${by}`;
      if (record.operation === 'set') return `registry ${key} set to ${record.details ?? '?'}${by}`;
      const operation = record.operation === 'key' ? (step === 'cleanup' ? 'delete' : 'create') : record.operation;
      return `registry key ${key} ${operation}d${by}`;
    }
    case 'service-state':
      return record.state.startsWith('start type')
        ? `service ${record.service}: ${record.state}`
        : `service ${record.service} ${record.channel === 'System' || record.eventId === 7036 ? `entered the ${record.state} state` : record.state}`;
    case 'service-failure':
      return `service ${record.service} ${FAILURES[record.eventId ?? 0] ?? 'failed'}${record.detail !== null ? ` (${record.detail})` : ''}`;
    case 'process': {
      const command = record.commandLine ?? record.image;
      if (role?.kind === 'command') return `${record.user ?? '?'} ran ${command}`;
      // A service process whose parent the log does not name (Windows 7 4688) was still started by services.exe.
      const parent = imageName(parentImage);
      return `${parent === '' || parent === '?' ? (role?.kind === 'service-process' ? 'services.exe' : '?') : parent} → ${command}`;
    }
    case 'file-delete':
      return `file ${record.path} deleted${record.image !== null ? ` by ${imageName(record.image)}` : ''}`;
    case 'log-cleared':
      return `${record.eventId === 1102 ? 'Security' : 'event'} log cleared${record.user !== null ? ` by ${record.user}` : ''}`;
    case 'unit-file':
      return `unit file ${record.path} written${record.image !== null ? ` by ${record.image}` : ''}`;
    default: {
      const never: never = record;
      return never;
    }
  }
}

const INTERPRETERS: Readonly<Record<string, string>> = {
  'powershell.exe': 'T1059.001',
  'pwsh.exe': 'T1059.001',
  'cmd.exe': 'T1059.003',
  'wscript.exe': 'T1059.005',
  'cscript.exe': 'T1059.005',
  'mshta.exe': 'T1218.005',
  'rundll32.exe': 'T1218.011',
  'regsvr32.exe': 'T1218.010',
  sh: 'T1059.004',
  bash: 'T1059.004',
  dash: 'T1059.004',
  zsh: 'T1059.004',
  python: 'T1059.006',
  python3: 'T1059.006',
};

const EXECUTABLE = /\.(exe|dll|sys|bat|cmd|ps1|vbs|js|hta|scr)$/i;

/** Techniques a record shows in its step (Windows and Linux sub-techniques told apart by the record). */
export function techniquesOf(record: StoryRecord, step: StoryStep): string[] {
  const linux =
    record.kind === 'unit-file' ||
    (record.kind === 'process' && record.image.startsWith('/')) ||
    (record.source.format !== 'evtx' && record.channel === null);
  switch (step) {
    case 'logon':
      return [record.kind === 'logon' && record.logonType === 10 ? 'T1021.001' : 'T1021.002'];
    case 'share':
      return record.kind === 'share' && record.share.toUpperCase() !== 'IPC$' && EXECUTABLE.test(record.target ?? '')
        ? ['T1021.002', 'T1570']
        : ['T1021.002'];
    case 'install':
      return [linux ? 'T1543.002' : 'T1543.003'];
    case 'start':
      return [linux ? 'T1569.003' : 'T1569.002'];
    case 'payload': {
      const t = record.kind === 'process' ? INTERPRETERS[imageName(record.image)] : undefined;
      return t === undefined ? [] : [t];
    }
    case 'cleanup':
      if (record.kind === 'log-cleared') return ['T1070.001'];
      if (record.kind === 'file-delete') return ['T1070.004'];
      if (record.kind === 'service-state') return [];
      return ['T1070'];
    default: {
      const never: never = step;
      return never;
    }
  }
}
