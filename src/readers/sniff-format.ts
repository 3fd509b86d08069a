/**
 * Tells a file's log format from its first bytes, never from its name, in this order:
 * - EVTX by its file-header magic (`ElfFile\0`, MS-EVEN6 §2.2); gzip (`1f 8b`, RFC 1952) and zip
 *   (`PK\3\4`, or `PK\5\6` when empty: APPNOTE 4.3) by theirs — their content is sniffed again;
 * - after a UTF-8 byte order mark and blanks: `{`, or `[` opening a JSON value → JSON; `<` → XML
 *   (UTF-16 XML too) when an `<Event` element shows in the head; the
 *   RS byte of a JSON text sequence (RFC 7464, `journalctl -o json-seq`) counts as blank, and a
 *   first line `Record N` (evtx_dump's default `-o json`) may precede the JSON;
 * - a first line `type=… msg=audit(…):` (optionally after `node=…`) → raw auditd log, also after
 *   the `----` and `time->…` lines that start each event in `ausearch`'s default output;
 * - `__CURSOR=` or `__REALTIME_TIMESTAMP=` starting the first entry → journal export format;
 * - syslog lines carrying Sysmon for Linux events (`<Event>` with `Linux-Sysmon`) → XML. A syslog
 *   file mostly holds other lines, so when the first line is a syslog line and the head shows no
 *   Sysmon event, the caller looks again in a longer head (`needsLongerHead`, `SYSLOG_SNIFF_BYTES`).
 * Anything else is no log: that is an answer, not an error.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { LogFormat } from './log-reader.js';
import { AUSEARCH_SEPARATOR } from './auditd/audit-line.js';
import { EVTX_DUMP_RECORD_LINE, RECORD_SEPARATOR } from './json-value-scanner.js';
import { hasUtf8Bom, UTF8_BOM } from './byte-order-mark.js';

/** Bytes read to sniff a file: a JSON file with more blank bytes than this before its first value is taken for no log. */
export const SNIFF_BYTES = 4096;

/**
 * How far a syslog file is searched for a first Sysmon for Linux event. A host running Sysmon logs
 * an event per process start, so its syslog has one long before this; a file of other syslog
 * lines costs one read of this size to be told apart.
 */
export const SYSLOG_SNIFF_BYTES = 1 << 20;

const EVTX_MAGIC = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]; // "ElfFile\0"
const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGICS = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
];
const UTF16LE_XML = [0xff, 0xfe, 0x3c, 0x00]; // BOM then "<"
const AUDIT_HEADER = /^(?:node=\S+ )?type=[A-Z_0-9[\]]+ msg=audit\(\d+\.\d+:\d+\):/;
/** `----` and `time->` lines passed before the first record: ausearch writes one of each. */
const MAX_AUSEARCH_LINES = 2;
const JOURNAL_EXPORT_START = /^(?:__CURSOR|__REALTIME_TIMESTAMP)=/;
const LINUX_SYSMON_MARK = /<Event>.*Linux-Sysmon/;
/** An `Event` or `Events` element's start tag (not `<EventFiltering>` of a Sysmon configuration). */
const EVENT_ELEMENT = /<(?:[\w.-]+:)?Events?[\s/>]/;
/** A syslog line's start: RFC 3164 (`Nov 26 10:00:00 host prog[1]:`) or an ISO time (rsyslog's high-precision format). */
const SYSLOG_LINE =
  /^(?:<\d{1,3}>)?(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S*) \S+ [^\s:]+:/;

/** Contents people point a log tool at by mistake, named in the NOT_A_LOG message. */
const KNOWN_CONTENTS: readonly { readonly magic: readonly number[]; readonly what: string }[] = [
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0x1f, 0x8b], what: 'gzip-compressed data (decompress it first)' },
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (extract it first)' },
  { magic: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { magic: [0xff, 0xfe], what: 'UTF-16 text (convert it to UTF-8 first)' },
  { magic: [0xfe, 0xff], what: 'UTF-16 text (convert it to UTF-8 first)' },
  { magic: [0x7f, 0x45, 0x4c, 0x46], what: 'an ELF executable' },
  { magic: [0x4d, 0x5a], what: 'a Windows executable' },
];

function startsWith(head: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (head.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[at + i] !== magic[i]) return false;
  return true;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** The first non-blank byte's index from `from` (after any UTF-8 byte order mark), or -1. */
function firstNonBlank(head: Uint8Array, from = hasUtf8Bom(head) ? UTF8_BOM.length : 0): number {
  for (let i = from; i < head.length; i++) if (!isBlank(head[i]!)) return i;
  return -1;
}

/** As `firstNonBlank`, also passing the RS bytes that frame a JSON text sequence. */
function firstValueByte(head: Uint8Array, from?: number): number {
  for (let i = firstNonBlank(head, from); i >= 0; i = firstNonBlank(head, i + 1))
    if (head[i] !== RECORD_SEPARATOR) return i;
  return -1;
}

function isJsonStart(c: number | undefined): boolean {
  return c === 0x7b || c === 0x5b;
}

const JSON_LITERALS = ['true', 'false', 'null'].map((word) => [...Buffer.from(word)]);

/**
 * Whether the bytes at `at` open a JSON text: `{`, or `[` followed by a JSON value or `]` (or by
 * nothing within the head). Text logs also start with `[` (`[Wed Nov 26 10:00:01 2025] [error]`).
 */
function opensJson(head: Uint8Array, at: number): boolean {
  const c = head[at];
  if (c === 0x7b) return true;
  if (c !== 0x5b) return false;
  const next = firstNonBlank(head, at + 1);
  if (next < 0) return true;
  const d = head[next]!;
  if (d === 0x7b || d === 0x5b || d === 0x5d || d === 0x22 || d === 0x2d || (d >= 0x30 && d <= 0x39)) return true;
  return JSON_LITERALS.some((word) => startsWith(head, word, next));
}

/** Whether XML bytes (UTF-8 or UTF-16LE) name an `Event` element: event logs do; configs, pages and other XML do not. */
function namesEventElement(head: Uint8Array): boolean {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.length);
  return EVENT_ELEMENT.test(bytes.toString('latin1')) || EVENT_ELEMENT.test(bytes.toString('utf16le'));
}

