/**
 * Attack stories from story records and findings (`--stories`). Per host: the records are sorted
 * by time, the process tree rebuilt, and the records grouped into service units
 * (`service-units.ts`). A unit with a finding among its events is suspicious; suspicious units of
 * one host that share a logon session or follow each other within `STORY_GAP_MS` make one story.
 * Units without a finding are left out (every host installs and starts services), and so is
 * anything without a service install or start (an svcctl pipe opened to query a service).
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { attackContextForTags } from '../attack/index.js';
import {
  levelRank,
  STORY_STEPS,
  type Story,
  type StoryEvent,
  type StoryProcess,
  type StoryStep,
} from '../report/index.js';
import { DisjointSet } from './disjoint-set.js';
import { ProcessTree, type ProcessNode } from './process-tree.js';
import { serviceUnits, type RecordRole, type ServiceUnit } from './service-units.js';
import { describe, stepOf, techniquesOf } from './story-steps.js';
import { storyLevel, storySummary } from './story-summary.js';
import type { ProcessRecord, StoryRecord } from './story-record.js';

/** A finding's event: what makes a unit suspicious, and what a story event shows as its rules. */
export interface StorySeed {
  readonly eventKey: string;
  readonly title: string;
  readonly level: string | null;
}

export interface StoryOptions {
  /** Suspicious units of one host this close in time are one story. */
  readonly gapMs?: number;
  /** Events kept per step of a story (the step's count stays exact). */
  readonly maxEventsPerStep?: number;
}

/** Half an hour: Tchopper's 244 services came 1.5 s apart, the shipped example's three services 4 min apart. */
export const STORY_GAP_MS = 30 * 60_000;
/** 50 per step (at most 300 per story): Tchopper's 733 events would otherwise flood a terminal. */
export const MAX_EVENTS_PER_STEP = 50;

interface Seeds {
  readonly titles: Map<string, string[]>;
  /** The highest level among an event's findings. */
  readonly levels: Map<string, string | null>;
}

function seedIndex(seeds: readonly StorySeed[]): Seeds {
  const titles = new Map<string, string[]>();
  const levels = new Map<string, string | null>();
  for (const s of seeds) {
    const t = titles.get(s.eventKey);
    if (t === undefined) titles.set(s.eventKey, [s.title]);
    else if (!t.includes(s.title)) t.push(s.title);
    const before = levels.get(s.eventKey);
    if (before === undefined || levelRank(s.level) > levelRank(before)) levels.set(s.eventKey, s.level);
  }
  return { titles, levels };
}

const byTime = (a: StoryRecord, b: StoryRecord): number =>
  a.time - b.time || (a.eventKey < b.eventKey ? -1 : a.eventKey > b.eventKey ? 1 : 0);

