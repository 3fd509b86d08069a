/**
 * An attack story as outputs see it: one host's service abuse told as ordered steps — remote logon,
 * share access, service install, start, payload, clean-up — with the events behind each step, the
 * process tree the service ran, the techniques along the way and the union of their mitigations and
 * controls. Plain data; `src/correlate/` builds it, the sinks print it.
 */
import type { FindingAttack, FindingSource } from './finding.js';

/** The steps, in the order an attack goes through them. */
export const STORY_STEPS = ['logon', 'share', 'install', 'start', 'payload', 'cleanup'] as const;
export type StoryStep = (typeof STORY_STEPS)[number];

export interface StoryEvent {
  readonly time: number;
  readonly step: StoryStep;
  /** One line saying what happened: `service PSEXESVC installed: %SystemRoot%\PSEXESVC.exe`. */
  readonly what: string;
  readonly channel: string | null;
  readonly eventId: number | null;
  readonly recordId: number | string | null;
  /** Titles of the rules that matched this event (its findings). */
  readonly rules: readonly string[];
  readonly source: FindingSource;
}

export interface StoryStepSummary {
  readonly step: StoryStep;
  readonly events: number;
  readonly first: number;
  readonly techniques: readonly string[];
}

/** A process the story's service started, with what it started in turn. */
export interface StoryProcess {
  readonly time: number;
  readonly image: string;
  readonly commandLine: string | null;
  readonly pid: number | null;
  readonly user: string | null;
  readonly children: readonly StoryProcess[];
}

export interface Story {
  /** Stable for the same events: derived from the host and the first event. */
  readonly id: string;
  readonly host: string;
  readonly level: string;
  readonly summary: string;
  readonly first: number;
  readonly last: number;
  readonly services: readonly string[];
  readonly accounts: readonly string[];
  /** Remote addresses the logons and share accesses came from. */
  readonly remoteAddresses: readonly string[];
  readonly steps: readonly StoryStepSummary[];
  /** Techniques in step order (T1021.002 → T1543.003 → T1569.002 → T1059.003 → T1070). */
  readonly techniques: readonly string[];
  /** The union of the techniques' tactics, mitigations, data components and SP 800-53 controls. */
  readonly attack: FindingAttack;
  /** What the services ran: services.exe's children and their descendants. */
  readonly processes: readonly StoryProcess[];
  /** Events in time order (at most `MAX_STORY_EVENTS`; the rest are counted in `omittedEvents`). */
  readonly events: readonly StoryEvent[];
  readonly omittedEvents: number;
  /** Findings (rule matches) among the story's events. */
  readonly findings: number;
}
