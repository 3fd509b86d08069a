/**
 * The Windows event XML reader: `wevtutil qe /f:xml` output (events back to back, no root),
 * Event Viewer's "Save as XML" (an `<Events>` root, maybe UTF-16), and syslog lines that carry
 * Sysmon for Linux events (`… sysmon: <Event>…</Event>`). The bytes are cut at `<Event>` …
 * `</Event>` boundaries (events never nest), so offsets and lines count the file's own bytes, and
 * each event is decoded and parsed on its own by saxes
 * (`xml-event-tree.ts`): a broken or cut-off event is one issue with its line, and the next event
 * is read as usual, with memory bounded by `MAX_EVENT_BYTES`. Text outside events (roots, the
 * XML declaration, syslog prefixes, other syslog lines) is not an event and is passed over.
 */
import {
  flattenWindowsEventJson,
  windowsEventFromFields,
  type Event,
  type IssueSink,
  type Provenance,
} from '../../event/index.js';
import { ChunkParserReader, type ChunkParser } from '../chunk-parser.js';
import type { StreamLogReader } from '../log-reader.js';
import { replaceForbiddenXmlChars, columnAsWritten, type ForbiddenXmlChars } from './forbidden-xml-chars.js';
import { parseEventXml } from './xml-event-tree.js';
import { hasUtf8Bom, UTF8_BOM } from '../byte-order-mark.js';

/** Bytes one event may span: the largest EVTX record (a 4104 script block) renders under 1 MiB of XML. */
export const MAX_EVENT_BYTES = 32 * 1024 * 1024;

/** Forbidden characters one issue names; a binary blob written as text could hold thousands. */
const MAX_LISTED_CHARS = 5;

/** The cut marks in each encoding the reader takes. */
interface Marks {
  readonly start: Buffer;
  readonly end: Buffer;
  readonly newline: Buffer;
  /** Bytes per code unit: every mark must sit at a multiple of it. */
  readonly unit: number;
  readonly encoding: 'utf8' | 'utf16le';
}

const marksIn = (encoding: 'utf8' | 'utf16le'): Marks => ({
  start: Buffer.from('<Event', encoding),
  end: Buffer.from('</Event>', encoding),
  newline: Buffer.from('\n', encoding),
  unit: encoding === 'utf8' ? 1 : 2,
  encoding,
});
const UTF8_MARKS = marksIn('utf8');
const UTF16_MARKS = marksIn('utf16le');
const REPLACEMENT = '\uFFFD';
/** `findStart`'s answer when the bytes so far end in `<Event`. */
const UNDECIDED = -2;

/** What may follow `<Event` in a start tag (`<EventData>` is no event). */
function endsElementName(code: number | undefined): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x3e;
}

/**
 * Cuts the input's bytes at events and decodes each event on its own, so lines and byte offsets
 * count the bytes as they are (a decoded text would count a replaced invalid byte as the three
 * bytes of U+FFFD).
 */
class EventCutter implements ChunkParser {
  /** Bytes not yet cut, from byte `offset` (line `line`) of the input on. */
  private pending: Buffer = Buffer.alloc(0);
  private line = 1;
  private offset = 0;
  private bytes = 0;
  /** UTF-8, or UTF-16LE when the input starts with its byte order mark (Event Viewer's exports). */
  private marks: Marks | undefined;
  private readonly name: string;
  private readonly sink: IssueSink;

  constructor(name: string, sink: IssueSink) {
    this.name = name;
    this.sink = sink;
  }

  get consumedBytes(): number {
    return this.bytes;
  }

  push(chunk: Buffer, out: Event[]): void {
    this.bytes += chunk.length;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    if (this.marks === undefined) {
      if (this.pending.length < 3) return; // a byte order mark may still be coming
      const utf16 = this.pending[0] === 0xff && this.pending[1] === 0xfe;
      this.marks = utf16 ? UTF16_MARKS : UTF8_MARKS;
      // The byte order mark comes before the first event: passed over, counted in offsets.
      if (utf16) this.consume(2);
      else if (hasUtf8Bom(this.pending)) this.consume(UTF8_BOM.length);
    }
    this.cut(out, false);
  }

  end(out: Event[]): void {
    this.marks ??= UTF8_MARKS;
    this.cut(out, true);
  }

  /** The first whole-unit occurrence of `mark` in `pending` from `from`, or -1. */
  private find(mark: Buffer, from: number): number {
    const unit = this.marks!.unit;
    for (let at = this.pending.indexOf(mark, from); at >= 0; at = this.pending.indexOf(mark, at + 1))
      if (at % unit === 0) return at;
    return -1;
  }

  /**
   * The first `<Event` start tag from `from`; -1 when there is none; `UNDECIDED` when `<Event`
   * ends the bytes so far (`<EventID>` or `<Event>`: the next read tells).
   */
  private findStart(from: number, isLast: boolean): number {
    const { start, unit } = this.marks!;
    for (let at = this.find(start, from); at >= 0; at = this.find(start, at + unit)) {
      const next = at + start.length;
      if (next + unit > this.pending.length) return isLast ? -1 : UNDECIDED;
      if (endsElementName(this.pending[next]) && (unit === 1 || this.pending[next + 1] === 0)) return at;
    }
    return -1;
  }

