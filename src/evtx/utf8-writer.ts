/**
 * Output text as UTF-8 bytes, written where it will be sent: dumps go to stdout or across threads
 * as bytes, so building them as bytes skips string concatenation, the join of a chunk's lines and
 * the UTF-8 encoding at the write (together a third of `dump` time on the dense bench file).
 * Outputs are handed out as views and never written over: when the buffer is full the writer moves
 * to a new one, so a view stays valid while anyone holds it.
 */
import { Buffer } from 'node:buffer';
import { needsJsonEscape } from './json-string.js';

/** Bytes of a fresh buffer: room for a batch of chunks' output, so views of one batch mostly share one. */
const BLOCK_SIZE = 4 << 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** JSON.stringify's short escapes by character code (0: none, `\u00XX` instead). */
const SHORT_ESCAPE = new Uint8Array(0x20);
SHORT_ESCAPE[0x08] = 0x62; // \b
SHORT_ESCAPE[0x09] = 0x74; // \t
SHORT_ESCAPE[0x0a] = 0x6e; // \n
SHORT_ESCAPE[0x0c] = 0x66; // \f
SHORT_ESCAPE[0x0d] = 0x72; // \r
/**
 * From this many UTF-16 units on, strings go through native decoding and copying, which cost a
 * third of the per-character loop on long text but more per call (measured on the dense file's strings).
 */
