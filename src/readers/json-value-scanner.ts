/**
 * Splits a byte stream into its top-level JSON values, with bounded memory: NDJSON, pretty-printed
 * objects run together, a JSON array of objects (the array is framing; its items come out one by
 * one), or a mix. Pull-based: `push` a chunk, call `next` until it says `more`, push the next chunk;
 * `end` after the last. Each value carries its 1-based start line and byte offset.
 *
 * Broken input becomes an issue and the scan goes on (STYLE.md §6). A line that begins with `{` or
 * `[` as far in as the open value began (column 1 for top-level values, the items' indentation in
 * an array) always starts a new value, because pretty-printers indent what they nest: so a cut-off
 * NDJSON line, pretty-printed object or array item never swallows the values after it.
 *
 * Two producers' separators are framing, not values: the record separator 0x1E that starts each
 * entry of a JSON text sequence (RFC 7464, `journalctl -o json-seq`), and evtx_dump's `Record N`
 * line before each object of its default `-o json` output.
 */
import { isUtf8 } from 'node:buffer';
import { scanIssue, syntaxIssue, utf8Issue, type JsonScanIssue } from './json-scan-issue.js';
import { OpenValue } from './open-value.js';
import { UTF8_BOM } from './byte-order-mark.js';

/** What `next` found: a value, an issue, the need for the next chunk, or the end of the input. */
export type JsonScanStep = 'value' | 'issue' | 'more' | 'end';

/**
 * Bytes a value may span before it is given up: bounds memory when a brace never closes. The
 * largest record in the corpus (an evtx_dump 4104 script block) is under 100 KiB.
 */
export const MAX_JSON_VALUE_BYTES = 64 * 1024 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** RFC 7464 §2: each text of a JSON text sequence starts with RS; a new RS ends an unfinished one. */
export const RECORD_SEPARATOR = 0x1e;
const CAPITAL_R = 0x52;
/** The line evtx_dump prints before each object of its default `-o json` output. */
export const EVTX_DUMP_RECORD_LINE = /^Record \d+\r?$/;

/** What the scanner is in the middle of. */
const TOP = 0; // between values
const OBJECT = 1; // inside a `{…}` value, counting nesting
const SCALAR = 2; // inside a top-level string, number or literal (or garbage)
const RESYNC = 3; // after a broken value: skipping to a line that begins with `{` or `[`

const EMPTY = Buffer.alloc(0);

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CARRIAGE_RETURN;
}

/** Bytes that end a top-level number or literal: blanks, JSON punctuation and RS. */
const ENDS_SCALAR = new Uint8Array(256);
for (const c of ' \t\r\n,:[]{}\u001e') ENDS_SCALAR[c.charCodeAt(0)] = 1;

export class JsonValueScanner {
  /** The last value `next` returned `value` for. */
  value: unknown = undefined;
  /** 1-based line and byte offset where that value starts. */
  valueLine = 1;
  valueOffset = 0;
  /** Bytes before the value on its line, plus one (1 for NDJSON and pretty-printed objects). */
  valueColumn = 1;
  /** The last issue `next` returned `issue` for. */
  issue: JsonScanIssue | undefined = undefined;

  private readonly maxValueBytes: number;
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** File offset of `buf[0]`. */
  private bufOffset = 0;
  private ended = false;
  private mode = TOP;
  private line = 1;
  /** File offset of the first byte of the current line. */
  private lineStart = 0;
  /** Bytes of a byte order mark matched at the line that starts at `bomLineStart`. */
  private bomMatched = 0;
  private bomLineStart = -1;

  /** The value being scanned: where it starts, its bytes from earlier chunks. */
  private readonly open = new OpenValue();
  // Its nesting state, kept across chunks.
  private depth = 0;
  private inString = false;
  private escaped = false;
  private afterNewline = false;
  /** Blanks so far at the start of the current line, while `afterNewline`. */
  private indent = 0;
  /**
   * In SCALAR: the text began a line with `R`, so it runs to the line end, where it is either
   * evtx_dump's `Record N` separator (skipped) or garbage reported as a whole line.
   */
  private toLineEnd = false;
  /** In RESYNC: still in the leading blanks of a line. */
  private atLineStart = false;

