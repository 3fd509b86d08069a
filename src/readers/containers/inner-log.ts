/**
 * What a container (gzip, zip) holds: the first bytes of the decompressed stream are sniffed like
 * a file's, then the stream — those bytes first — goes to the reader of that format. A stream
 * that is no log is one NOT_A_LOG issue. A decompression error ends the stream early: the events
 * before it are kept and the error is one issue with its offset (a `DecompressionError`'s own, else
 * the compressed bytes read).
 */
import { isSystemError, type IssueSink } from '../../event/index.js';
import type { EventBatch, LogFormat, ReadOptions, StreamLogReader } from '../log-reader.js';
import { describeContent, needsLongerHead, sniffFormat, SNIFF_BYTES, SYSLOG_SNIFF_BYTES } from '../sniff-format.js';

/** The stream reader of a format, or undefined when the format cannot be read from a stream. */
export type StreamReaderLookup = (format: LogFormat) => StreamLogReader | undefined;

/** A decompression failure that knows where it is: `offset` is bytes from the stream's start. */
export class DecompressionError extends Error {
  override readonly name = 'DecompressionError';
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/** Progress of the compressed input, for byte counts and error offsets. */
export interface CompressedProgress {
  bytes: number;
}

/**
 * The chunks of `source`; a decompression error ends them and is kept in `failure` instead of being
 * thrown. An error of the system (the file cannot be read: it carries a `syscall`) is thrown, so the
 * file is reported unreadable as any other format's would be.
 */
async function* guarded(source: AsyncIterable<Buffer>, failure: { error?: unknown }): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of source) yield chunk;
  } catch (error) {
    if (isSystemError(error)) throw error;
    failure.error = error;
  }
}

async function* replay(head: readonly Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield* head;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value;
}

/**
 * Sniffs and reads one decompressed stream named `name`; `code` names a decompression failure
 * (`BAD_GZIP`, `BAD_ZIP_ENTRY`). Batches report `progress.bytes` as the bytes read.
 */
export async function* readInnerLog(
  source: AsyncIterable<Buffer>,
  name: string,
  options: ReadOptions,
  lookup: StreamReaderLookup,
  progress: CompressedProgress,
  code: string,
): AsyncGenerator<EventBatch> {
  const sink: IssueSink = options.sink;
  const failure: { error?: unknown } = {};
  const iterator = guarded(source, failure)[Symbol.asyncIterator]();
  try {
    yield* readSniffed(iterator, name, options, lookup, progress, failure);
  } finally {
    // Ends the source when the stream is no log or the consumer stops early: the file is closed now.
    await iterator.return?.(undefined);
  }
  if (failure.error !== undefined) {
    const why = failure.error instanceof Error ? failure.error.message : String(failure.error);
    sink.report({
      code,
      message: `decompression failed (${why}); the events before it are kept`,
      file: name,
      offset: failure.error instanceof DecompressionError ? failure.error.offset : progress.bytes,
      skipped: 'chunk',
    });
  }
}

/** Sniffs the stream's first bytes and hands the whole stream to the reader of its format. */
async function* readSniffed(
  iterator: AsyncIterator<Buffer>,
  name: string,
  options: ReadOptions,
  lookup: StreamReaderLookup,
  progress: CompressedProgress,
  failure: { error?: unknown },
): AsyncGenerator<EventBatch> {
  const sink: IssueSink = options.sink;
  const head: Buffer[] = [];
  let headBytes = 0;
  let wanted = SNIFF_BYTES;
  for (;;) {
    while (headBytes < wanted) {
      const next = await iterator.next();
      if (next.done === true) break;
      head.push(next.value);
      headBytes += next.value.length;
    }
    if (wanted === SYSLOG_SNIFF_BYTES || headBytes < wanted) break;
    if (!needsLongerHead(Buffer.concat(head, headBytes).subarray(0, SNIFF_BYTES))) break;
    wanted = SYSLOG_SNIFF_BYTES;
  }
  const format = sniffFormat(Buffer.concat(head, headBytes));
  const reader = format === undefined ? undefined : lookup(format);
  if (reader === undefined) {
    if (failure.error === undefined) {
      const what =
        format === undefined
          ? describeContent(Buffer.concat(head, headBytes))
          : `${format} inside a stream, which svchunt cannot read without random access`;
      sink.report({
        code: 'NOT_A_LOG',
        message: `not a log svchunt reads: ${what}`,
        file: name,
        offset: 0,
        skipped: 'file',
      });
    }
  } else {
    for await (const batch of reader.readStream(replay(head, iterator), name, options)) {
      yield { events: batch.events, bytesRead: progress.bytes };
    }
  }
}
