/**
 * Groups one host's story records into service units: the records of one service's life, linked by
 * what they share. Service name (install, registry key, state, failure, sc/net/systemctl command;
 * display and key names both), program (7045 ↔ 4697 ↔ registry ImagePath; the process services.exe
 * starts with that program), the process tree below a service process (its payload), then logon id
 * (4697 and share access of the same session), the file or pipe a share access names, and a svcctl
 * pipe opened just before. Each link is bounded in time, so a service name reused next month is a
 * new unit, and a logon id seen again after a reboot links nothing.
 */
import { DisjointSet } from './disjoint-set.js';
import { imageName, type ProcessNode, type ProcessTree } from './process-tree.js';
import { serviceCommandOf, serviceNameKey, type ServiceCommand } from './service-command.js';
import { normalizeCommand, runsServiceProgram, splitCommand } from './service-image.js';
import type { ProcessRecord, StoryRecord } from './story-record.js';

/** Records of one service name further apart than this are two lives of the service. */
export const UNIT_HORIZON_MS = 60 * 60_000;
/** 7045, 4697 and the registry write of one install land within seconds; 5 minutes allows for slow clocks. */
const SAME_INSTALL_MS = 5 * 60_000;
/** A service process starts after its install; an hour covers demand-start services started later. */
const START_HORIZON_MS = 60 * 60_000;
/** Sources (Sysmon vs Security vs System) disagree by a second or two (Security-Datasets: 1.1 s). */
const CLOCK_SKEW_MS = 2000;
/** The file copied to ADMIN$ and the pipes opened around an install: within 10 minutes of the unit. */
const SHARE_NEAR_MS = 10 * 60_000;
/** A svcctl pipe opened this long before the install (Covenant SharpSC: 21 s) is the install's. */
const SVCCTL_LEAD_MS = 5 * 60_000;
/** systemd starts the unit's process within a minute of `systemctl start`. */
const SYSTEMD_START_MS = 60_000;
/** `systemctl daemon-reload` after a unit file is written, within 10 minutes. */
const RELOAD_AFTER_MS = 10 * 60_000;
/** Share access in the unit's logon session: within an hour of the unit (sessions last, ids recur after a reboot). */
const SESSION_NEAR_MS = 60 * 60_000;
/** The logon of the unit's session: up to a day before it (an administrator's interactive session). */
const LOGON_LEAD_MS = 24 * 60 * 60_000;

/** SYSTEM, LOCAL SERVICE, NETWORK SERVICE, none: shared by every service, so they link nothing. */
const SYSTEM_LOGON_IDS = new Set(['0x3e7', '0x3e4', '0x3e5', '0x0', '0']);

/** Hosts of many services: what their children do is not one service's payload. */
const SHARED_SERVICE_HOSTS = new Set(['svchost.exe']);

export type RecordRole =
  | { readonly kind: 'service-process' }
  | { readonly kind: 'payload'; readonly depth: number }
  | { readonly kind: 'command'; readonly command: ServiceCommand };

export interface ServiceUnit {
  /** Record indices, ascending (so in time order). */
  readonly members: readonly number[];
  /**
   * The members linked by name, program, process tree, logon session, file or pipe name — not
   * those only near in time (a svcctl pipe opened minutes before). A finding among these makes the
   * unit suspicious; a finding on a merely nearby event does not.
   */
  readonly evidence: ReadonlySet<number>;
  /** Logon sessions of the evidence (system sessions left out). */
  readonly logonIds: ReadonlySet<string>;
  readonly first: number;
  readonly last: number;
}

export interface HostUnits {
  readonly units: readonly ServiceUnit[];
  readonly roles: ReadonlyMap<number, RecordRole>;
}

