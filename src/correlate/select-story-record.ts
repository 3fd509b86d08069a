/**
 * Picks the events an attack story may need and makes their compact records; runs in the workers
 * on every event, so the test is cheap: the logsource class (product, service, category, EventID)
 * decides, and only a match reads fields. What is kept: remote logons, admin-share and pipe access,
 * the Service Control Manager's install/state/failure events, service registry keys, process
 * starts, file deletions, log clearing, and Linux unit files.
 */
import type { Event, FieldValue, LogsourceClass } from '../event/index.js';
import { sourceOf, eventKeyOf } from '../report/index.js';
import type { ProcessRecord, StoryRecord } from './story-record.js';

/** Longest text kept per record field; command lines past it are rarely needed to link a story. */
export const MAX_RECORD_TEXT = 1024;

/** IPC$ pipes of everyday RPC (domain, print, registry …): frequent on every server, never a story step. */
const ROUTINE_PIPES = new Set([
  'samr',
  'lsarpc',
  'netlogon',
  'srvsvc',
  'wkssvc',
  'spoolss',
  'eventlog',
  'browser',
  'epmapper',
  'ntsvcs',
  'protected_storage',
  'dssetup',
  'lsass',
  'netdfs',
  'w32time_alt',
  'initshutdown',
  'mdnsresponder',
]);

/** Shares a remote service install goes through; other shares (SYSVOL, user shares) are not kept. */
const ADMIN_SHARE = /^(?:[a-z]\$|admin\$|ipc\$)$/i;
// A service's key, and a value of it or of its Parameters key (where ServiceDll usually is).
const SERVICE_KEY = /\\(?:currentcontrolset|controlset\d{3})\\services\\([^\\]+)(?:\\parameters)?(?:\\([^\\]+))?$/i;
const SERVICE_VALUES = new Set(['imagepath', 'start', 'deleteflag', 'objectname', 'servicedll', 'failurecommand']);
const UNIT_DIR =
  /^(?:\/etc\/systemd\/|\/lib\/systemd\/system\/|\/usr\/lib\/systemd\/system\/|\/run\/systemd\/system\/|\/etc\/init\.d\/|.*\/\.config\/systemd\/user\/)/;

function clip(value: FieldValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  if (text === '' || text === '-') return null;
  return text.length > MAX_RECORD_TEXT ? text.slice(0, MAX_RECORD_TEXT) : text;
}

/** A pid as Windows (hex text or number) or Linux (decimal) writes it. */
function pidOf(value: FieldValue | undefined): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value !== 'string' || value === '') return null;
  const n = /^0x[0-9a-f]+$/i.test(value) ? Number.parseInt(value.slice(2), 16) : Number(value);
  return Number.isInteger(n) ? n : null;
}

function account(domain: string | null, user: string | null): string {
  if (user === null) return '-';
  return domain === null ? user : `${domain}\\${user}`;
}

/** The service states 7036's Binary names by code (`SERVICE_STOPPED` = 1 … `SERVICE_PAUSED` = 7). */
const SERVICE_STATES = [
  '',
  'stopped',
  'start pending',
  'stop pending',
  'running',
  'continue pending',
  'pause pending',
  'paused',
];

/** The text of 7036's Binary: the service key name and state code in UTF-16LE hex, `PSEXESVC/4`. */
function binaryText(hex: string | null): string | null {
  if (hex === null || hex.length % 4 !== 0 || !/^[0-9a-f]+$/i.test(hex)) return null;
  let text = '';
  for (let i = 0; i + 3 < hex.length; i += 4) {
    const code = Number.parseInt(hex.slice(i + 2, i + 4) + hex.slice(i, i + 2), 16);
    if (code === 0) break;
    text += String.fromCharCode(code);
  }
  return text;
}

/** The service key name in 7036's Binary. */
export function serviceKeyFromBinary(hex: string | null): string | null {
  const text = binaryText(hex);
  const slash = text?.lastIndexOf('/') ?? -1;
  return text !== null && slash > 0 ? text.slice(0, slash) : null;
}

/**
 * The state 7036's Binary gives by code, in English: `param2` is the state as the host's language
 * writes it ("Beendet" on a German host), which the steps cannot read.
 */
export function serviceStateFromBinary(hex: string | null): string | null {
  const text = binaryText(hex);
  const code = text === null ? undefined : /\/(\d+)$/.exec(text)?.[1];
  return code === undefined ? null : SERVICE_STATES[Number(code)] || null;
}

type Base = Omit<
  ProcessRecord,
  'kind' | 'pid' | 'ppid' | 'guid' | 'parentGuid' | 'image' | 'commandLine' | 'parentImage' | 'user' | 'logonId'
