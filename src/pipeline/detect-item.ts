/**
 * One work item, on whichever thread holds it: read its events (an EVTX chunk run, or a whole text
 * file through its reader), keep those inside the time window, run the rule set, and give out raw
 * findings in parts as the item is read, the last with the item's counters. Bad data never throws
 * out of here; a file that cannot be read at all is reported as `unreadable`. Any other error is a
 * bug and is thrown, so the run ends with the internal-error exit code instead of calling the input
 * unreadable.
 */
import { selectStoryRecord, type StoryRecord } from '../correlate/index.js';
import { isSystemError, type DataIssue, type Event, type IssueSink } from '../event/index.js';
import { chunkEventsOnce, closeEvtx, FILE_HEADER_SIZE, openEvtx } from '../evtx/index.js';
import { readerFor } from '../readers/index.js';
import type { RuleSet, SigmaRule } from '../sigma/index.js';
import { rawFinding, type RawFinding } from './raw-finding.js';
import { countIssue, emptyCounters, type FormatCounters, type RunCounters } from './run-counters.js';
import type { WorkItem } from './work-plan.js';

/**
 * Part of a work item's results. An item gives out parts as it is read, in file order, so a large
 * file's findings leave the thread long before the file ends; its last part carries `end`. A part
 * that holds only `progress` (`isProgressOnly`) tells how far a file with few findings is read.
 */
export interface ItemPart {
  readonly index: number;
  readonly findings: readonly RawFinding[];
  /** With `--stories`: compact records of the story-relevant events, in file order. */
  readonly storyRecords: readonly StoryRecord[];
  /** Issues kept since the previous part (the item's first ones; all are counted in its counters). */
  readonly issues: readonly DataIssue[];
  readonly progress: ItemProgress;
  /** Only on the item's last part. */
  readonly end?: ItemEnd;
}

/**
 * How far the item is read when the part is cut, as its counters count it (the end part: what its
 * counters say). For display only: the run's totals take an item's counters once, at its end.
 */
export interface ItemProgress {
  /**
   * Input bytes read, as the reader last told them: EVTX in 1 MiB reads, text formats with each
   * batch of events (the compressed bytes of gzip; a zip entry counts only once it is read whole).
   */
  readonly bytes: number;
  /** Events read (also those outside `--from`/`--to`). */
  readonly records: number;
}

export interface ItemEnd {
  readonly counters: RunCounters;
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
 * Story records one item may keep (a 16 MiB EVTX run holds ~40,000 records; the densest corpus file
 * gives 6,000 story records). Past it records are counted, not kept, so one huge file cannot take
 * the main thread's whole `MAX_STORY_RECORDS` from the files after it.
 */
export const MAX_STORY_RECORDS_PER_ITEM = 100_000;
/**
 * A part is given out once it holds this many findings and story records, checked after each event
 * batch (so it may hold one batch more). A finding costs ~870 bytes on the main thread, so a part is
 * ~2 MB: few enough messages that cloning them costs nothing next to detection, and small enough
 * that the parts a worker may send ahead (`PARTS_AHEAD`) stay a few MB whatever the file's size.
 */
export const PART_ENTRIES = 2_000;
/**
 * Events read after which an item gives out a progress-only part when no part was cut since, so
 * the progress of one large file moves while it is read: JSON is read at ~300,000 events/s and raw
 * auditd at ~170,000 per thread, so several updates a second; such a part is ~100 bytes.
 */
export const PROGRESS_RECORDS = 25_000;

/** Whether the part holds nothing but progress: a later part carries the item's progress further. */
export function isProgressOnly(part: ItemPart): boolean {
  return (
    part.end === undefined && part.findings.length === 0 && part.storyRecords.length === 0 && part.issues.length === 0
  );
}

class ItemSink implements IssueSink {
  private issues: DataIssue[] = [];
  private kept = 0;
  private readonly counters: RunCounters;

  constructor(counters: RunCounters) {
    this.counters = counters;
  }

  report(issue: DataIssue): void {
    countIssue(this.counters, issue);
    if (this.kept < MAX_ISSUES_KEPT) {
      this.issues.push(issue);
      this.kept++;
    }
  }