function namesOf(record: StoryRecord, command: ServiceCommand | undefined): string[] {
  switch (record.kind) {
    case 'service-install':
    case 'service-registry':
    case 'service-failure':
      return [serviceNameKey(record.service)];
    case 'service-state':
      return record.serviceKey === null
        ? [serviceNameKey(record.service)]
        : [serviceNameKey(record.service), serviceNameKey(record.serviceKey)];
    case 'unit-file':
      return [serviceNameKey(record.unit)];
    case 'process':
      return command?.service !== undefined && command.service !== null ? [command.service] : [];
    default:
      return [];
  }
}

/** The program a record configures for a service, if any. */
function programOf(record: StoryRecord): string | undefined {
  if (record.kind === 'service-install') return record.image;
  if (record.kind === 'service-registry' && record.value?.toLowerCase() === 'imagepath' && record.details !== null)
    return record.details;
  return undefined;
}

const usableLogon = (id: string | null): id is string => id !== null && !SYSTEM_LOGON_IDS.has(id.toLowerCase());

class Linker {
  readonly set: DisjointSet;
  readonly isService: Uint8Array;
  readonly roles = new Map<number, RecordRole>();
  readonly records: readonly StoryRecord[];
  private readonly index = new Map<StoryRecord, number>();

  constructor(records: readonly StoryRecord[]) {
    this.records = records;
    this.set = new DisjointSet(records.length);
    this.isService = new Uint8Array(records.length);
    records.forEach((r, i) => this.index.set(r, i));
  }

  indexOf(record: StoryRecord): number {
    return this.index.get(record) as number;
  }

  /** Links all records of a process node to record `to`, marking their role. */
  linkNode(node: ProcessNode, to: number, role: RecordRole): void {
    for (const r of node.records) {
      const i = this.indexOf(r);
      this.set.union(i, to);
      if (!this.roles.has(i)) this.roles.set(i, role);
      if (role.kind === 'service-process') this.isService[i] = 1;
    }
  }
}

function linkByName(l: Linker): void {
  const byName = new Map<string, number[]>();
  l.records.forEach((record, i) => {
    const command = record.kind === 'process' ? serviceCommandOf(record.image, record.commandLine) : undefined;
    if (command !== undefined) {
      l.roles.set(i, { kind: 'command', command });
      l.isService[i] = 1;
    }
    if (
      record.kind !== 'process' &&
      record.kind !== 'logon' &&
      record.kind !== 'share' &&
      record.kind !== 'file-delete' &&
      record.kind !== 'log-cleared'
    )
      l.isService[i] = 1;
    for (const name of namesOf(record, command)) {
      const list = byName.get(name) ?? [];
      const previous = list[list.length - 1];
      if (previous !== undefined && record.time - (l.records[previous] as StoryRecord).time <= UNIT_HORIZON_MS)
        l.set.union(previous, i);
      list.push(i);
      byName.set(name, list);
    }
    if (command?.verb === 'systemctl daemon-reload') {
      for (let j = i - 1; j >= 0; j--) {
        const before = l.records[j] as StoryRecord;
        if (record.time - before.time > RELOAD_AFTER_MS) break;
        if (before.kind === 'unit-file') {
          l.set.union(j, i);
          break;
        }
      }
    }
  });
}

interface Install {
  readonly index: number;
  readonly time: number;
  readonly program: string;
  readonly normalized: string;
}

function linkInstalls(l: Linker): Install[] {
  const installs: Install[] = [];
  l.records.forEach((record, i) => {
    const program = programOf(record);
    if (program === undefined) return;
    const normalized = normalizeCommand(program);
    for (let k = installs.length - 1; k >= 0; k--) {
      const other = installs[k] as Install;
      if (record.time - other.time > SAME_INSTALL_MS) break;
      if (other.normalized === normalized) l.set.union(other.index, i);
    }
    installs.push({ index: i, time: record.time, program, normalized });
  });
  return installs;
}

/** The latest install whose program this process runs, started within the horizon after it. */
function installRunBy(installs: readonly Install[], p: ProcessRecord): Install | undefined {
  for (let k = installs.length - 1; k >= 0; k--) {
    const install = installs[k] as Install;
    if (install.time > p.time + CLOCK_SKEW_MS) continue;
    if (p.time - install.time > START_HORIZON_MS) break;
    if (runsServiceProgram(install.program, p.image, p.commandLine)) return install;
  }
  return undefined;
}

