/**
 * Cuts a byte stream into text lines with their 1-based number and byte offset, for the
 * line-oriented formats (raw auditd logs, syslog lines carrying Sysmon for Linux XML). A line may
 * span chunks; `\n` and `\r\n` both end one; a UTF-8 byte order mark before the first line is
 * passed over. Bad data is reported, never thrown: a line that is not
 * UTF-8 is decoded with replacement characters and reported (BAD_UTF8, the line is still read); a
 * line past `maxLineBytes` is reported and skipped (LINE_TOO_LONG), bounding memory.
 */
import { isUtf8 } from 'node:buffer';
import type { IssueSink } from '../event/index.js';
import { firstInvalidUtf8 } from './invalid-utf8.js';
import { hasUtf8Bom, UTF8_BOM } from './byte-order-mark.js';

export interface TextLine {
  readonly text: string;
  /** 1-based line number. */
  readonly line: number;
  /** Bytes from the start of the stream to the line's first byte. */
  readonly offset: number;
}

/**
 * Bytes one line may hold. auditd splits arguments longer than its own limit into `aN[i]` records,
 * so its lines stay under 10 KiB; the longest line of the corpus logs is 7.5 KiB.
 */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export class LineSplitter {
  private readonly name: string;
  private readonly sink: IssueSink;
  private readonly maxLineBytes: number;
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** Skipping the rest of an overlong line. */
  private skipping = false;
  private lineNumber = 0;
  private lineOffset = 0;
  /** Bytes consumed up to the end of the last complete line. */
  consumedBytes = 0;

  constructor(name: string, sink: IssueSink, maxLineBytes = MAX_LINE_BYTES) {
    this.name = name;
    this.sink = sink;
    this.maxLineBytes = maxLineBytes;
  }

  /** The lines `chunk` completes (with the carried start of the first one), in order. */
  push(chunk: Buffer, out: TextLine[]): void {
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
      this.finish(chunk.subarray(start, nl), nl + 1 - start, out);
      start = nl + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  /** The last line, when the stream does not end with a newline. */
  end(out: TextLine[]): void {
    if (this.carryBytes > 0 || this.skipping) this.finish(Buffer.alloc(0), 0, out);
  }

  private keep(piece: Buffer): void {
    if (this.skipping) {
      this.carryBytes += piece.length;
      return;
    }
    this.carry.push(piece);
    this.carryBytes += piece.length;
    if (this.carryBytes > this.maxLineBytes) {
      this.carry = [];
      this.skipping = true;
    }
  }

  /** Ends the current line with `tail`; `used` bytes of the chunk (tail and newline) are consumed. */
  private finish(tail: Buffer, used: number, out: TextLine[]): void {
    this.lineNumber++;
    let offset = this.lineOffset;
    const length = this.carryBytes + tail.length;
    this.lineOffset += this.carryBytes + used;
    this.consumedBytes = this.lineOffset;
    if (this.skipping || length > this.maxLineBytes) {
      this.sink.report({
        code: 'LINE_TOO_LONG',
        message: `line of ${length} bytes skipped (more than ${this.maxLineBytes})`,
        file: this.name,
        line: this.lineNumber,
        offset,
        skipped: 'record',
      });
      this.reset();
      return;
    }
    let bytes = this.carry.length === 0 ? tail : Buffer.concat([...this.carry, tail], length);
    this.reset();
    if (bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN) bytes = bytes.subarray(0, bytes.length - 1);
    if (offset === 0 && hasUtf8Bom(bytes)) {
      bytes = bytes.subarray(UTF8_BOM.length); // a byte order mark before the first line is no text of it
      offset = UTF8_BOM.length;
    }
    if (!isUtf8(bytes)) {
      const at = firstInvalidUtf8(bytes);
      this.sink.report({
        code: 'BAD_UTF8',
        message: `byte 0x${(bytes[at] ?? 0).toString(16)} is not UTF-8 (read with a replacement character)`,
        file: this.name,
        line: this.lineNumber,
        column: at + 1,
        offset: offset + at,
        skipped: 'none',
      });
    }
    out.push({ text: bytes.toString('utf8'), line: this.lineNumber, offset });
  }

  private reset(): void {
    if (this.carry.length > 0) this.carry = [];
    this.carryBytes = 0;
    this.skipping = false;
  }
}
