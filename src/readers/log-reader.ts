/**
 * The contract every input format implements: a file (or a part of one) as batches of normalized
 * events, with every data problem reported to the sink and counted, never thrown. The pipeline
 * picks the reader by sniffing the file's content (`sniff-format.ts`), never by its extension alone.
 */
import type { Event, IssueSink } from '../event/index.js';

/**
 * Formats svchunt reads; the name is shown in summaries ("json: 4 files, 8,524 records"). `json`
 * covers every JSON producer (Windows exports, laurel, journalctl -o json, macOS log and eslogger);
 * `gzip` and `zip` are containers whose content is sniffed again and read by its own reader.
 */
export type LogFormat = 'evtx' | 'json' | 'xml' | 'auditd' | 'journal-export' | 'gzip' | 'zip';

export interface ReadOptions {
  readonly sink: IssueSink;
  /** Worker threads the reader may use itself (EVTX chunk parsing); 1 = none. */
  readonly threads?: number;
}

/** One batch of events and how far into the file it reaches, for progress and byte counts. */
export interface EventBatch {
  readonly events: readonly Event[];
  /** Bytes of the file consumed up to the end of this batch (the input's own bytes, before any decompression). */
  readonly bytesRead: number;
}

export interface LogReader {
  readonly format: LogFormat;
  /**
   * Yields the file's events in file order.
   * @throws only when the file cannot be opened or read at all (the caller reports EXIT_INPUT);
   *   damaged content is reported to `options.sink` and skipped.
   */
  read(path: string, options: ReadOptions): AsyncIterable<EventBatch>;
}

/**
 * A reader that can also read its format from a stream of bytes instead of a file: what a
 * container (gzip, zip) hands it after decompressing. `name` is the file named in provenance and
 * issues (`logs.zip!audit/audit.log`); `bytesRead` counts the stream's bytes.
 */
export interface StreamLogReader extends LogReader {
  readStream(chunks: AsyncIterable<Buffer>, name: string, options: ReadOptions): AsyncIterable<EventBatch>;
}