const NATIVE_MIN_UNITS = 48;
/** A character that is not printable ASCII or that JSON escapes. */
const NOT_PLAIN_ASCII = /[^\x20-\x7f]|["\\]/;
/** Node's native code behind `buffer.toString('utf16le')` and `buffer.write(text, at, encoding)`, without its argument checks. */
type NativeSlice = (this: Buffer, start: number, end: number) => string;
type NativeWrite = (this: Buffer, text: string, at: number) => number;
const ucs2Slice = (Buffer.prototype as unknown as { ucs2Slice: NativeSlice }).ucs2Slice;
const latin1Write = (Buffer.prototype as unknown as { latin1Write: NativeWrite }).latin1Write;
const utf8Write = (Buffer.prototype as unknown as { utf8Write: NativeWrite }).utf8Write;
/** 1 for the bytes a JSON string holds as they are (printable ASCII but `"` and `\`), by byte. */
const PLAIN = new Uint8Array(256);
for (let c = 0x20; c < 0x80; c++) PLAIN[c] = c === QUOTE || c === BACKSLASH ? 0 : 1;
const HEX_LOWER = [0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66];

/** Writes the escape of a code below 0x80 that JSON must escape, as JSON.stringify writes it; returns the next offset. */
function escape(out: Uint8Array, at: number, code: number): number {
  out[at] = BACKSLASH;
  if (code === QUOTE || code === BACKSLASH) {
    out[at + 1] = code;
    return at + 2;
  }
  const short = SHORT_ESCAPE[code]!;
  if (short !== 0) {
    out[at + 1] = short;
    return at + 2;
  }
  out[at + 1] = 0x75; // u
  out[at + 2] = 0x30;
  out[at + 3] = 0x30;
  out[at + 4] = HEX_LOWER[code >> 4]!;
  out[at + 5] = HEX_LOWER[code & 15]!;
  return at + 6;
}

function threeBytes(out: Uint8Array, at: number, code: number): number {
  out[at] = 0xe0 | (code >> 12);
  out[at + 1] = 0x80 | ((code >> 6) & 0x3f);
  out[at + 2] = 0x80 | (code & 0x3f);
  return at + 3;
}

export class Utf8Writer {
  /** The buffer being written; bytes before `start` belong to views already handed out. */
  buffer: Buffer = Buffer.allocUnsafeSlow(0);
  /** A view of `buffer`, for writing four bytes at a time. */
  view = new DataView(this.buffer.buffer);
  /** Next byte to write. */
  at = 0;
  private start = 0;
  private readonly blockSize: number;

  /** `blockSize`: bytes of each new buffer (more when one write needs more). */
  constructor(blockSize = BLOCK_SIZE) {
    this.blockSize = blockSize;
  }

  /** Makes room for `size` more bytes. */
  reserve(size: number): void {
    if (this.at + size > this.buffer.length) this.moveToNewBuffer(size);
  }

  private moveToNewBuffer(size: number): void {
    const pending = this.at - this.start;
    const buffer = Buffer.allocUnsafeSlow(Math.max(this.blockSize, 2 * (pending + size)));
    this.buffer.copy(buffer, 0, this.start, this.at);
    this.buffer = buffer;
    this.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.length);
    this.start = 0;
    this.at = pending;
  }

  /** The bytes written since the last `take` (a view; the writer never writes over it). */
  take(): Uint8Array {
    const view = this.buffer.subarray(this.start, this.at);
    this.start = this.at;
    return view;
  }

  /** A mark to roll back to: the bytes written since the last `take`. */
  mark(): number {
    return this.at - this.start;
  }

  /** Drops what was written after `mark` (a record that failed halfway). */
  rollBack(mark: number): void {
    this.at = this.start + mark;
  }

  /** Forgets the buffer (after it was transferred to another thread): the next write starts a new one. */
  detach(): void {
    this.buffer = Buffer.allocUnsafeSlow(0);
    this.view = new DataView(this.buffer.buffer);
    this.start = 0;
    this.at = 0;
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.at++] = value;
  }

  /**
   * Copies `bytes[from, to)` (`view` is a view of `bytes`): short runs four bytes a step through
   * the DataViews, 3× a byte loop; from 64 bytes on the native copy, whose call costs ~50 ns.
   */
  copy(bytes: Buffer, view: DataView, from: number, to: number): void {
    const size = to - from;
    this.reserve(size);
    if (size > 64) {
      this.at += bytes.copy(this.buffer, this.at, from, to);
      return;
    }
    const out = this.view;
    let at = this.at;
    let i = from;
    for (; i + 4 <= to; i += 4, at += 4) out.setUint32(at, view.getUint32(i, true), true);
    for (; i < to; i++) this.buffer[at++] = bytes[i]!;
    this.at = at;
  }

  /** A string as UTF-8 (for text that is ready: rendered JSON or XML, ASCII numbers). */
  text(text: string): void {
    this.reserve(text.length * 3);
    this.at += utf8Write.call(this.buffer, text, this.at);
  }

  /** A string's JSON string body (no quotes), escaped exactly as JSON.stringify escapes it. */
  jsonText(text: string): void {
    this.text(needsJsonEscape(text) ? JSON.stringify(text).slice(1, -1) : text);
  }

  /**
   * The JSON string body of `units` UTF-16LE code units at `at` in `bytes`, up to the first NUL:
   * the bytes `jsonText(readUtf16UntilNul(bytes, at, units))` writes (lone surrogates become U+FFFD,
   * as the UTF-16 decoder makes them), without making the string.
   */
  utf16Json(bytes: Uint8Array, view: DataView, at: number, units: number): void {
    if (units >= NATIVE_MIN_UNITS && this.plainAscii(bytes, at, units)) return;
    this.reserve(units * 6);
    const out = this.buffer;
    const outView = this.view;
    let o = this.at;
    const end = at + units * 2;
    let p = at;
    // Four plain ASCII units a step (8 bytes in, 4 out): nearly every character of a log, 2× the
    // byte loop below on the dense file's strings.
    for (; p + 8 <= end; p += 8) {
      const a = view.getUint32(p, true);
      const b = view.getUint32(p + 4, true);
      if (((a | b) & 0xff00ff00) !== 0) break;
      if ((PLAIN[a & 0xff]! & PLAIN[a >>> 16]! & PLAIN[b & 0xff]! & PLAIN[b >>> 16]!) === 0) break;
      outView.setUint32(o, (a & 0xff) | ((a >>> 8) & 0xff00) | ((b & 0xff) << 16) | ((b & 0xff0000) << 8), true);
      o += 4;
    }
    for (; p < end; p += 2) {
      const low = bytes[p]!;
      const high = bytes[p + 1]!;
      if (high === 0 && PLAIN[low] === 1) {
        out[o++] = low;
        continue;
      }
      const c = low | (high << 8);
      if (c === 0) break;
      if (c < 0x80) {
        o = escape(out, o, c);
      } else if (c < 0x800) {
        out[o++] = 0xc0 | (c >> 6);
        out[o++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        o = threeBytes(out, o, c);
      } else {
        const next = p + 3 < end ? bytes[p + 2]! | (bytes[p + 3]! << 8) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const point = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          out[o++] = 0xf0 | (point >> 18);
          out[o++] = 0x80 | ((point >> 12) & 0x3f);
          out[o++] = 0x80 | ((point >> 6) & 0x3f);
          out[o++] = 0x80 | (point & 0x3f);
          p += 2;
        } else {
          o = threeBytes(out, o, 0xfffd);
        }
      }
    }
    this.at = o;
  }

  /**
   * Long strings that are plain ASCII (most are) through native code: decode, check, copy the
   * Latin-1 bytes. False, having written nothing, for other text.
   */
  private plainAscii(bytes: Uint8Array, at: number, units: number): boolean {
    if (!(bytes instanceof Buffer)) return false;
    let text = ucs2Slice.call(bytes, at, at + units * 2);
    const nul = text.indexOf('\0');
    if (nul >= 0) text = text.slice(0, nul);
    if (NOT_PLAIN_ASCII.test(text)) return false;
    this.reserve(text.length);
    this.at += latin1Write.call(this.buffer, text, this.at);
    return true;
  }

  /** A non-negative integer below 2^53, in decimal, padded with zeros to `width` digits. */
  decimal(value: number, width = 1): void {
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    const size = Math.max(digits, width);
    this.reserve(size);
    const out = this.buffer;
    let at = this.at + size;
    this.at = at;
    let rest = value;
    for (let i = 0; i < size; i++) {
      const next = Math.floor(rest / 10);
      out[--at] = 0x30 + (rest - next * 10);
      rest = next;
    }
  }

  /** An integer of at most 53 bits, as `String(value)` writes it. */
  integer(value: number): void {
    if (value < 0) {
      this.byte(0x2d);
      this.decimal(-value);
    } else {
      this.decimal(value);
    }
  }

  /** `0x` and the lower-case hex digits of a 32-bit unsigned value, without padding. */
  hex32(value: number): void {
    this.reserve(10);
    this.buffer[this.at++] = 0x30;
    this.buffer[this.at++] = 0x78;
    this.hexDigits(value, 1);
  }

  /** `0x` and the hex digits of `high * 2^32 + low`, without padding (as `values.ts` prints a 64-bit hex). */
  hex64(low: number, high: number): void {
    if (high === 0) {
      this.hex32(low);
      return;
    }
    this.hex32(high);
    this.reserve(8);
    this.hexDigits(low, 8);
  }

  private hexDigits(value: number, width: number): void {
    let digits = 1;
    for (let rest = value >>> 4; rest !== 0; rest >>>= 4) digits++;
    const size = Math.max(digits, width);
    const out = this.buffer;
    let at = this.at + size;
    this.at = at;
    let rest = value;
    for (let i = 0; i < size; i++) {
      out[--at] = HEX_LOWER[rest & 15]!;
      rest >>>= 4;
    }
  }
}
