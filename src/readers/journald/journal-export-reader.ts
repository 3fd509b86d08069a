/**
 * The journal export format (`journalctl -o export`, systemd's JOURNAL_EXPORT_FORMATS): entries
 * of `NAME=value` lines, a field whose value is not plain text written as `NAME\n`, a 64-bit
 * little-endian length, the bytes and `\n`; an empty line ends an entry. One entry is one event
 * (`journal-entry-event.ts`). Streams with bounded memory: only an unfinished entry is carried
 * from one chunk to the next, and no field may exceed `MAX_FIELD_BYTES`. A broken entry (a line
 * that is no field, a length that does not fit) is reported with its line and skipped up to the
 * next empty line; the rest of the file is read. An export that ends inside an entry was cut
 * (journalctl closes every entry with an empty line): reported, the entry kept as far as it goes.
 * CRLF line ends and a UTF-8 byte order mark (an export that passed through Windows) are read
 * as LF and nothing.
 */
import { isUtf8 } from 'node:buffer';
import type { DataIssue, Event, FieldValue, IssueSink } from '../../event/index.js';
import { ChunkParserReader, type ChunkParser } from '../chunk-parser.js';
import type { StreamLogReader } from '../log-reader.js';
import { journalEntryEvent } from './journal-entry-event.js';
import { hasUtf8Bom, UTF8_BOM } from '../byte-order-mark.js';

/** Bytes one field may hold (journald's own limit on a field is 64 MiB; the corpus needs 200 bytes). */
export const MAX_FIELD_BYTES = 64 * 1024 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const EQUALS = 0x3d;
const FIELD_NAME = /^[A-Z0-9_]+$/;
const LENGTH_BYTES = 8;
const FINAL_NEWLINE = Buffer.from('\n');

class ExportParser implements ChunkParser {
  private buffer: Buffer = Buffer.alloc(0);
  /** Byte offset and 1-based line, in the whole stream, of the position being parsed. */
  private base = 0;
  private baseLine = 1;
  private fields = new Map<string, FieldValue>();
  private entryLine = 0;
  private entryOffset = 0;
  private resyncing = false;
  private readonly name: string;
  private readonly sink: IssueSink;

  constructor(name: string, sink: IssueSink) {
    this.name = name;
    this.sink = sink;
  }

  get consumedBytes(): number {
    return this.base;
  }

