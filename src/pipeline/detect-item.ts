/**
 * One work item, on whichever thread holds it: read its events (an EVTX chunk run, or a whole text
 * file through its reader), keep those inside the time window, run the rule set, and return raw
 * findings with the item's counters and issues. Bad data never throws out of here; a file that
 * cannot be read at all is reported as `unreadable`. Any other error is a bug and is thrown, so
 * the run ends with the internal-error exit code instead of calling the input unreadable.
 */
import { selectStoryRecord, type StoryRecord } from '../correlate/index.js';
import { isSystemError, type DataIssue, type Event, type IssueSink } from '../event/index.js';
import {
  batchesOf,
  blockOf,
  CHUNK_SIZE,
  closeEvtx,
  FILE_HEADER_SIZE,
  openEvtx,
  processChunk,
  recycleBatch,
} from '../evtx/index.js';
import { readerFor } from '../readers/index.js';
import type { RuleSet, SigmaRule } from '../sigma/index.js';
import { rawFinding, type RawFinding } from './raw-finding.js';
import { countIssue, emptyCounters, type RunCounters } from './run-counters.js';
import type { WorkItem } from './work-plan.js';

export interface ItemResult {
  readonly index: number;
  readonly findings: RawFinding[];
  /** With `--stories`: compact records of the story-relevant events, in file order. */
  readonly storyRecords: StoryRecord[];
  readonly counters: RunCounters;
  /** The first issues of the item (all are counted in `counters`). */
  readonly issues: DataIssue[];
  /** Why the file could not be read at all, when that happened. */
  readonly unreadable?: string;
}

export interface DetectOptions {
  /** Epoch ms, inclusive; events outside are counted and skipped. */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

/** Issues kept per item for display; the rest are only counted. */
const MAX_ISSUES_KEPT = 200;
/**
 * Story records one item may send (a 16 MiB EVTX run holds ~40,000 records; the densest corpus file
 * gives 6,000 story records). Past it records are counted, not kept, so one message stays bounded.
 */
export const MAX_STORY_RECORDS_PER_ITEM = 100_000;

class ItemSink implements IssueSink {
  readonly issues: DataIssue[] = [];
  private readonly counters: RunCounters;

  constructor(counters: RunCounters) {
    this.counters = counters;
  }

  report(issue: DataIssue): void {
    countIssue(this.counters, issue);
    if (this.issues.length < MAX_ISSUES_KEPT) this.issues.push(issue);
  }
}

export interface DetectorSetup {
  readonly detect: DetectOptions;
  readonly correlationFields: Readonly<Record<string, readonly string[]>>;
  readonly stories: boolean;
}

export class ItemDetector {
  private readonly ruleSet: RuleSet;
  private readonly options: DetectOptions;
  private readonly correlationFields: ReadonlyMap<string, readonly string[]>;
  private readonly stories: boolean;

  constructor(ruleSet: RuleSet, setup: DetectorSetup) {
    this.ruleSet = ruleSet;
    this.options = setup.detect;
    this.correlationFields = new Map(Object.entries(setup.correlationFields));
    this.stories = setup.stories;
  }

  async run(item: WorkItem): Promise<ItemResult> {
    const counters = emptyCounters();
    const sink = new ItemSink(counters);
    const findings: RawFinding[] = [];
    const records: StoryRecord[] = [];
    const format = item.format;
    const perFormat = (counters.byFormat[format] = { files: item.isFirstOfFile ? 1 : 0, bytes: 0, records: 0 });
    if (item.isFirstOfFile) counters.files = 1;
    const onEvents = (events: readonly Event[]): void => {
      counters.records += events.length;
      perFormat.records += events.length;
      this.detect(events, format, findings, counters, records);
    };
    try {
      if (item.blocks !== undefined) perFormat.bytes = await this.readEvtxBlocks(item, sink, onEvents);
      else perFormat.bytes = await this.readText(item, sink, onEvents);
    } catch (err) {
      if (!isSystemError(err)) throw err;
      // A file that cannot be read (gone since it was found) is unreadable, not a file read.
      counters.unreadable = 1;
      counters.files = 0;
      perFormat.files = 0;
      const reason = err instanceof Error ? err.message : String(err);
      return { index: item.index, findings, storyRecords: records, counters, issues: sink.issues, unreadable: reason };
    }
    counters.bytes = perFormat.bytes;
    return { index: item.index, findings, storyRecords: records, counters, issues: sink.issues };
  }

  private detect(
    events: readonly Event[],
    format: string,
    out: RawFinding[],
    counters: RunCounters,
    records: StoryRecord[],
  ): void {
    const { from, to } = this.options;
    const fields = this.correlationFields;
    const onMatch = (rule: SigmaRule, event: Event): void => {
      out.push(rawFinding(rule, event, format, fields.get(rule.key)));
    };
    for (const event of events) {
      if ((from !== undefined && !(event.time >= from)) || (to !== undefined && !(event.time <= to))) {
        counters.outsideWindow++;
        continue;
      }
      this.ruleSet.match(event, onMatch);
      if (!this.stories) continue;
      const record = selectStoryRecord(event, format);
      if (record === undefined) continue;
      if (records.length < MAX_STORY_RECORDS_PER_ITEM) {
        records.push(record);
        counters.storyRecords++;
      } else counters.storyRecordsDropped++;
    }
  }

  /** Reads the item's chunk run on this thread; returns the bytes it covered. */
  private async readEvtxBlocks(
    item: WorkItem,
    sink: IssueSink,
    onEvents: (events: readonly Event[]) => void,
  ): Promise<number> {
    const file = await openEvtx(item.path);
    try {
      if (item.isFirstOfFile) for (const issue of file.issues) sink.report(issue);
      const { first, count } = item.blocks as { first: number; count: number };
      let bytes = item.isFirstOfFile ? Math.min(file.sizeBytes, FILE_HEADER_SIZE) : 0;
      for (const batch of batchesOf(file, first, first + count)) {
        bytes += batch.bytes.length;
        for (let i = 0; i < batch.count; i++) {
          const index = batch.first + i;
          const output = processChunk(
            blockOf(batch, i),
            { file: item.path, index, fileOffset: FILE_HEADER_SIZE + index * CHUNK_SIZE },
            { output: 'events' },
          );
          for (const issue of output.issues) sink.report(issue);
          if (output.events.length > 0) onEvents(output.events);
        }
        // Detection keeps copies of what it needs (findings, story records), never an event, so
        // the batch's buffer can take the next read: fresh buffers cost a page fault per 4 KiB.
        recycleBatch(batch);
      }
      return bytes;
    } finally {
      closeEvtx(file);
    }
  }

  private async readText(
    item: WorkItem,
    sink: IssueSink,
    onEvents: (events: readonly Event[]) => void,
  ): Promise<number> {
    let bytes = 0;
    for await (const batch of readerFor(item.format).read(item.path, { sink, threads: 1 })) {
      bytes = batch.bytesRead;
      onEvents(batch.events);
    }
    return bytes;
  }
}
