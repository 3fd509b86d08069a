/**
 * What a run read, skipped and found, summed over work items: the numbers every run ends with
 * (STYLE.md §6) and the `summary` object of the JSON output.
 */
import type { DataIssue } from '../event/index.js';

export interface FormatCounters {
  files: number;
  bytes: number;
  records: number;
}

export interface RunCounters {
  files: number;
  bytes: number;
  /** Events read (every record the readers turned into an event). */
  records: number;
  /** Events outside `--from`/`--to`. */
  outsideWindow: number;
  /** Issues by code. */
  issues: Record<string, number>;
  /** Units lost because of issues: records and chunks skipped, by issue code. */
  skippedRecords: Record<string, number>;
  skippedChunks: Record<string, number>;
  /** Files that were not logs (sniffed), or could not be read at all. */
  notLogs: number;
  unreadable: number;
  byFormat: Record<string, FormatCounters>;
  /** `--stories`: compact records of story-relevant events kept, and dropped by the per-item cap. */
  storyRecords: number;
  storyRecordsDropped: number;
}

export function emptyCounters(): RunCounters {
  return {
    files: 0,
    bytes: 0,
    records: 0,
    outsideWindow: 0,
    issues: {},
    skippedRecords: {},
    skippedChunks: {},
    notLogs: 0,
    unreadable: 0,
    byFormat: {},
    storyRecords: 0,
    storyRecordsDropped: 0,
  };
}

function addTo(target: Record<string, number>, key: string, n: number): void {
  target[key] = (target[key] ?? 0) + n;
}

/** Counts one issue (and what it skipped). */
export function countIssue(counters: RunCounters, issue: DataIssue): void {
  addTo(counters.issues, issue.code, 1);
  if (issue.skipped === 'record') addTo(counters.skippedRecords, issue.code, 1);
  if (issue.skipped === 'chunk') addTo(counters.skippedChunks, issue.code, 1);
}

/** Adds `from` into `into` (item results into the run total). */
export function mergeCounters(into: RunCounters, from: RunCounters): void {
  into.files += from.files;
  into.bytes += from.bytes;
  into.records += from.records;
  into.outsideWindow += from.outsideWindow;
  into.notLogs += from.notLogs;
  into.unreadable += from.unreadable;
  into.storyRecords += from.storyRecords;
  into.storyRecordsDropped += from.storyRecordsDropped;
  for (const [k, v] of Object.entries(from.issues)) addTo(into.issues, k, v);
  for (const [k, v] of Object.entries(from.skippedRecords)) addTo(into.skippedRecords, k, v);
  for (const [k, v] of Object.entries(from.skippedChunks)) addTo(into.skippedChunks, k, v);
  for (const [format, c] of Object.entries(from.byFormat)) {
    const target = (into.byFormat[format] ??= { files: 0, bytes: 0, records: 0 });
    target.files += c.files;
    target.bytes += c.bytes;
    target.records += c.records;
  }
}
