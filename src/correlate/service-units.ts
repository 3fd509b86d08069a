/**
 * Groups one host's story records into service units: the records of one service's life, linked by
 * what they share. Service name (install, registry key, state, failure, sc/net/systemctl command;
 * display and key names both), program (7045 ↔ 4697 ↔ registry ImagePath; the process services.exe
 * starts with that program), the process tree below a service process (its payload), then logon id
 * (4697 and share access of the same session), the file or pipe a share access names, and a svcctl
 * pipe opened just before. Each link is bounded in time, so a service name reused next month is a
 * new unit.
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

/** The `systemctl start|enable|restart` shortly before record `i` (an ExecStart process). */
function systemctlStartBefore(l: Linker, i: number): number | undefined {
  const at = (l.records[i] as StoryRecord).time;
  for (let j = i - 1; j >= 0; j--) {
    if (at - (l.records[j] as StoryRecord).time > SYSTEMD_START_MS) return undefined;
    const role = l.roles.get(j);
    if (role?.kind === 'command' && role.command.step === 'start' && role.command.service !== null) return j;
  }
  return undefined;
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

/** Share accesses, logons and file deletions that belong to a unit (they may belong to several). */
function attachAround(records: readonly StoryRecord[], draft: Draft): void {
  const programNames = new Set([...draft.programs].map((p) => basename(splitCommand(p).program)));
  for (let changed = true; changed;) {
    changed = false;
    records.forEach((r, i) => {
      if (r.kind !== 'share' || draft.evidence.has(i)) return;
      const near = r.time >= draft.first - SHARE_NEAR_MS && r.time <= draft.last + SHARE_NEAR_MS;
      const target = (r.target ?? '').toLowerCase();
      const logon = usableLogon(r.logonId) ? r.logonId : undefined;
      const strong =
        (logon !== undefined && draft.logonIds.has(logon)) ||
        (near && target !== '' && programNames.has(basename(target))) ||
        (near &&
          r.share.toUpperCase() === 'IPC$' &&
          [...draft.names].some((n) => n.length >= 3 && target.startsWith(n)));
      const weak =
        (target === 'svcctl' && r.time >= draft.first - SVCCTL_LEAD_MS && r.time <= draft.last) ||
        (logon !== undefined && draft.nearbyLogonIds.has(logon));
      if (!strong && (!weak || draft.members.has(i))) return;
      draft.members.add(i);
      if (strong) draft.evidence.add(i);
      const sessions = strong ? draft.logonIds : draft.nearbyLogonIds;
      if (logon !== undefined && !sessions.has(logon)) {
        sessions.add(logon);
        changed = true;
      }
    });
  }
  records.forEach((r, i) => {
    if (r.kind === 'logon' && r.time <= draft.last + CLOCK_SKEW_MS) {
      if (draft.logonIds.has(r.logonId)) draft.evidence.add(i);
      if (draft.logonIds.has(r.logonId) || draft.nearbyLogonIds.has(r.logonId)) draft.members.add(i);
    }
    if (r.kind === 'file-delete' && r.time >= draft.first && draft.programs.has(normalizeCommand(r.path))) {
      draft.members.add(i);
      draft.evidence.add(i);
    }
  });
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
  for (const draft of drafts.values()) {
    attachAround(records, draft);
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