  private cut(out: Event[], isLast: boolean): void {
    const marks = this.marks!;
    for (;;) {
      const start = this.findStart(0, isLast);
      if (start === UNDECIDED) return;
      if (start < 0) {
        // A start tag cut at the chunk's end stays; the rest is no event.
        const keep = isLast ? 0 : marks.start.length;
        const drop = this.pending.length - keep;
        this.consume(drop - (drop % marks.unit));
        return;
      }
      this.consume(start);
      const end = this.find(marks.end, 0);
      const nextStart = this.findStart(marks.unit, isLast);
      if (nextStart === UNDECIDED && end < 0) return;
      if (nextStart >= 0 && (end < 0 || nextStart < end)) {
        this.report('BAD_XML', 'event cut off: another <Event> starts before </Event>', 1, 1);
        this.consume(nextStart);
        continue;
      }
      if (end < 0) {
        if (isLast) {
          this.report('BAD_XML', 'the input ends inside an event', 1, 1);
          this.consume(this.pending.length);
        } else if (this.pending.length > MAX_EVENT_BYTES) {
          this.report('XML_EVENT_TOO_LARGE', `event longer than ${MAX_EVENT_BYTES} bytes skipped`, 1, 1);
          this.consume(this.pending.length - (this.pending.length % marks.unit)); // later events keep their place
        }
        return;
      }
      const eventBytes = end + marks.end.length;
      this.readEvent(this.pending.toString(marks.encoding, 0, eventBytes), out);
      this.consume(eventBytes);
    }
  }

  /** Parses one event's text into an event, or reports why it cannot. */
  private readEvent(eventText: string, out: Event[]): void {
    // Decoding replaced bytes that are not UTF-8 (or UTF-16) with U+FFFD: say so, read the event.
    const badUtf8At = eventText.indexOf(REPLACEMENT);
    if (badUtf8At >= 0)
      this.reportKept(
        'BAD_UTF8',
        'the event holds bytes that are not text in its encoding (read with replacement characters)',
        eventText,
        badUtf8At,
      );
    const forbidden = replaceForbiddenXmlChars(eventText);
    if (forbidden !== undefined) this.reportForbidden(forbidden, eventText);
    const parsed = parseEventXml(forbidden?.text ?? eventText);
    if ('error' in parsed) {
      const { message, line, column } = parsed.error;
      this.report('BAD_XML', message, line, forbidden ? columnAsWritten(forbidden, line, column) : column);
      return;
    }
    const fields = flattenWindowsEventJson(parsed.json);
    if (fields === undefined) {
      this.report('BAD_XML', 'event without a <System> element', 1, 1);
      return;
    }
    const recordId = fields.get('EventRecordID');
    const provenance: Provenance = { file: this.name, offset: this.offset, line: this.line };
    out.push(
      windowsEventFromFields(
        fields,
        typeof recordId === 'number' || typeof recordId === 'string' ? { ...provenance, recordId } : provenance,
      ),
    );
  }

  /** Drops `count` bytes of `pending`, moving the line and byte position past them. */
  private consume(count: number): void {
    if (count <= 0) return;
    const newline = this.marks?.newline ?? UTF8_MARKS.newline;
    const unit = newline.length;
    // Only the bytes consumed: an export without line breaks must not be searched to its end per event.
    const gone = this.pending.subarray(0, count);
    for (let i = gone.indexOf(newline); i >= 0; i = gone.indexOf(newline, i + 1)) if (i % unit === 0) this.line++;
    this.offset += count;
    this.pending = this.pending.subarray(count);
  }

  /** Reports characters XML forbids, once per event, at the first of them; the event is still read. */
  private reportForbidden(forbidden: ForbiddenXmlChars, eventText: string): void {
    const { replaced } = forbidden;
    const listed = replaced.slice(0, MAX_LISTED_CHARS).map((c) => c.found);
    if (replaced.length > MAX_LISTED_CHARS) listed.push(`${replaced.length - MAX_LISTED_CHARS} more`);
    const count = replaced.length === 1 ? '1 character' : `${replaced.length} characters`;
    this.reportKept(
      'XML_FORBIDDEN_CHAR',
      `${count} XML 1.0 forbids read as \\xNN text: ${listed.join(', ')}`,
      eventText,
      replaced[0]!.at,
    );
  }

  /** Reports a problem at character `at` of `eventText` (the pending event) that did not cost the event. */
  private reportKept(code: string, message: string, eventText: string, at: number): void {
    const before = eventText.slice(0, at);
    this.sink.report({
      code,
      message,
      file: this.name,
      line: this.line + before.split('\n').length - 1,
      column: at - before.lastIndexOf('\n'),
      offset: this.offset,
      skipped: 'none',
    });
  }

  /** Reports a problem at `line`:`column` of the event that starts the pending text. */
  private report(code: string, message: string, line: number, column: number): void {
    this.sink.report({
      code,
      message,
      file: this.name,
      line: this.line + line - 1,
      column,
      offset: this.offset,
      skipped: 'record',
    });
  }
}

/** The shared reader of Windows event XML and syslog-wrapped Sysmon for Linux events, one event per `<Event>`. */
export const XML_READER: StreamLogReader = new ChunkParserReader('xml', (name, sink) => new EventCutter(name, sink));