/** The first line of `head` from `at` (without its newline), as text. */
function firstLine(head: Uint8Array, at: number): string {
  let end = head.indexOf(0x0a, at);
  if (end < 0) end = head.length;
  return Buffer.from(head.buffer, head.byteOffset + at, end - at).toString('utf8');
}

/** The first line after `ausearch`'s separator lines at `at` (`line` is the one there); '' when there are none. */
function lineAfterAusearchSeparators(head: Uint8Array, at: number, line: string): string {
  let from = at;
  let text = line;
  for (let passed = 0; passed < MAX_AUSEARCH_LINES && AUSEARCH_SEPARATOR.test(text); passed++) {
    from += Buffer.byteLength(text) + 1;
    if (from >= head.length) return '';
    text = firstLine(head, from);
  }
  return from === at ? '' : text;
}

/** The log format the first bytes of a file announce, or undefined when they are no log. */
export function sniffFormat(head: Uint8Array): LogFormat | undefined {
  if (startsWith(head, EVTX_MAGIC)) return 'evtx';
  if (startsWith(head, GZIP_MAGIC)) return 'gzip';
  if (ZIP_MAGICS.some((magic) => startsWith(head, magic))) return 'zip';
  if (startsWith(head, UTF16LE_XML)) return namesEventElement(head) ? 'xml' : undefined;
  const first = firstValueByte(head);
  if (first < 0) return undefined;
  if (opensJson(head, first)) return 'json';
  if (head[first] === 0x3c) return namesEventElement(head) ? 'xml' : undefined;
  const line = firstLine(head, first);
  // The pattern admits ASCII only, so the line's length in characters is its length in bytes.
  if (EVTX_DUMP_RECORD_LINE.test(line) && isJsonStart(head[firstValueByte(head, first + line.length)])) return 'json';
  if (AUDIT_HEADER.test(line) || AUDIT_HEADER.test(lineAfterAusearchSeparators(head, first, line))) return 'auditd';
  if (JOURNAL_EXPORT_START.test(line)) return 'journal-export';
  if (LINUX_SYSMON_MARK.test(Buffer.from(head.buffer, head.byteOffset, head.length).toString('utf8'))) return 'xml';
  return undefined;
}

/**
 * Whether `head` (of `SNIFF_BYTES`, or less when that was the whole input) should be sniffed again
 * in a head of `SYSLOG_SNIFF_BYTES`: syslog text with no Sysmon for Linux event in it yet.
 */
export function needsLongerHead(head: Uint8Array): boolean {
  if (head.length < SNIFF_BYTES || head.length >= SYSLOG_SNIFF_BYTES || sniffFormat(head) !== undefined) return false;
  const first = firstNonBlank(head);
  return first >= 0 && SYSLOG_LINE.test(firstLine(head, first));
}

/** What the first bytes of a file that is no log look like, in a few words for a message. */
export function describeContent(head: Uint8Array): string {
  if (head.length === 0) return 'an empty file';
  const first = firstNonBlank(head);
  if (first >= 0 && (head[first] === 0x3c || startsWith(head, UTF16LE_XML)))
    return `XML without an <Event> element in its first ${head.length} bytes (no Windows event XML)`;
  if (first >= 0 && SYSLOG_LINE.test(firstLine(head, first)))
    return `syslog text without Sysmon for Linux events${head.length >= SYSLOG_SNIFF_BYTES ? ' in its first 1 MiB' : ''}`;
  for (const known of KNOWN_CONTENTS) if (startsWith(head, known.magic)) return known.what;
  if (firstNonBlank(head) < 0) return `blank (the first ${head.length} bytes are white space)`;
  let printable = 0;
  for (const c of head) if (c >= 0x20 || isBlank(c)) printable++;
  return printable === head.length ? 'text of no known log format' : 'binary data of no known log format';
}

/**
 * The first `SNIFF_BYTES` of a file (fewer when it is shorter; `SYSLOG_SNIFF_BYTES` when
 * `needsLongerHead` says so). Synchronous on purpose: one small
 * read, and over a folder of 546 EVTX files the promise API's three thread-pool round trips per
 * file (open, read, close) left the thread idle for 0.1 s before the first record.
 */
export async function readHead(path: string): Promise<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const bytesRead = readSync(fd, head, 0, SNIFF_BYTES, 0);
    if (!needsLongerHead(head.subarray(0, bytesRead))) return head.subarray(0, bytesRead);
    const longer = Buffer.alloc(SYSLOG_SNIFF_BYTES);
    return longer.subarray(0, readSync(fd, longer, 0, SYSLOG_SNIFF_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * The log format of a file from its first bytes, or undefined when it is no log.
 * @throws the system error when the file cannot be opened or read.
 */
export async function sniffFile(path: string): Promise<LogFormat | undefined> {
  return sniffFormat(await readHead(path));
}