>;

function base(event: Event, format: string): Base {
  const source = sourceOf(event.provenance, format);
  const recordId = event.get('EventRecordID') ?? event.provenance.recordId;
  return {
    time: event.time,
    host: event.host ?? '-',
    eventKey: eventKeyOf(source),
    channel: clip(event.get('Channel')),
    eventId: event.logsource.eventId ?? null,
    recordId: typeof recordId === 'number' || typeof recordId === 'string' ? recordId : null,
    source,
  };
}

const isCategory = (cls: LogsourceClass, category: string): boolean =>
  cls.categories.some((c) => c.category === category);

/** A process start: Security 4688 names (`security`), or Sysmon's, which the Linux readers use too. */
function processRecord(event: Event, format: string, security: boolean): ProcessRecord {
  const get = (f: string): string | null => clip(event.get(f));
  if (security) {
    const target = get('TargetUserName');
    return {
      kind: 'process',
      ...base(event, format),
      pid: pidOf(event.get('NewProcessId')),
      ppid: pidOf(event.get('ProcessId')),
      guid: null,
      parentGuid: null,
      image: get('NewProcessName') ?? '-',
      commandLine: get('CommandLine'),
      parentImage: get('ParentProcessName'),
      user:
        target !== null
          ? account(get('TargetDomainName'), target)
          : account(get('SubjectDomainName'), get('SubjectUserName')),
      logonId: get('SubjectLogonId'),
    };
  }
  return {
    kind: 'process',
    ...base(event, format),
    pid: pidOf(event.get('ProcessId')),
    ppid: pidOf(event.get('ParentProcessId')),
    guid: get('ProcessGuid'),
    parentGuid: get('ParentProcessGuid'),
    image: get('Image') ?? '-',
    commandLine: get('CommandLine'),
    parentImage: get('ParentImage'),
    user: get('User'),
    logonId: get('LogonId'),
  };
}

function security(event: Event, format: string, id: number): StoryRecord | undefined {
  const get = (f: string): string | null => clip(event.get(f));
  switch (id) {
    case 4624: {
      const logonType = Number(event.get('LogonType'));
      if (logonType !== 3 && logonType !== 10) return undefined;
      const logonId = get('TargetLogonId');
      if (logonId === null) return undefined;
      const user = account(get('TargetDomainName'), get('TargetUserName'));
      return {
        kind: 'logon',
        ...base(event, format),
        logonId,
        user,
        ip: get('IpAddress'),
        workstation: get('WorkstationName'),
        logonType,
      };
    }
    case 5140:
    case 5145: {
      const share = (get('ShareName') ?? '').replace(/^\\\\\*\\/, '');
      if (!ADMIN_SHARE.test(share)) return undefined;
      const target = get('RelativeTargetName');
      if (share.toUpperCase() === 'IPC$' && (target === null || ROUTINE_PIPES.has(target.toLowerCase())))
        return undefined;
      const user = account(get('SubjectDomainName'), get('SubjectUserName'));
      return {
        kind: 'share',
        ...base(event, format),
        logonId: get('SubjectLogonId'),
        user,
        ip: get('IpAddress'),
        share,
        target,
      };
    }
    case 4697:
      return {
        kind: 'service-install',
        ...base(event, format),
        service: get('ServiceName') ?? '-',
        image: get('ServiceFileName') ?? '-',
        account: get('ServiceAccount'),
        startType: get('ServiceStartType'),
        logonId: get('SubjectLogonId'),
        user: account(get('SubjectDomainName'), get('SubjectUserName')),
      };
    case 4688:
      return processRecord(event, format, true);
    case 1102:
      return { kind: 'log-cleared', ...base(event, format), user: get('SubjectUserName') };
    default:
      return undefined;
  }
}

const FAILURE_NAME_PARAM: Readonly<Record<number, string>> = {
  7000: 'param1',
  7009: 'param2',
  7011: 'param2',
  7022: 'param1',
  7023: 'param1',
  7024: 'param1',
  7031: 'param1',
  7034: 'param1',
};

