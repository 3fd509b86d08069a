/**
 * From a format to its reader, and from a file to its events: the one place that knows which
 * `LogReader` reads which `LogFormat`, and the convenience that sniffs a file and reads it.
 */
import { EVTX_READER } from './evtx-reader.js';
import { JSON_READER } from './json-reader.js';
import type { EventBatch, LogFormat, LogReader, ReadOptions } from './log-reader.js';
import { describeContent, readHead, sniffFormat } from './sniff-format.js';

const READERS = { evtx: EVTX_READER, json: JSON_READER } as const satisfies Record<LogFormat, LogReader>;

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