function linkServiceProcesses(l: Linker, tree: ProcessTree, installs: readonly Install[]): void {
  for (const node of tree.nodes) {
    const first = node.records[0];
    if (first === undefined) continue;
    const parent = node.parent;
    const parentName = imageName(parent?.image ?? null);
    const unknownParent =
      parent === undefined || (parent.records.length === 0 && (parentName === '' || parentName === '?'));
    const install = installRunBy(installs, first);
    const anchor = l.indexOf(first);
    const isLinux = first.image.startsWith('/');
    if (isLinux) {
      if (parentName !== 'systemd' && node.parent?.pid !== 1 && first.ppid !== 1) continue;
      const start = systemctlStartBefore(l, anchor);
      if (start === undefined) continue;
      l.set.union(start, anchor);
    } else if (install !== undefined && (parentName === 'services.exe' || unknownParent)) {
      l.set.union(install.index, anchor);
    } else if (parentName !== 'services.exe' || SHARED_SERVICE_HOSTS.has(imageName(node.image))) {
      continue;
    }
    l.linkNode(node, anchor, { kind: 'service-process' });
    if (SHARED_SERVICE_HOSTS.has(imageName(node.image))) continue;
    const depthOf = new Map<ProcessNode, number>([[node, 0]]);
    for (const child of tree.descendants(node)) {
      const depth = (depthOf.get(child.parent as ProcessNode) ?? 0) + 1;
      depthOf.set(child, depth);
      if (child.records.length > 0) l.linkNode(child, anchor, { kind: 'payload', depth });
    }
  }
}

/**
 * The `systemctl start|enable|restart` shortly before record `i` (an ExecStart process). The process
 * does not name its unit, so a start of a unit whose file was written shortly before wins over a
 * later start of another unit (`systemctl restart nginx` between them); else the latest start.
 */
function systemctlStartBefore(l: Linker, i: number): number | undefined {
  const at = (l.records[i] as StoryRecord).time;
  let latest: number | undefined;
  for (let j = i - 1; j >= 0; j--) {
    if (at - (l.records[j] as StoryRecord).time > SYSTEMD_START_MS) break;
    const role = l.roles.get(j);
    if (role?.kind !== 'command' || role.command.step !== 'start' || role.command.service === null) continue;
    latest ??= j;
    if (unitWrittenBefore(l, j, role.command.service)) return j;
  }
  return latest;
}

/** Whether a unit file of `service` was written within the reload window before record `j`. */
function unitWrittenBefore(l: Linker, j: number, service: string): boolean {
  const at = (l.records[j] as StoryRecord).time;
  for (let k = j - 1; k >= 0; k--) {
    const before = l.records[k] as StoryRecord;
    if (at - before.time > RELOAD_AFTER_MS) return false;
    if (before.kind === 'unit-file' && serviceNameKey(before.unit) === service) return true;
  }
  return false;
}

interface Draft {
  readonly members: Set<number>;
  /** Members linked by more than time (see `ServiceUnit.evidence`). */
  readonly evidence: Set<number>;
  readonly logonIds: Set<string>;
  /** Sessions of records attached by time only: their other records are shown, never evidence. */
  readonly nearbyLogonIds: Set<string>;
  readonly names: Set<string>;
  readonly programs: Set<string>;
  first: number;
  last: number;
}

