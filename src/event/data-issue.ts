/**
 * A problem found in input data (a corrupt EVTX chunk, a truncated JSON line, an audit record without
 * its EXECVE part). Issues are values, never thrown out of a stream: the reader reports one, skips the
 * smallest broken unit and goes on (STYLE.md §6). Locations stay cheap: byte offsets or line numbers.
 */
import { printableText } from './printable-text.js';

export interface DataIssue {
  /** SCREAMING_SNAKE code, stable across releases: `BAD_CHUNK_CRC`, `BAD_JSON_LINE` … */
  readonly code: string;
  readonly message: string;
  readonly file: string;
  /** Bytes from the start of the file. */
  readonly offset?: number;
  /** 1-based line (text formats). */
  readonly line?: number;
  readonly column?: number;
  /** 0-based EVTX chunk index. */
  readonly chunk?: number;
  readonly recordId?: number | string;
  /** What was skipped because of this issue, so summaries can count lost units by kind. */
  readonly skipped?: 'field' | 'record' | 'chunk' | 'file' | 'none';
}

/** Receives data issues as they are found. */
export interface IssueSink {
  report(issue: DataIssue): void;
}

/** Location prefix for display: `file:line:column` for text, `file@0x1f00 chunk 3 record 17` for binary. */
export function formatIssueLocation(issue: DataIssue): string {
  let at = issue.file;
  if (issue.line !== undefined) at += `:${issue.line}${issue.column !== undefined ? `:${issue.column}` : ''}`;
  if (issue.offset !== undefined && issue.line === undefined) at += `@0x${issue.offset.toString(16)}`;
  if (issue.chunk !== undefined) at += ` chunk ${issue.chunk}`;
  if (issue.recordId !== undefined) at += ` record ${issue.recordId}`;
  return at;
}

/** One line for a person: location, code and message, printable whatever the log put in it. */
export function formatIssueLine(issue: DataIssue): string {
  return printableText(`${formatIssueLocation(issue)}: ${issue.code} ${issue.message}`);
}
