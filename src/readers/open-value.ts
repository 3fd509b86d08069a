/**
 * The bytes of the JSON value `JsonValueScanner` is in the middle of, kept across chunks: views of
 * the earlier chunks' tails (no copy until the value closes) and where the value starts.
 */
import type { TextStart } from './json-scan-issue.js';

export class OpenValue implements TextStart {
  line = 1;
  /** Bytes before the value on its line, plus one. */
  column = 1;
  /** Bytes from the start of the input. */
  offset = 0;
  /** Where the value starts in the current chunk (0 once it began in an earlier one). */
  private startInChunk = 0;
  private parts: Buffer[] = [];
  private partsBytes = 0;

  /** Starts a value at `at` of the current chunk. */
  open(at: number, line: number, column: number, offset: number): void {
    this.startInChunk = at;
    this.line = line;
    this.column = column;
    this.offset = offset;
    this.drop();
  }

  /** Keeps the value's part of `chunk` before the next chunk replaces it; false past `maxBytes`. */
  carry(chunk: Buffer, maxBytes: number): boolean {
    const piece = chunk.subarray(this.startInChunk);
    this.startInChunk = 0;
    this.partsBytes += piece.length;
    if (this.partsBytes > maxBytes) {
      this.drop();
      return false;
    }
    if (piece.length > 0) this.parts.push(piece);
    return true;
  }

  /** The value's bytes, ending before `end` of the current chunk. */
  take(chunk: Buffer, end: number): Buffer {
    const last = chunk.subarray(this.startInChunk, end);
    if (this.parts.length === 0) return last;
    this.parts.push(last);
    const bytes = Buffer.concat(this.parts, this.partsBytes + last.length);
    this.drop();
    return bytes;
  }

  drop(): void {
    if (this.parts.length > 0) this.parts = [];
    this.partsBytes = 0;
  }
}
