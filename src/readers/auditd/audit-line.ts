/**
 * One line of a raw audit log: `[node=N ]type=T msg=audit(SECONDS.MILLIS:SERIAL): k=v k="v" …`,
 * and in the ENRICHED format a GS byte (0x1d) followed by auditd's translations (`UID="root"`,
 * `SYSCALL=execve`). Values are decoded as auditd encodes them (`audit-values.ts`); a nested
 * `msg='…'` (user-space records such as USER_CMD) is read as fields of the record; EXECVE's long
 * arguments, split into `aN[i]` pieces, are joined back into `aN` as bytes before decoding (a
 * UTF-8 character may be cut between pieces), and the pieces are kept, since the kernel may spread
 * them over several EXECVE records. A line that is no audit record, and a value that should be hex
 * but is not, are reported with the line; the record is still read. `ausearch`'s `----` and
 * `time->…` lines between events are passed over quietly.
 */
import type { FieldValue, IssueSink } from '../../event/index.js';
import type { ArgumentPieces } from './audit-record.js';
import { argumentText, hexBytes, isEncodedField, isNullText, joinNulSeparated, splitKeys } from './audit-values.js';

export interface AuditLine {
  readonly type: string;
  readonly time: number;
  readonly serial: number;
  readonly node: string | undefined;
  readonly fields: Map<string, FieldValue>;
  /** EXECVE's `aN[i]` pieces on this line, undefined when it has none. */
  readonly pieces: ArgumentPieces | undefined;
}

const HEADER = /^(?:node=(\S+) )?type=(\S+) msg=audit\((\d+)\.(\d{1,3}):(\d+)\):\s?/;
const ENRICHMENT_SEPARATOR = 0x1d;
const SPACE = 0x20;
const PIECE = /^(a\d+)\[\d+\]$/;
/** What `ausearch` writes before each event: a `----` line, then `time->` and the local time. */
export const AUSEARCH_SEPARATOR = /^(?:----|time->.*)\r?$/;
const LENGTH = /^a\d+_len$/;

export interface Where {
  readonly file: string;
  readonly line: number;
  readonly offset: number;
  readonly sink: IssueSink;
}

/** The end of a value starting at `at`: a closing quote or brace, else the next blank or GS byte. */
function valueEnd(text: string, at: number): number {
  const open = text[at];
  const close = open === '"' ? '"' : open === "'" ? "'" : open === '{' ? '}' : undefined;
  if (close !== undefined) {
    const end = text.indexOf(close, at + 1);
    return end < 0 ? text.length : end + 1;
  }
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === ENRICHMENT_SEPARATOR) break;
    i++;
  }
  return i;
}

function decode(type: string, name: string, raw: string, column: number, where: Where): FieldValue {
  const quote = raw[0];
  if (quote === '"' || quote === "'") return raw.slice(1, raw.endsWith(quote) && raw.length > 1 ? -1 : undefined);
  if (isNullText(raw)) return null;
  if (!isEncodedField(type, name) || raw === '?' || raw === '(none)') return raw;
  const bytes = hexBytes(raw);
  if (bytes === undefined) {
    where.sink.report({
      code: 'BAD_AUDIT_HEX',
      message: `${type} ${name}=${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw} is neither quoted nor hex; kept as written`,
      file: where.file,
      line: where.line,
      column,
      offset: where.offset + column - 1,
      skipped: 'none',
    });
    return raw;
  }
  if (name === 'proctitle') return joinNulSeparated(bytes);
  return name === 'key' ? splitKeys(bytes) : bytes.toString('utf8');
}

/** A piece's bytes: hex decoded, or the text as written (quoted, or bad hex already reported). */
function pieceBytes(raw: string, value: FieldValue): Buffer {
  const bytes = raw.startsWith('"') ? undefined : hexBytes(raw);
  return bytes ?? Buffer.from(String(value ?? ''), 'utf8');
}

