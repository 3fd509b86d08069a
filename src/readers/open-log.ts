/**
 * From a format to its reader, and from a file to its events: the one place that knows which
 * `LogReader` reads which `LogFormat`, and the convenience that sniffs a file and reads it.
 */
import { AUDITD_READER } from './auditd/auditd-reader.js';
import { EVTX_STREAM_READER } from './containers/evtx-stream-reader.js';
import { GzipReader } from './containers/gzip-reader.js';
import { ZipReader } from './containers/zip-reader.js';
import { EVTX_READER } from './evtx-reader.js';
import { JOURNAL_EXPORT_READER } from './journald/journal-export-reader.js';
import { JSON_READER } from './json-reader.js';
import type { EventBatch, LogFormat, LogReader, ReadOptions, StreamLogReader } from './log-reader.js';
import { describeContent, readHead, sniffFormat } from './sniff-format.js';
import { XML_READER } from './xml/xml-reader.js';

/** Readers of a stream of bytes: what may sit inside a gzip file or a zip entry. */
const STREAM_READERS: Partial<Record<LogFormat, StreamLogReader>> = {
  evtx: EVTX_STREAM_READER,
  json: JSON_READER,
  xml: XML_READER,
  auditd: AUDITD_READER,
  'journal-export': JOURNAL_EXPORT_READER,
};

/** gzip inside a zip entry (or gzip twice) is decompressed again on the fly; zip needs a file. */
function streamReaderFor(format: LogFormat): StreamLogReader | undefined {
  return format === 'gzip' ? READERS.gzip : STREAM_READERS[format];
}

const READERS = {
  evtx: EVTX_READER,
  json: JSON_READER,
  xml: XML_READER,
  auditd: AUDITD_READER,
  'journal-export': JOURNAL_EXPORT_READER,
  gzip: new GzipReader(streamReaderFor),
  zip: new ZipReader(streamReaderFor),
} as const satisfies Record<LogFormat, LogReader>;

/** The reader of a format. */
export function readerFor(format: LogFormat): LogReader {
  return READERS[format];
}

/**
 * Sniffs a file and yields its events with the reader of its format. A file that is no log is one
 * NOT_A_LOG issue (skipped: file) and no batch.
 * @throws the system error when the file cannot be opened or read.
 */
export async function* readLogFile(path: string, options: ReadOptions): AsyncGenerator<EventBatch> {
  const head = await readHead(path);
  const format = sniffFormat(head);
  if (format === undefined) {
    options.sink.report({
      code: 'NOT_A_LOG',
      message: `not a log svchunt reads: ${describeContent(head)}`,
      file: path,
      offset: 0,
      skipped: 'file',
    });
    return;
  }
  yield* readerFor(format).read(path, options);
}