function basename(path: string): string {
  return imageName(path.replace(/\//g, '\\'));
}

/** A share access as the links test it, worked out once per host. */
interface ShareFacts {
  readonly index: number;
  readonly time: number;
  readonly logon: string | undefined;
  readonly target: string;
  readonly targetName: string;
  readonly isIpc: boolean;
}

/** Records in time order with their times, to find those of a time span by binary search. */
interface TimeIndex<T> {
  readonly items: readonly T[];
  readonly times: readonly number[];
}

/**
 * The host's records a unit may attach, indexed once by what links them (session, file name, time):
 * each unit then looks only at its candidates (scanning the host's records per unit was quadratic).
 */
interface Attachable {
  readonly records: readonly StoryRecord[];
  readonly sharesByLogon: ReadonlyMap<string, readonly ShareFacts[]>;
  readonly sharesByName: ReadonlyMap<string, readonly ShareFacts[]>;
  /** IPC$ accesses (pipes named after a service) and svcctl opens, by time. */
  readonly pipes: TimeIndex<ShareFacts>;
  readonly deletes: TimeIndex<number>;
  readonly logonsById: ReadonlyMap<string, readonly number[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function attachable(records: readonly StoryRecord[]): Attachable {
  const sharesByLogon = new Map<string, ShareFacts[]>();
  const sharesByName = new Map<string, ShareFacts[]>();
  const pipes: ShareFacts[] = [];
  const deletes: number[] = [];
  const logonsById = new Map<string, number[]>();
  records.forEach((r, index) => {
    if (r.kind === 'share') {
      const target = (r.target ?? '').toLowerCase();
      const facts: ShareFacts = {
        index,
        time: r.time,
        logon: usableLogon(r.logonId) ? r.logonId : undefined,
        target,
        targetName: basename(target),
        isIpc: r.share.toUpperCase() === 'IPC$',
      };
      if (facts.logon !== undefined) push(sharesByLogon, facts.logon, facts);
      if (target !== '') push(sharesByName, facts.targetName, facts);
      if (facts.isIpc || target === 'svcctl') pipes.push(facts);
    } else if (r.kind === 'file-delete') deletes.push(index);
    else if (r.kind === 'logon') push(logonsById, r.logonId, index);
  });
  return {
    records,
    sharesByLogon,
    sharesByName,
    pipes: { items: pipes, times: pipes.map((p) => p.time) },
    deletes: { items: deletes, times: deletes.map((i) => (records[i] as StoryRecord).time) },
    logonsById,
  };
}

/** The items of `index` with time in [from, to]. */
function between<T>(index: TimeIndex<T>, from: number, to: number): readonly T[] {
  const lowerBound = (time: number): number => {
    let lo = 0;
    let hi = index.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((index.times[mid] as number) < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return index.items.slice(lowerBound(from), lowerBound(to + 1));
}

/** Share accesses, logons and file deletions that belong to a unit (they may belong to several). */
function attachAround(host: Attachable, draft: Draft): void {
  const { records } = host;
  const programNames = new Set([...draft.programs].map((p) => basename(splitCommand(p).program)));
  const names = [...draft.names].filter((n) => n.length >= 3);
  const inSession = (time: number): boolean =>
    time >= draft.first - SESSION_NEAR_MS && time <= draft.last + SESSION_NEAR_MS;
  const isNear = (time: number): boolean => time >= draft.first - SHARE_NEAR_MS && time <= draft.last + SHARE_NEAR_MS;
  // Strong: the unit's session, its program's file, a pipe named after it. Weak: a svcctl pipe just
  // before, or a session of something weakly attached (shown, never evidence).
  const consider = (r: ShareFacts): void => {
    const i = r.index;
    if (draft.evidence.has(i)) return;
    const near = isNear(r.time);
    const strong =
      (r.logon !== undefined && inSession(r.time) && draft.logonIds.has(r.logon)) ||
      (near && r.target !== '' && programNames.has(r.targetName)) ||
      (near && r.isIpc && names.some((n) => r.target.startsWith(n)));
    const weak =
      (r.target === 'svcctl' && r.time >= draft.first - SVCCTL_LEAD_MS && r.time <= draft.last) ||
      (r.logon !== undefined && inSession(r.time) && draft.nearbyLogonIds.has(r.logon));
    if (!strong && (!weak || draft.members.has(i))) return;
    draft.members.add(i);
    if (strong) draft.evidence.add(i);
    const sessions = strong ? draft.logonIds : draft.nearbyLogonIds;
    if (r.logon !== undefined && !sessions.has(r.logon)) {
      sessions.add(r.logon);
      sessionsToVisit.push(r.logon);
    }
  };
  const sessionsToVisit = [...draft.logonIds, ...draft.nearbyLogonIds];
  for (const name of programNames) for (const r of host.sharesByName.get(name) ?? []) consider(r);
  for (const r of between(
    host.pipes,
    draft.first - Math.max(SHARE_NEAR_MS, SVCCTL_LEAD_MS),
    draft.last + SHARE_NEAR_MS,
  ))
    consider(r);
  // A session joins when a share of it does; then its other shares are looked at (to a fixed point).
  for (let next = sessionsToVisit.pop(); next !== undefined; next = sessionsToVisit.pop())
    for (const r of host.sharesByLogon.get(next) ?? []) consider(r);
  for (const [ids, isEvidence] of [
    [draft.logonIds, true],
    [draft.nearbyLogonIds, false],
  ] as const) {
    for (const id of ids) {
      for (const i of host.logonsById.get(id) ?? []) {
        const time = (records[i] as StoryRecord).time;
        if (time > draft.last + CLOCK_SKEW_MS || time < draft.first - LOGON_LEAD_MS) continue;
        draft.members.add(i);
        if (isEvidence) draft.evidence.add(i);
      }
    }
  }
  // The program file deleted when the service is gone: after the unit starts, before it is long over.
  for (const i of between(host.deletes, draft.first, draft.last + SHARE_NEAR_MS)) {
    const r = records[i] as Extract<StoryRecord, { kind: 'file-delete' }>;
    if (!draft.programs.has(normalizeCommand(r.path))) continue;
    draft.members.add(i);
    draft.evidence.add(i);
  }
}

/** Finds the service units among one host's records (sorted by time) and the role of each process record. */
export function serviceUnits(records: readonly StoryRecord[], tree: ProcessTree): HostUnits {
  const l = new Linker(records);
  linkByName(l);
  const installs = linkInstalls(l);
  linkServiceProcesses(l, tree, installs);
  const drafts = new Map<number, Draft>();
  records.forEach((record, i) => {
    if (l.isService[i] === 1) {
      const root = l.set.find(i);
      if (!drafts.has(root))
        drafts.set(root, {
          members: new Set(),
          evidence: new Set(),
          logonIds: new Set(),
          nearbyLogonIds: new Set(),
          names: new Set(),
          programs: new Set(),
          first: record.time,
          last: record.time,
        });
    }
  });
  records.forEach((record, i) => {
    const draft = drafts.get(l.set.find(i));
    if (draft === undefined) return;
    draft.members.add(i);
    draft.evidence.add(i);
    draft.first = Math.min(draft.first, record.time);
    draft.last = Math.max(draft.last, record.time);
    const role = l.roles.get(i);
    for (const name of namesOf(record, role?.kind === 'command' ? role.command : undefined)) draft.names.add(name);
    const program = programOf(record);
    if (program !== undefined) draft.programs.add(normalizeCommand(program));
    if (record.kind === 'process' && role !== undefined) draft.programs.add(normalizeCommand(record.image));
    const logonId =
      record.kind === 'service-install' || record.kind === 'process' || record.kind === 'share' ? record.logonId : null;
    if (usableLogon(logonId)) draft.logonIds.add(logonId);
  });
  const units: ServiceUnit[] = [];
  const host = attachable(records);
  for (const draft of drafts.values()) {
    attachAround(host, draft);
    const members = [...draft.members].sort((a, b) => a - b);
    let first = Infinity;
    let last = -Infinity;
    for (const i of members) {
      const time = (records[i] as StoryRecord).time;
      first = Math.min(first, time);
      last = Math.max(last, time);
    }
    units.push({ members, evidence: draft.evidence, logonIds: draft.logonIds, first, last });
  }
  return { units, roles: l.roles };
}