/** Builds the stories of every host; hosts and stories in a fixed order, whatever the input order. */
export function buildStories(
  records: readonly StoryRecord[],
  seeds: readonly StorySeed[],
  options: StoryOptions = {},
): Story[] {
  const index = seedIndex(seeds);
  const byHost = new Map<string, StoryRecord[]>();
  for (const r of records) {
    if (!Number.isFinite(r.time)) continue;
    // Without a host name (some Linux audit logs, an empty Computer), a file is taken as one machine's log.
    const key = isNoHost(r.host) ? `-\u0000${r.source.file}` : r.host.toLowerCase();
    const list = byHost.get(key) ?? [];
    list.push(r);
    byHost.set(key, list);
  }
  const stories: Story[] = [];
  for (const key of [...byHost.keys()].sort()) {
    const list = (byHost.get(key) as StoryRecord[]).sort(byTime);
    stories.push(...hostStories(list, index, options));
  }
  return stories.sort((a, b) => a.first - b.first || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}

const isNoHost = (host: string): boolean => host === '-' || host === '';

function hostStories(records: readonly StoryRecord[], seeds: Seeds, options: StoryOptions): Story[] {
  // Units matter only where a finding is: most hosts of a big run have none.
  if (!records.some((r) => seeds.titles.has(r.eventKey))) return [];
  const gap = options.gapMs ?? STORY_GAP_MS;
  const tree = new ProcessTree(records.filter((r): r is ProcessRecord => r.kind === 'process'));
  const { units, roles } = serviceUnits(records, tree);
  const suspicious = units
    .filter((u) => [...u.evidence].some((i) => seeds.titles.has((records[i] as StoryRecord).eventKey)))
    .sort((a, b) => a.first - b.first);
  const set = new DisjointSet(suspicious.length);
  const byLogon = new Map<string, number>();
  let groupLast = Number.NEGATIVE_INFINITY;
  suspicious.forEach((unit, i) => {
    if (i > 0 && unit.first <= groupLast + gap) {
      set.union(i - 1, i);
      groupLast = Math.max(groupLast, unit.last);
    } else groupLast = unit.last;
    for (const id of unit.logonIds) {
      const other = byLogon.get(id);
      if (other === undefined) byLogon.set(id, i);
      else set.union(other, i);
    }
  });
  const groups = new Map<number, ServiceUnit[]>();
  suspicious.forEach((unit, i) => {
    const root = set.find(i);
    const group = groups.get(root);
    if (group === undefined) groups.set(root, [unit]);
    else group.push(unit);
  });
  const stories: Story[] = [];
  for (const group of groups.values()) {
    const members = new Set(group.flatMap((u) => u.members));
    const story = assemble(
      records,
      [...members].sort((a, b) => a - b),
      { tree, roles, seeds, gap, options },
    );
    if (story !== undefined) stories.push(story);
  }
  return stories;
}

interface Context {
  readonly tree: ProcessTree;
  readonly roles: ReadonlyMap<number, RecordRole>;
  readonly seeds: Seeds;
  readonly gap: number;
  readonly options: StoryOptions;
}

interface Placed {
  readonly index: number;
  readonly record: StoryRecord;
  readonly step: StoryStep;
}

/** Adds the host's log clearings that follow the story's start (a clearing before it is a lab reset, not clean-up). */
function withLogClearing(records: readonly StoryRecord[], members: readonly number[], gap: number): number[] {
  const first = (records[members[0] as number] as StoryRecord).time;
  const last = (records[members[members.length - 1] as number] as StoryRecord).time;
  const out = new Set(members);
  records.forEach((r, i) => {
    if (r.kind === 'log-cleared' && r.time > first && r.time <= last + gap) out.add(i);
  });
  return [...out].sort((a, b) => a - b);
}

function place(
  records: readonly StoryRecord[],
  members: readonly number[],
  roles: ReadonlyMap<number, RecordRole>,
): Placed[] {
  const deleted = new Set<string>();
  return members.map((index) => {
    const record = records[index] as StoryRecord;
    const name = record.kind === 'service-registry' ? record.service.toLowerCase() : '';
    const step = stepOf(record, roles.get(index), deleted.has(name));
    if (
      record.kind === 'service-registry' &&
      (record.value?.toLowerCase() === 'deleteflag' || record.operation === 'delete')
    )
      deleted.add(name);
    return { index, record, step };
  });
}

/** Items without repeats (case-insensitive, compared through `key`), in first-seen order. */
const distinct = (
  items: readonly (string | null | undefined)[],
  key = (s: string): string => s.toLowerCase(),
): string[] => {
  const seen = new Map<string, string>();
  for (const item of items) {
    if (item === null || item === undefined || item === '-' || item === '?') continue;
    if (!seen.has(key(item))) seen.set(key(item), item);
  }
  return [...seen.values()];
};

/** `OFFSEC\admmig` and `OFFSEC.LAN\admmig` (4624 writes the DNS domain, 5145 the NetBIOS one) are one account. */
const accountKey = (account: string): string => account.slice(account.lastIndexOf('\\') + 1).toLowerCase();

function processForest(placed: readonly Placed[], ctx: Context): StoryProcess[] {
  const inStory = new Set<ProcessNode>();
  const roots: ProcessNode[] = [];
  for (const p of placed) {
    if (p.record.kind !== 'process') continue;
    const node = ctx.tree.nodeOf(p.record);
    if (node === undefined || inStory.has(node)) continue;
    inStory.add(node);
    if (ctx.roles.get(p.index)?.kind === 'service-process') roots.push(node);
  }
  const toStory = (node: ProcessNode, depth: number): StoryProcess => {
    const record = node.records[0] as ProcessRecord;
    return {
      time: node.time,
      image: node.image,
      commandLine: record.commandLine,
      pid: node.pid,
      user: record.user,
      children: depth >= 8 ? [] : node.children.filter((c) => inStory.has(c)).map((c) => toStory(c, depth + 1)),
    };
  };
  return roots.map((r) => toStory(r, 0));
}

/** Host, time and record id of the first event: the same story gets the same id from any path or thread count. */
function storyId(host: string, first: StoryRecord): string {
  const text = `${host.toLowerCase()}\u0000${first.time}\u0000${first.eventId ?? ''}\u0000${first.recordId ?? ''}`;
  return `S-${createHash('sha1').update(text).digest('hex').slice(0, 10)}`;
}

function assemble(records: readonly StoryRecord[], unitMembers: readonly number[], ctx: Context): Story | undefined {
  const placed = place(records, withLogClearing(records, unitMembers, ctx.gap), ctx.roles);
  const steps = new Set(placed.map((p) => p.step));
  if (!steps.has('install') && !steps.has('start')) return undefined;
  const cap = ctx.options.maxEventsPerStep ?? MAX_EVENTS_PER_STEP;
  const perStep = new Map<StoryStep, number>();
  const events: StoryEvent[] = [];
  const techniquesByStep = new Map<StoryStep, string[]>();
  const levels: (string | null)[] = [];
  let findings = 0;
  for (const { index, record, step } of placed) {
    const titles = ctx.seeds.titles.get(record.eventKey) ?? [];
    findings += titles.length;
    if (titles.length > 0) levels.push(ctx.seeds.levels.get(record.eventKey) ?? null);
    const t = techniquesByStep.get(step) ?? [];
    for (const technique of techniquesOf(record, step)) if (!t.includes(technique)) t.push(technique);
    techniquesByStep.set(step, t);
    const n = (perStep.get(step) ?? 0) + 1;
    perStep.set(step, n);
    if (n > cap) continue;
    const role = ctx.roles.get(index);
    const parent = record.kind === 'process' ? (ctx.tree.nodeOf(record)?.parent?.image ?? record.parentImage) : null;
    events.push({
      time: record.time,
      step,
      what: describe(record, step, role, parent),
      channel: record.channel,
      eventId: record.eventId,
      recordId: record.recordId,
      rules: titles,
      source: record.source,
    });
  }
  const stepSummaries = STORY_STEPS.filter((s) => steps.has(s)).map((step) => ({
    step,
    events: perStep.get(step) ?? 0,
    first: (placed.find((p) => p.step === step) as Placed).record.time,
    techniques: techniquesByStep.get(step) ?? [],
  }));
  const techniques = distinct(stepSummaries.flatMap((s) => s.techniques));
  const context = attackContextForTags(techniques.map((t) => `attack.${t.toLowerCase()}`));
  const recordsOf = <K extends StoryRecord['kind']>(kind: K): Extract<StoryRecord, { kind: K }>[] =>
    placed.map((p) => p.record).filter((r): r is Extract<StoryRecord, { kind: K }> => r.kind === kind);
  const installs = recordsOf('service-install');
  // Services in the order they were installed or configured (failures name them only when nothing else does).
  const services = distinct(
    placed.map(({ record }) => {
      if (record.kind === 'service-install' || record.kind === 'service-registry') return record.service;
      if (record.kind === 'unit-file') return record.unit;
      return record.kind === 'service-failure' && installs.length === 0 ? record.service : undefined;
    }),
  );
  const logons = recordsOf('logon');
  const shares = recordsOf('share');
  const commands = placed
    .filter((p) => ctx.roles.get(p.index)?.kind === 'command')
    .map((p) => (p.record as ProcessRecord).user);
  const processes = processForest(placed, ctx);
  const first = placed[0] as Placed;
  const host = first.record.host;
  const cleanup = distinct(
    placed
      .filter((p) => p.step === 'cleanup')
      .map(({ record, index }) => {
        if (record.kind === 'service-state') return `stopped ${record.service}`;
        if (record.kind === 'file-delete') return `deleted ${record.path}`;
        if (record.kind === 'log-cleared') return 'cleared the event log';
        if (record.kind === 'service-registry') return `deleted service ${record.service}`;
        const role = ctx.roles.get(index);
        if (role?.kind === 'command')
          return `ran ${role.command.verb}${role.command.service !== null ? ` ${role.command.service}` : ''}`;
        return record.kind === 'process' ? `ran ${record.commandLine ?? record.image}` : undefined;
      }),
  );
  const accounts = distinct(
    [...logons.map((r) => r.user), ...shares.map((r) => r.user), ...installs.map((r) => r.user), ...commands],
    accountKey,
  );
  const remoteAddresses = distinct([...logons.map((r) => r.ip), ...shares.map((r) => r.ip)]);
  const summary = storySummary({
    // A log without host names (some auditd setups) is one machine's log: name it by its file.
    host: isNoHost(host) ? `the host of ${basename(first.record.source.file)}` : host,
    accounts,
    remoteAddresses,
    shares: distinct(shares.map((r) => r.share.toUpperCase())),
    services,
    processes,
    steps,
    cleanup,
    failedStarts: recordsOf('service-failure').length,
    started: distinct(
      placed
        .filter((p) => p.step === 'start')
        .map(({ record, index }) => {
          if (record.kind === 'service-state' || record.kind === 'service-failure') return record.service;
          const role = ctx.roles.get(index);
          return role?.kind === 'command' ? role.command.service : record.kind === 'process' ? record.image : undefined;
        }),
    ),
  });
  const last = (placed[placed.length - 1] as Placed).record.time;
  return {
    id: storyId(host, first.record),
    host,
    level: storyLevel(levels, steps),
    summary,
    first: first.record.time,
    last,
    services,
    accounts,
    remoteAddresses,
    steps: stepSummaries,
    techniques,
    attack: {
      techniques,
      tactics: context.tactics,
      mitigations: context.mitigations,
      dataComponents: context.dataComponents,
      controls: context.controls,
    },
    processes,
    events,
    omittedEvents: placed.length - events.length,
    findings,
  };
}