  /** The issues kept since the last call. */
  take(): DataIssue[] {
    const issues = this.issues;
    this.issues = [];
    return issues;
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

  /**
   * The item's results in parts, pull-based: the item is read only as far as parts are asked for,
   * so a consumer that waits holds the reading. The last part (and only it) carries `end`.
   */
  async *parts(item: WorkItem): AsyncGenerator<ItemPart> {
    const counters = emptyCounters();
    const sink = new ItemSink(counters);
    let findings: RawFinding[] = [];
    let records: StoryRecord[] = [];
    const format = item.format;
    const perFormat = (counters.byFormat[format] = { files: item.isFirstOfFile ? 1 : 0, bytes: 0, records: 0 });
    if (item.isFirstOfFile) counters.files = 1;
    let unreadable: string | undefined;
    let recordsAtLastPart = 0;
    try {
      for await (const events of eventsOf(item, sink, perFormat)) {
        counters.records += events.length;
        perFormat.records += events.length;
        this.detect(events, format, findings, counters, records);
        const full = findings.length + records.length >= PART_ENTRIES;
        if (!full && counters.records - recordsAtLastPart < PROGRESS_RECORDS) continue;
        const progress = { bytes: perFormat.bytes, records: counters.records };
        recordsAtLastPart = counters.records;
        if (full) {
          // Cut between batches: a finding's story record is in its part, before it (see StoryStage).
          yield { index: item.index, findings, storyRecords: records, issues: sink.take(), progress };
          findings = [];
          records = [];
        } else {
          // Findings and issues wait for their part: this one may be dropped (`PartSender`).
          yield { index: item.index, findings: [], storyRecords: [], issues: [], progress };
        }
      }
    } catch (err) {
      if (!isSystemError(err)) throw err;
      // A file that cannot be read (gone since it was found) is unreadable, not a file read.
      counters.unreadable = 1;
      counters.files = 0;
      perFormat.files = 0;
      perFormat.bytes = 0;
      unreadable = err instanceof Error ? err.message : String(err);
    }
    counters.bytes = perFormat.bytes;
    const end: ItemEnd = unreadable === undefined ? { counters } : { counters, unreadable };
    const progress = { bytes: counters.bytes, records: counters.records };
    yield { index: item.index, findings, storyRecords: records, issues: sink.take(), progress, end };
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
      if (counters.storyRecords < MAX_STORY_RECORDS_PER_ITEM) {
        records.push(record);
        counters.storyRecords++;
      } else counters.storyRecordsDropped++;
    }
  }
}

/** The item's events, batch by batch; `reach.bytes` follows how far the input is read. */
function eventsOf(item: WorkItem, sink: IssueSink, reach: FormatCounters): AsyncIterable<readonly Event[]> {
  return item.blocks === undefined
    ? textEvents(item, sink, reach)
    : evtxBlockEvents(item, item.blocks.first, item.blocks.count, sink, reach);
}

/** The item's chunk run, read on this thread, a chunk's events at a time. */
async function* evtxBlockEvents(
  item: WorkItem,
  first: number,
  count: number,
  sink: IssueSink,
  reach: FormatCounters,
): AsyncGenerator<readonly Event[]> {
  const file = await openEvtx(item.path);
  try {
    if (item.isFirstOfFile) for (const issue of file.issues) sink.report(issue);
    reach.bytes = item.isFirstOfFile ? Math.min(file.sizeBytes, FILE_HEADER_SIZE) : 0;
    // Detection keeps copies of what it needs (findings, story records), never an event past its
    // batch, so batch buffers are read into again.
    const batchRead = (bytes: number): void => void (reach.bytes += bytes);
    for (const output of chunkEventsOnce(file, first, first + count, batchRead)) {
      for (const issue of output.issues) sink.report(issue);
      if (output.events.length > 0) yield output.events;
    }
  } finally {
    closeEvtx(file);
  }
}

async function* textEvents(item: WorkItem, sink: IssueSink, reach: FormatCounters): AsyncGenerator<readonly Event[]> {
  for await (const batch of readerFor(item.format).read(item.path, { sink, threads: 1 })) {
    reach.bytes = batch.bytesRead;
    yield batch.events;
  }
}