function system(event: Event, format: string, id: number): StoryRecord | undefined {
  const get = (f: string): string | null => clip(event.get(f));
  if (id === 7045) {
    return {
      kind: 'service-install',
      ...base(event, format),
      service: get('ServiceName') ?? '-',
      image: get('ImagePath') ?? '-',
      account: get('AccountName'),
      startType: get('StartType'),
      logonId: null,
      user: null,
    };
  }
  if (id === 7036) {
    const service = get('param1');
    if (service === null) return undefined;
    return {
      kind: 'service-state',
      ...base(event, format),
      service,
      serviceKey: serviceKeyFromBinary(get('Binary')),
      state: serviceStateFromBinary(get('Binary')) ?? get('param2') ?? '?',
    };
  }
  if (id === 7040) {
    const service = get('param1');
    if (service === null) return undefined;
    const state = `start type ${get('param2') ?? '?'} → ${get('param3') ?? '?'}`;
    return { kind: 'service-state', ...base(event, format), service, serviceKey: get('param4'), state };
  }
  const nameParam = FAILURE_NAME_PARAM[id];
  if (nameParam !== undefined) {
    const service = get(nameParam);
    if (service === null) return undefined;
    const detail = nameParam === 'param1' ? get('param2') : get('param1');
    return { kind: 'service-failure', ...base(event, format), service, detail };
  }
  if (id === 104) return { kind: 'log-cleared', ...base(event, format), user: get('SubjectUserName') };
  return undefined;
}

function sysmon(event: Event, format: string, id: number): StoryRecord | undefined {
  const get = (f: string): string | null => clip(event.get(f));
  if (id === 1) return processRecord(event, format, false);
  if (id === 12 || id === 13 || id === 14) {
    const key = SERVICE_KEY.exec(get('TargetObject') ?? '');
    if (key === null) return undefined;
    const value = key[2] ?? null;
    if (value !== null && !SERVICE_VALUES.has(value.toLowerCase())) return undefined;
    // Some exports (NXLog → Security-Datasets) replace Sysmon's EventType by a severity: a key event
    // of unknown kind is `key`, and the story builder decides from what came before.
    const type = (get('EventType') ?? '').toLowerCase();
    const known = type.startsWith('delete') ? 'delete' : type.startsWith('create') ? 'create' : 'set';
    const operation = value === null && known === 'set' ? (id === 12 ? 'key' : undefined) : known;
    if (operation === undefined) return undefined;
    return {
      kind: 'service-registry',
      ...base(event, format),
      service: key[1] as string,
      value,
      operation,
      details: get('Details'),
      image: get('Image'),
    };
  }
  if (id === 23 || id === 26) {
    const path = get('TargetFilename');
    return path === null ? undefined : { kind: 'file-delete', ...base(event, format), path, image: get('Image') };
  }
  return undefined;
}

function linux(event: Event, format: string): StoryRecord | undefined {
  const cls = event.logsource;
  const get = (f: string): string | null => clip(event.get(f));
  // Linux process starts carry Sysmon's names (ProcessId, ParentProcessId, Image …), whatever the reader.
  if (isCategory(cls, 'process_creation')) return processRecord(event, format, false);
  if (isCategory(cls, 'file_event')) {
    const path = get('TargetFilename');
    if (path === null || !UNIT_DIR.test(path)) return undefined;
    // A drop-in (`/etc/systemd/system/cron.service.d/nice.conf`) changes the unit its folder names;
    // `/etc/init.d/<script>` is a script of its own name.
    const dropIn = /([^/]+\.(?:service|socket|timer|target|path|mount|automount|swap|slice|scope))\.d\/[^/]+$/.exec(
      path,
    );
    const unit = dropIn?.[1] ?? path.slice(path.lastIndexOf('/') + 1);
    return { kind: 'unit-file', ...base(event, format), path, unit, image: get('Image') };
  }
  if (isCategory(cls, 'file_delete')) {
    const path = get('TargetFilename');
    return path === null ? undefined : { kind: 'file-delete', ...base(event, format), path, image: get('Image') };
  }
  if (cls.services.includes('journald')) {
    const unit = get('UNIT');
    const message = get('MESSAGE') ?? '';
    const state = /^(Started|Starting|Stopped|Stopping|Deactivated)\b/.exec(message)?.[1];
    if (unit === null || state === undefined) return undefined;
    return {
      kind: 'service-state',
      ...base(event, format),
      service: unit,
      serviceKey: unit,
      state: state.toLowerCase(),
    };
  }
  return undefined;
}

/** The story record of `event`, or undefined when no story step can use it. */
export function selectStoryRecord(event: Event, format: string): StoryRecord | undefined {
  const cls = event.logsource;
  const id = cls.eventId;
  if (cls.product === 'windows') {
    if (id === undefined) return undefined;
    if (cls.services.includes('security')) return security(event, format, id);
    if (cls.services.includes('system')) return system(event, format, id);
    if (cls.services.includes('sysmon')) return sysmon(event, format, id);
    return undefined;
  }
  if (cls.product === 'linux') return linux(event, format);
  return undefined;
}