function isUnclosed(raw: string): boolean {
  const open = raw[0];
  const close = open === '"' ? '"' : open === "'" ? "'" : open === '{' ? '}' : undefined;
  return close !== undefined && (raw.length < 2 || !raw.endsWith(close));
}

function reportTruncated(type: string, what: string, column: number, where: Where): void {
  where.sink.report({
    code: 'TRUNCATED_AUDIT_RECORD',
    message: `${type} record ends inside "${what.length > 30 ? `${what.slice(0, 30)}…` : what}" (the line was cut); the fields before it are read`,
    file: where.file,
    line: where.line,
    column,
    offset: where.offset + column - 1,
    skipped: 'field',
  });
}

/**
 * Reads `k=v` pairs of `text` from `at` into `fields` (first occurrence of a name wins); `aN[i]`
 * pieces are joined into `aN` and returned, undefined when there are none.
 */
export function readFields(
  type: string,
  text: string,
  at: number,
  fields: Map<string, FieldValue>,
  where: Where,
  base: number,
): ArgumentPieces | undefined {
  const pieces = readPairs(type, text, at, fields, where, base, undefined);
  if (pieces !== undefined) for (const [name, bytes] of pieces) fields.set(name, argumentText(bytes));
  return pieces;
}

function readPairs(
  type: string,
  text: string,
  at: number,
  fields: Map<string, FieldValue>,
  where: Where,
  base: number,
  found: ArgumentPieces | undefined,
): ArgumentPieces | undefined {
  let pieces = found;
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === ENRICHMENT_SEPARATOR) {
      i++;
      continue;
    }
    const eq = text.indexOf('=', i);
    const end = eq < 0 ? text.length : valueEnd(text, eq + 1);
    const raw = eq < 0 ? '' : text.slice(eq + 1, end);
    if (eq < 0 || isUnclosed(raw)) {
      reportTruncated(type, text.slice(i, eq < 0 ? text.length : eq), base + i, where);
      if (eq < 0) return pieces;
    }
    const name = text.slice(i, eq);
    i = end;
    if (name === 'msg' && raw.startsWith("'")) {
      const inner = raw.slice(1, raw.endsWith("'") ? -1 : undefined);
      pieces = readPairs(type, inner, 0, fields, where, base + eq + 2, pieces);
      continue;
    }
    if (LENGTH.test(name)) continue;
    const piece = PIECE.exec(name);
    const value = decode(type, name, raw, base + eq + 1, where);
    if (piece !== null) {
      pieces ??= new Map();
      const key = piece[1]!;
      const list = pieces.get(key);
      // The kernel writes the pieces in order; their index is not trusted (a3[999999999] would make a huge array).
      if (list === undefined) pieces.set(key, [pieceBytes(raw, value)]);
      else list.push(pieceBytes(raw, value));
    } else if (!fields.has(name)) fields.set(name, value);
  }
  return pieces;
}

/**
 * The record on a raw audit log line, or undefined (reported) when the line is no audit record.
 * Blank lines and ausearch's separator lines are skipped without a report.
 */
export function parseAuditLine(text: string, where: Where): AuditLine | undefined {
  const header = HEADER.exec(text);
  if (header === null) {
    if (text.trim() !== '' && !AUSEARCH_SEPARATOR.test(text)) {
      where.sink.report({
        code: 'BAD_AUDIT_LINE',
        message: `not an audit record (expected "type=… msg=audit(…):"): ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`,
        file: where.file,
        line: where.line,
        column: 1,
        offset: where.offset,
        skipped: 'record',
      });
    }
    return undefined;
  }
  const type = header[2]!;
  const fields = new Map<string, FieldValue>();
  const pieces = readFields(type, text, header[0].length, fields, where, 1);
  return {
    type,
    time: Number(header[3]) * 1000 + Number(header[4]!.padEnd(3, '0')),
    serial: Number(header[5]),
    node: header[1],
    fields,
    pieces,
  };
}