  /**
   * Where the last newline search in `buf` ended: a newline index, -1 for none up to the end, -2
   * for no search yet. Positions only move forward, so one search serves every value before it
   * (a one-line JSON array of a gigabyte would otherwise search to the chunk end once per item).
   */
  private newlineAt = -2;

  private pendingStep: JsonScanStep | undefined = undefined;
  private pendingIssue: JsonScanIssue | undefined = undefined;

  /** `maxValueBytes`: a lower limit than `MAX_JSON_VALUE_BYTES`, for tests. */
  constructor(maxValueBytes = MAX_JSON_VALUE_BYTES) {
    this.maxValueBytes = maxValueBytes;
  }

  /** Bytes fully consumed so far (values and issues before this point are all returned). */
  get consumedBytes(): number {
    return this.bufOffset + this.pos;
  }

  /** Lines seen so far (1-based number of the current line). */
  get currentLine(): number {
    return this.line;
  }

  /** Hands over the next chunk; the scanner keeps views into it, so it must not be reused. */
  push(chunk: Buffer): void {
    if ((this.mode === OBJECT || this.mode === SCALAR) && !this.open.carry(this.buf, this.maxValueBytes)) {
      const message = `a value passes ${this.maxValueBytes} bytes without closing; skipped to the next line that starts a value`;
      this.pendingStep = 'issue';
      this.pendingIssue = scanIssue('JSON_TOO_LARGE', message, this.open);
      this.toResync();
    }
    this.bufOffset += this.buf.length;
    this.buf = chunk;
    this.pos = 0;
    this.newlineAt = -2;
  }

  /** Says no chunk will follow (the current one may still be unread). */
  end(): void {
    this.ended = true;
  }

  next(): JsonScanStep {
    if (this.pendingStep !== undefined) {
      const step = this.pendingStep;
      this.pendingStep = undefined;
      if (step === 'issue') this.issue = this.pendingIssue;
      return step;
    }
    for (;;) {
      if (this.pos >= this.buf.length) {
        if (!this.ended) return 'more';
        return this.endOfInput();
      }
      let step: JsonScanStep | undefined;
      switch (this.mode) {
        case TOP:
          step = this.scanTop();
          break;
        case OBJECT:
          step = this.scanObject();
          break;
        case SCALAR:
          step = this.scanScalar();
          break;
        default:
          this.scanResync();
      }
      if (step !== undefined) return step;
    }
  }

  /** Whether byte `c` at `i` continues a byte order mark at the start of the current line. */
  private atByteOrderMark(i: number, c: number): boolean {
    if (this.bomLineStart !== this.lineStart) {
      this.bomLineStart = this.lineStart;
      this.bomMatched = 0;
    }
    const k = this.bomMatched;
    return k < UTF8_BOM.length && this.bufOffset + i - this.lineStart === k && c === UTF8_BOM[k];
  }

  private scanTop(): JsonScanStep | undefined {
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    while (i < n) {
      const c = buf[i]!;
      if (c === NEWLINE) {
        this.line++;
        this.lineStart = this.bufOffset + i + 1;
        i++;
      } else if (isSpace(c) || c === COMMA || c === OPEN_BRACKET || c === CLOSE_BRACKET || c === RECORD_SEPARATOR) {
        i++; // blanks, the brackets and commas of a top-level array, and RS are framing
      } else if (this.atByteOrderMark(i, c)) {
        // A UTF-8 byte order mark at the start of a line (of the file, or of a file joined on with
        // `cat`), byte by byte as chunks may split it; columns start after it.
        i++;
        if (++this.bomMatched === UTF8_BOM.length) {
          this.lineStart = this.bufOffset + i;
          this.bomLineStart = this.lineStart;
        }
      } else {
        this.pos = i;
        this.openAt(i);
        if (c !== OPEN_BRACE) {
          this.mode = SCALAR;
          this.inString = c === QUOTE;
          this.toLineEnd = c === CAPITAL_R && this.bufOffset + i === this.lineStart;
          this.pos = i + 1;
          return undefined;
        }
        const whole = this.tryWholeLine(i);
        if (whole !== undefined) return whole;
        this.mode = OBJECT;
        return undefined;
      }
    }
    this.pos = n;
    return undefined;
  }

