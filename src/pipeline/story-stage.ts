/**
 * The story stage (`--stories`), on the main thread after the merge: gathers the workers' story
 * records (up to `MAX_STORY_RECORDS`, the rest counted) and the findings that mark events as
 * suspicious, then builds the attack stories once every input is read — a story may span files
 * (System, Security and Sysmon logs of one host), so it can only be told at the end.
 */
import { buildStories, type StoryRecord, type StorySeed } from '../correlate/index.js';
import { eventKeyOf, type Finding, type Story } from '../report/index.js';

/** Story records held at once (a few hundred bytes each: about 150 MB); the whole corpus needs ~60,000. */
export const MAX_STORY_RECORDS = 400_000;

export interface StoryCounters {
  stories: number;
  /** Story records received from the workers and kept. */
  records: number;
  /** Story records not kept: over the per-item cap in a worker, or over `MAX_STORY_RECORDS` here. */
  dropped: number;
}

/**
 * Records come before the findings of their part of a work item (`run-hunt.ts`; an event's record
 * and findings share a part), so a finding whose event has no story record is known at once and
 * not kept: seeds stay bounded by the records, not by findings.
 */
export class StoryStage {
  private records: StoryRecord[] = [];
  private recordKeys = new Set<string>();
  private seeds: StorySeed[] = [];
  private dropped = 0;

  addRecords(records: readonly StoryRecord[]): void {
    // A loop, not push(...records): the caller's array may be longer than the spread argument limit.
    const kept = Math.min(records.length, Math.max(0, MAX_STORY_RECORDS - this.records.length));
    for (let i = 0; i < kept; i++) {
      this.records.push(records[i]!);
      this.recordKeys.add(records[i]!.eventKey);
    }
    this.dropped += records.length - kept;
  }

  /** A finding marks its event (a correlation finding: every event behind it) as part of an attack. */
  addFinding(finding: Finding): void {
    const title = finding.rule.title;
    const level = finding.rule.level;
    const mark = (eventKey: string): void => {
      if (this.recordKeys.has(eventKey)) this.seeds.push({ eventKey, title, level });
    };
    if (finding.correlation === undefined) mark(eventKeyOf(finding.source));
    else for (const e of finding.correlation.events) mark(eventKeyOf(e.source));
  }

  /** Findings kept as marks on story records (for tests: the rest are no story's). */
  get seedsHeld(): number {
    return this.seeds.length;
  }

  finish(droppedInWorkers: number): { readonly stories: Story[]; readonly counters: StoryCounters } {
    const stories = buildStories(this.records, this.seeds);
    const counters = {
      stories: stories.length,
      records: this.records.length,
      dropped: this.dropped + droppedInWorkers,
    };
    this.records = [];
    this.recordKeys = new Set();
    this.seeds = [];
    return { stories, counters };
  }
}
