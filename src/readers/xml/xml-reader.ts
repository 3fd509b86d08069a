/**
 * The Windows event XML reader: `wevtutil qe /f:xml` output (events back to back, no root),
 * Event Viewer's "Save as XML" (an `<Events>` root, maybe UTF-16), and syslog lines that carry
 * Sysmon for Linux events (`… sysmon: <Event>…</Event>`). The text is cut at `<Event>` …
 * `</Event>` boundaries (events never nest) and each event is parsed on its own by saxes
 * (`xml-event-tree.ts`): a broken or cut-off event is one issue with its line, and the next event
 * is read as usual, with memory bounded by `MAX_EVENT_CHARS`. Text outside events (roots, the
 * XML declaration, syslog prefixes, other syslog lines) is not an event and is passed over.
 */
import {
  flattenWindowsEventJson,
  windowsEventFromFields,
  type Event,
  type IssueSink,
  type Provenance,
} from '../../event/index.js';
import { TextDecoder } from 'node:util';
import { ChunkParserReader, type ChunkParser } from '../chunk-parser.js';
import type { StreamLogReader } from '../log-reader.js';
import { replaceForbiddenXmlChars, columnAsWritten, type ForbiddenXmlChars } from './forbidden-xml-chars.js';
import { parseEventXml } from './xml-event-tree.js';

/** Characters one event may span: the largest EVTX record (a 4104 script block) renders under 1 MiB. */
export const MAX_EVENT_CHARS = 16 * 1024 * 1024;

/** Forbidden characters one issue names; a binary blob written as text could hold thousands. */
const MAX_LISTED_CHARS = 5;

const START = /<Event[\s>]/g;
const END = '</Event>';
const REPLACEMENT = '\uFFFD';

class EventCutter implements ChunkParser {
  private pending = '';
  /** Line and byte offset of `pending`'s first character in the whole input. */
  private line = 1;
  private offset = 0;
  private bytes = 0;
  /** UTF-8, or UTF-16LE when the input starts with its byte order mark (Event Viewer's exports). */
  private decoder: TextDecoder | undefined;
  /** The input is UTF-16LE (two bytes per code unit), not UTF-8. */
  private utf16 = false;
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
    if (this.decoder === undefined) {
      this.utf16 = chunk[0] === 0xff && chunk[1] === 0xfe;
      this.decoder = new TextDecoder(this.utf16 ? 'utf-16le' : 'utf-8');
      // The decoder drops the byte order mark: its bytes still come before the first event.
      if (this.utf16) this.offset = 2;
      else if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) this.offset = 3;
    }
    this.bytes += chunk.length;
    this.cut(this.decoder.decode(chunk, { stream: true }), out, false);
  }

  end(out: Event[]): void {
    this.cut(this.decoder?.decode() ?? '', out, true);
  }

  private cut(text: string, out: Event[], isLast: boolean): void {
    this.pending += text;
    for (;;) {
      START.lastIndex = 0;
      const start = START.exec(this.pending)?.index;
      if (start === undefined) {
        this.consume(isLast ? this.pending.length : Math.max(0, this.pending.length - 7));
        return;
      }
      this.consume(start);
      const end = this.pending.indexOf(END);
      START.lastIndex = 1;
      const nextStart = START.exec(this.pending)?.index;
      if (nextStart !== undefined && (end < 0 || nextStart < end)) {
        this.report('BAD_XML', 'event cut off: another <Event> starts before </Event>', 1, 1);
        this.consume(nextStart);
        continue;
      }
      if (end < 0) {
        if (isLast) {
          this.report('BAD_XML', 'the input ends inside an event', 1, 1);
          this.consume(this.pending.length);
        } else if (this.pending.length > MAX_EVENT_CHARS) {
          this.report('XML_EVENT_TOO_LARGE', `event longer than ${MAX_EVENT_CHARS} characters skipped`, 1, 1);
          this.consume(this.pending.length); // lines and offsets of later events stay right
        }
        return;
      }
      const eventText = this.pending.slice(0, end + END.length);
      // The decoder replaces bytes that are not UTF-8 (or UTF-16) with U+FFFD: say so, read the event.
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
      } else {
        const fields = flattenWindowsEventJson(parsed.json);
        if (fields === undefined) this.report('BAD_XML', 'event without a <System> element', 1, 1);
        else {
          const recordId = fields.get('EventRecordID');
          const provenance: Provenance = { file: this.name, offset: this.offset, line: this.line };
          out.push(
            windowsEventFromFields(
              fields,
              typeof recordId === 'number' || typeof recordId === 'string' ? { ...provenance, recordId } : provenance,
            ),
          );
        }
      }
      this.consume(eventText.length);
    }
  }

  /** Drops `chars` characters of `pending`, moving the line and byte position past them. */
  private consume(chars: number): void {
    if (chars <= 0) return;
    const gone = this.pending.slice(0, chars);
    for (let i = gone.indexOf('\n'); i >= 0; i = gone.indexOf('\n', i + 1)) this.line++;
    this.offset += this.utf16 ? gone.length * 2 : Buffer.byteLength(gone, 'utf8');
    this.pending = this.pending.slice(chars);
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
