/**
 * The problems `JsonValueScanner` finds, as values with a location: line, column (characters from
 * the line start) and byte offset. Built only when something is wrong, so they may take their time.
 */
import { firstInvalidUtf8 } from './invalid-utf8.js';
import { jsonSyntaxErrorIndex } from './json-syntax-error.js';

export type JsonScanIssueCode = 'BAD_JSON' | 'BAD_UTF8' | 'JSON_TOO_LARGE';

export interface JsonScanIssue {
  readonly code: JsonScanIssueCode;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  /** `record`: a value was lost; `none`: the value was still read (bad bytes became U+FFFD). */
  readonly skipped: 'record' | 'none';
}

/** Where a value's text starts in the input. */
export interface TextStart {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export function scanIssue(code: JsonScanIssueCode, message: string, at: TextStart): JsonScanIssue {
  return {
    code,
    message,
    line: at.line,
    column: at.column,
    offset: at.offset,
    skipped: code === 'BAD_UTF8' ? 'none' : 'record',
  };
}

/** The issue at character `at` of a value's text that starts at `start`. */
function issueInText(
  code: JsonScanIssueCode,
  message: string,
  text: string,
  at: number,
  start: TextStart,
): JsonScanIssue {
  let line = start.line;
  let lineAt = -1;
  for (let k = text.indexOf('\n'); k >= 0 && k < at; k = text.indexOf('\n', k + 1)) {
    line++;
    lineAt = k;
  }
  const column = lineAt < 0 ? start.column + at : at - lineAt;
  return scanIssue(code, message, { line, column, offset: start.offset + Buffer.byteLength(text.slice(0, at)) });
}

/** BAD_JSON at the first character where a value's text stops being JSON. */
export function syntaxIssue(text: string, start: TextStart, error: unknown): JsonScanIssue {
  const at = jsonSyntaxErrorIndex(text);
  let why: string;
  if (at < 0)
    why = String(error); // JSON.parse failed for another reason (nesting too deep)
  else if (at >= text.length) why = 'it ends too early';
  else {
    const around = text.slice(Math.max(0, at - 20), at + 20).replace(/\s+/g, ' ');
    why = `unexpected ${JSON.stringify(text[at])} near ${JSON.stringify(around)}`;
  }
  return issueInText('BAD_JSON', `not valid JSON: ${why}`, text, Math.max(at, 0), start);
}

/** BAD_UTF8 at the first ill-formed byte of a value that `isUtf8` rejected. */
export function utf8Issue(bytes: Buffer, start: TextStart): JsonScanIssue {
  const bad = firstInvalidUtf8(bytes);
  const before = bytes.toString('utf8', 0, bad);
  const message = `byte 0x${bytes[bad]!.toString(16)} is not valid UTF-8; read as U+FFFD`;
  return issueInText('BAD_UTF8', message, before, before.length, start);
}
