/**
 * Parent/child links between process starts, rebuilt per host: Sysmon by `ProcessGuid` /
 * `ParentProcessGuid`; Security 4688 and Linux process_creation by pid / parent pid. Pids are
 * reused, so a child's parent is the latest process with that pid started on the same host at or
 * before the child (within `CLOCK_SKEW_MS`), and not one whose image contradicts the parent image
 * the child names. A parent that was never logged (services.exe started at boot) becomes a virtual
 * node named after the child's `ParentImage`. One process logged by Sysmon and by 4688 is one node.
 */
import type { ProcessRecord } from './story-record.js';

export interface ProcessNode {
  /** The process's records (Sysmon 1 and 4688 of one process are one node); empty for a virtual node. */
  readonly records: ProcessRecord[];
  readonly host: string;
  readonly pid: number | null;
  readonly guid: string | null;
  readonly image: string;
  /** Start time, NaN for a virtual node. */
  readonly time: number;
  parent: ProcessNode | undefined;
  readonly children: ProcessNode[];
}

/** Sources' clocks and record order differ by a little; a parent may appear to start just after its child. */
const CLOCK_SKEW_MS = 2000;
/** Deepest chain walked below a service (services.exe → cmd → powershell → … ); real payloads go 4–5 deep. */
export const MAX_TREE_DEPTH = 8;

/** `C:\Windows\System32\cmd.exe` → `cmd.exe`; `/usr/bin/bash` → `bash`; lower-cased. */
export function imageName(image: string | null): string {
  if (image === null) return '';
  const cut = Math.max(image.lastIndexOf('\\'), image.lastIndexOf('/'));
  return image.slice(cut + 1).toLowerCase();
}

const hostKey = (host: string): string => host.toLowerCase();

export class ProcessTree {
  readonly nodes: ProcessNode[] = [];
  private readonly byRecord = new Map<ProcessRecord, ProcessNode>();
  private readonly byGuid = new Map<string, ProcessNode>();
  /** host + pid → nodes with that pid, in start order. */
  private readonly byPid = new Map<string, ProcessNode[]>();
  private readonly virtual = new Map<string, ProcessNode>();

  constructor(records: readonly ProcessRecord[]) {
    const sorted = [...records].sort((a, b) => a.time - b.time);
    for (const record of sorted) this.addNode(record);
    for (const node of [...this.nodes]) {
      // Of one process's records, the one that names its parent best decides.
      const record = node.records.find((r) => r.parentGuid !== null) ?? (node.records[0] as ProcessRecord);
      const parent = this.findParent(record, node);
      if (parent !== undefined) {
        node.parent = parent;
        parent.children.push(node);
      }
    }
  }

  /** The node of a process record given to the constructor. */
  nodeOf(record: ProcessRecord): ProcessNode | undefined {
    return this.byRecord.get(record);
  }

  /** Children, grandchildren … of `node` down to `maxDepth`, in start order. */
  descendants(node: ProcessNode, maxDepth = MAX_TREE_DEPTH): ProcessNode[] {
    const out: ProcessNode[] = [];
    let level = node.children;
    for (let depth = 1; depth <= maxDepth && level.length > 0; depth++) {
      for (const child of level) out.push(child);
      level = level.flatMap((n) => n.children);
    }
    return out.sort((a, b) => a.time - b.time);
  }

  /** `node` and its ancestors, root first. */
  ancestry(node: ProcessNode): ProcessNode[] {
    const chain: ProcessNode[] = [];
    for (let n: ProcessNode | undefined = node; n !== undefined && chain.length <= MAX_TREE_DEPTH; n = n.parent)
      chain.unshift(n);
    return chain;
  }

  private addNode(record: ProcessRecord): void {
    const host = hostKey(record.host);
    const pidKey = record.pid === null ? undefined : `${host}\u0000${record.pid}`;
    const same = pidKey === undefined ? undefined : this.sameProcess(record, this.byPid.get(pidKey) ?? []);
    if (same !== undefined) {
      same.records.push(record);
      this.byRecord.set(record, same);
      if (record.guid !== null && !this.byGuid.has(`${host}\u0000${record.guid}`))
        this.byGuid.set(`${host}\u0000${record.guid}`, same);
      return;
    }
    const node: ProcessNode = {
      records: [record],
      host,
      pid: record.pid,
      guid: record.guid,
      image: record.image,
      time: record.time,
      parent: undefined,
      children: [],
    };
    this.nodes.push(node);
    this.byRecord.set(record, node);
    if (record.guid !== null) this.byGuid.set(`${host}\u0000${record.guid}`, node);
    if (pidKey !== undefined) {
      const list = this.byPid.get(pidKey) ?? [];
      list.push(node);
      this.byPid.set(pidKey, list);
    }
  }

  /** A node for the same process from the other source (Sysmon 1 vs 4688): same pid and image, close in time. */
  private sameProcess(record: ProcessRecord, candidates: readonly ProcessNode[]): ProcessNode | undefined {
    const name = imageName(record.image);
    for (let i = candidates.length - 1; i >= 0; i--) {
      const node = candidates[i] as ProcessNode;
      if (Math.abs(node.time - record.time) > CLOCK_SKEW_MS) continue;
      const bySysmon = record.guid !== null;
      if (node.records.some((r) => (r.guid !== null) === bySysmon)) continue;
      if (imageName(node.image) === name) return node;
    }
    return undefined;
  }

  private findParent(record: ProcessRecord, node: ProcessNode): ProcessNode | undefined {
    const host = node.host;
    if (record.parentGuid !== null) {
      const byGuid = this.byGuid.get(`${host}\u0000${record.parentGuid}`);
      if (byGuid !== undefined && byGuid !== node) return byGuid;
    }
    if (record.ppid !== null) {
      const wanted = imageName(record.parentImage);
      const candidates = this.byPid.get(`${host}\u0000${record.ppid}`) ?? [];
      for (let i = candidates.length - 1; i >= 0; i--) {
        const candidate = candidates[i] as ProcessNode;
        if (candidate === node || candidate.time > record.time + CLOCK_SKEW_MS) continue;
        if (wanted !== '' && imageName(candidate.image) !== wanted) continue;
        return candidate;
      }
    }
    if (record.ppid === null && record.parentGuid === null && record.parentImage === null) return undefined;
    return this.virtualParent(host, record);
  }

  private virtualParent(host: string, record: ProcessRecord): ProcessNode {
    const key = `${host}\u0000${record.parentGuid ?? record.ppid ?? ''}\u0000${imageName(record.parentImage)}`;
    let node = this.virtual.get(key);
    if (node === undefined) {
      node = {
        records: [],
        host,
        pid: record.ppid,
        guid: record.parentGuid,
        image: record.parentImage ?? '?',
        time: Number.NaN,
        parent: undefined,
        children: [],
      };
      this.virtual.set(key, node);
      this.nodes.push(node);
    }
    return node;
  }
}