  push(chunk: Buffer, out: Event[]): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let p = 0;
    for (;;) {
      const next = this.step(p, out);
      if (next === undefined) break;
      this.advance(p, next);
      p = next;
    }
    this.buffer = this.buffer.subarray(p);
  }

  end(out: Event[]): void {
    // A last field may lack only its newline (a hand-made or cut export): end its line for it, so
    // a complete NAME=value is read. Not inside a binary field's length, whose bytes the newline
    // would become; a binary value short of its length stays short, and is reported below.
    if (this.buffer.length > 0 && !this.resyncing && !this.isInsideBinaryLength()) {
      this.push(FINAL_NEWLINE, out);
      if (this.buffer.length === 0) this.base--; // the newline read is ours, not the input's
    }
    if (this.buffer.length > 0 && !this.resyncing) {
      this.report(
        'TRUNCATED_JOURNAL_EXPORT',
        'the file ends inside a field; the entry keeps the fields before it',
        'field',
      );
    } else if (this.fields.size > 0) {
      // journalctl ends every entry with an empty line: without one the export was cut.
      this.report(
        'TRUNCATED_JOURNAL_EXPORT',
        'the file ends inside an entry (no empty line closes it); its fields are read as they are, the last perhaps cut short',
        'none',
      );
    }
    this.buffer = Buffer.alloc(0);
    this.emit(out);
  }

  /** Parses one line or field at `p`; returns where the next starts, or undefined to wait for bytes. */
  private step(p: number, out: Event[]): number | undefined {
    const buf = this.buffer;
    if (p >= buf.length) return undefined;
    if (p === 0 && this.base === 0 && hasUtf8Bom(buf)) return UTF8_BOM.length;
    const nl = buf.indexOf(NEWLINE, p);
    if (nl < 0)
      return buf.length - p > MAX_FIELD_BYTES
        ? this.broken(p, buf.length, 'a line longer than the field limit')
        : undefined;
    // A text line's end, without the CR of a CRLF line (an export that passed through Windows).
    const end = nl > p && buf[nl - 1] === CARRIAGE_RETURN ? nl - 1 : nl;
    if (end === p) {
      this.resyncing = false;
      this.emit(out);
      return p + 1;
    }
    if (this.resyncing) return nl + 1;
    if (this.fields.size === 0) {
      this.entryLine = this.baseLine;
      this.entryOffset = this.base;
    }
    const eq = buf.indexOf(EQUALS, p);
    if (eq >= 0 && eq < end) {
      const name = buf.toString('latin1', p, eq);
      if (!FIELD_NAME.test(name)) return this.broken(p, nl + 1, `"${name.slice(0, 40)}" is not a journal field name`);
      const value = buf.subarray(eq + 1, end);
      if (!isUtf8(value)) this.report('BAD_UTF8', `${name} is not UTF-8 (read with replacement characters)`, 'none', p);
      this.set(name, value.toString('utf8'));
      return nl + 1;
    }
    const name = buf.toString('latin1', p, end);
    if (!FIELD_NAME.test(name))
      return this.broken(p, nl + 1, `"${name.slice(0, 40)}" is neither NAME=value nor a binary field name`);
    if (buf.length < nl + 1 + LENGTH_BYTES) return undefined;
    const size = buf.readBigUInt64LE(nl + 1);
    if (size > BigInt(MAX_FIELD_BYTES)) return this.broken(p, nl + 1, `binary field ${name} claims ${size} bytes`);
    const start = nl + 1 + LENGTH_BYTES;
    const valueEnd = start + Number(size);
    if (buf.length < valueEnd + 1) return undefined;
    const crlf = buf[valueEnd] === CARRIAGE_RETURN;
    if (crlf && buf.length < valueEnd + 2) return undefined;
    if (buf[crlf ? valueEnd + 1 : valueEnd] !== NEWLINE)
      return this.broken(p, valueEnd, `binary field ${name} is not followed by a newline where its length ends`);
    const value = buf.subarray(start, valueEnd);
    if (!isUtf8(value))
      this.report('BAD_UTF8', `binary field ${name} is not UTF-8 (read with replacement characters)`, 'none', p);
    this.set(name, value.toString('utf8'));
    return valueEnd + (crlf ? 2 : 1);
  }

  /** Whether the buffer ends after a binary field's name line but before all of its length's bytes. */
  private isInsideBinaryLength(): boolean {
    const nl = this.buffer.indexOf(NEWLINE);
    return nl >= 0 && this.buffer.length < nl + 1 + LENGTH_BYTES;
  }

  /** Reports the entry at `p` as broken and skips it up to the next empty line. */
  private broken(p: number, next: number, why: string): number {
    this.report('BAD_JOURNAL_EXPORT', `${why}; entry skipped`, 'record', p);
    this.fields = new Map();
    this.resyncing = true;
    return next;
  }

  private set(name: string, value: string): void {
    const before = this.fields.get(name);
    if (before === undefined) this.fields.set(name, value);
    else this.fields.set(name, Array.isArray(before) ? [...(before as string[]), value] : [before as string, value]);
  }

  private emit(out: Event[]): void {
    if (this.fields.size === 0) return;
    out.push(journalEntryEvent(this.fields, { file: this.name, line: this.entryLine, offset: this.entryOffset }));
    this.fields = new Map();
  }

  /** Moves the stream position past bytes [from, to) of the buffer. */
  private advance(from: number, to: number): void {
    for (let i = this.buffer.indexOf(NEWLINE, from); i >= 0 && i < to; i = this.buffer.indexOf(NEWLINE, i + 1))
      this.baseLine++;
    this.base += to - from;
  }

  /** Reports at the position being parsed (`here`), or at the start of the current entry. */
  private report(code: string, message: string, skipped: DataIssue['skipped'], here?: number): void {
    const atEntry = here === undefined;
    this.sink.report({
      code,
      message,
      file: this.name,
      line: atEntry ? this.entryLine : this.baseLine,
      offset: atEntry ? this.entryOffset : this.base,
      ...(skipped === undefined ? {} : { skipped }),
    });
  }
}

/** The shared `journalctl -o export` reader, one event per journal entry. */
export const JOURNAL_EXPORT_READER: StreamLogReader = new ChunkParserReader(
  'journal-export',
  (name, sink) => new ExportParser(name, sink),
);