  /**
   * NDJSON fast path: when the rest of the line is one `{…}` (maybe with a trailing comma), one
   * native newline search and one JSON.parse read it. Otherwise the byte walk decides.
   */
  private tryWholeLine(start: number): JsonScanStep | undefined {
    const buf = this.buf;
    let newline = this.newlineAt;
    if (newline !== -1 && newline < start) {
      newline = buf.indexOf(NEWLINE, start);
      this.newlineAt = newline;
    }
    if (newline < 0) return undefined;
    let end = newline;
    while (end > start && isSpace(buf[end - 1]!)) end--;
    if (buf[end - 1] === COMMA) end--;
    while (end > start && isSpace(buf[end - 1]!)) end--;
    if (buf[end - 1] !== CLOSE_BRACE) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(buf.toString('utf8', start, end));
    } catch {
      return undefined; // two values on the line, or a broken one: the walk finds out which
    }
    this.pos = end;
    this.value = value;
    this.setValueStart();
    const bytes = buf.subarray(start, end);
    return isUtf8(bytes) ? 'value' : this.badUtf8First(bytes, 'value');
  }

  private scanObject(): JsonScanStep | undefined {
    const buf = this.buf;
    const n = buf.length;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    let afterNewline = this.afterNewline;
    let indent = this.indent;
    let i = this.pos;
    let step: JsonScanStep | undefined;
    for (; i < n; i++) {
      const c = buf[i]!;
      if (inString) {
        if (c < SPACE) {
          // JSON strings hold no raw control bytes: a newline or an RS here means the value was cut.
          if (c === NEWLINE) {
            step = this.brokenAt(i);
            break;
          }
          if (c === RECORD_SEPARATOR) {
            step = this.cutBySeparator();
            break;
          }
        }
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (afterNewline) {
        if (c === SPACE || c === TAB) {
          indent++;
          continue;
        }
        afterNewline = false;
        // A line that opens an object or array in column 1, or as far in as this value began,
        // opens the next value: pretty-printers indent what they nest deeper (items of an array:
        // as deep as their siblings; top-level values, and the items after `[{…},` on one line
        // of a compact array: not at all).
        if ((c === OPEN_BRACE || c === OPEN_BRACKET) && (indent === 0 || indent === this.open.column - 1)) {
          step = this.cutOff(`it is not closed before line ${this.line}, which starts a new value`);
          this.mode = TOP; // that line is read as the next value
          break;
        }
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth === 0) {
          i++;
          step = this.close(i);
          break;
        }
      } else if (c === NEWLINE) {
        this.line++;
        this.lineStart = this.bufOffset + i + 1;
        afterNewline = true;
        indent = 0;
      } else if (c === RECORD_SEPARATOR) {
        step = this.cutBySeparator();
        break;
      }
    }
    this.pos = i;
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    this.afterNewline = afterNewline;
    this.indent = indent;
    return step;
  }

  private scanScalar(): JsonScanStep | undefined {
    const buf = this.buf;
    const n = buf.length;
    for (let i = this.pos; i < n; i++) {
      const c = buf[i]!;
      if (this.inString) {
        if (c === NEWLINE) {
          this.pos = i;
          return this.brokenAt(i);
        }
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.pos = i + 1;
          return this.close(i + 1);
        }
      } else if (this.toLineEnd ? c === NEWLINE : ENDS_SCALAR[c] === 1) {
        this.pos = i;
        return this.close(i);
      }
    }
    this.pos = n;
    return undefined;
  }

  private scanResync(): void {
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    while (i < n) {
      if (this.atLineStart) {
        const c = buf[i]!;
        if (isSpace(c) || c === RECORD_SEPARATOR) {
          i++;
          continue;
        }
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          this.mode = TOP;
          break;
        }
        this.atLineStart = c === NEWLINE; // a blank line: still at a line start
        if (this.atLineStart) {
          this.line++;
          this.lineStart = this.bufOffset + i + 1;
          i++;
        }
        continue;
      }
      const newline = buf.indexOf(NEWLINE, i);
      if (newline < 0) {
        i = n;
        break;
      }
      this.line++;
      this.lineStart = this.bufOffset + newline + 1;
      this.atLineStart = true;
      i = newline + 1;
    }
    this.pos = i;
  }

  private openAt(at: number): void {
    const offset = this.bufOffset + at;
    this.open.open(at, this.line, offset - this.lineStart + 1, offset);
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.afterNewline = false;
    this.indent = 0;
    this.toLineEnd = false;
  }

  private setValueStart(): void {
    this.valueLine = this.open.line;
    this.valueColumn = this.open.column;
    this.valueOffset = this.open.offset;
  }

  /** The open value ends before `end` of the current chunk: parse it; undefined when it was a separator. */
  private close(end: number): JsonScanStep | undefined {
    const bytes = this.open.take(this.buf, end);
    this.mode = TOP;
    const text = bytes.toString('utf8');
    if (this.toLineEnd && EVTX_DUMP_RECORD_LINE.test(text)) return undefined;
    this.setValueStart();
    let step: JsonScanStep = 'value';
    try {
      this.value = JSON.parse(text);
    } catch (err) {
      step = 'issue';
      this.value = undefined;
      this.issue = syntaxIssue(text, this.open, err);
      // Garbage that is no `{…}` has no known end: skip to a line that starts a value.
      if (bytes[0] !== OPEN_BRACE) this.toResync();
    }
    return isUtf8(bytes) ? step : this.badUtf8First(bytes, step);
  }

  /** Reports a value's bad bytes first; the value (or its parse issue) follows on the next call. */
  private badUtf8First(bytes: Buffer, then: JsonScanStep): JsonScanStep {
    this.pendingStep = then;
    this.pendingIssue = this.issue;
    this.issue = utf8Issue(bytes, this.open);
    return 'issue';
  }

  /** A line ends inside a string at `i`: JSON strings hold no raw newline, so the value was cut. */
  private brokenAt(i: number): JsonScanStep {
    const offset = this.bufOffset + i;
    const at = { line: this.line, column: offset - this.lineStart + 1, offset };
    this.issue = scanIssue('BAD_JSON', 'JSON value cut off: a line ends inside a string', at);
    this.toResync();
    return 'issue';
  }

  private cutOff(why: string): JsonScanStep {
    this.issue = scanIssue('BAD_JSON', `JSON value cut off: ${why}`, this.open);
    this.open.drop();
    return 'issue';
  }

  /** An RS inside a value: the sequence's writer gave up on it; the text after the RS is the next value. */
  private cutBySeparator(): JsonScanStep {
    const step = this.cutOff(`it is not closed before the record separator on line ${this.line}`);
    this.mode = TOP;
    return step;
  }

  private endOfInput(): JsonScanStep {
    if (this.mode === SCALAR && !this.inString) return this.close(this.buf.length) ?? 'end';
    if (this.mode === OBJECT || this.mode === SCALAR) {
      const step = this.cutOff('the input ends inside it');
      this.mode = RESYNC;
      return step;
    }
    return 'end';
  }

  /** Skips to the next line that starts a value, from the middle of the current line. */
  private toResync(): void {
    this.open.drop();
    this.mode = RESYNC;
    this.atLineStart = false;
  }
}
