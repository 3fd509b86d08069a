/**
 * The streaming loop every byte-level reader shares: chunks go into a parser, the events it
 * completes are yielded about `BATCH_EVENTS` at a time with how far the input was consumed.
 * A parser owns its state across chunks (a cut line, an unfinished entry) and reports problems to
 * the sink it was built with; it never throws for bad data.
 */
import type { Event, IssueSink } from '../event/index.js';
import { fileChunks } from './file-chunks.js';
import type { EventBatch, LogFormat, ReadOptions, StreamLogReader } from './log-reader.js';

/** Events per batch (STYLE.md §7). */
export const BATCH_EVENTS = 1000;

/** A byte-level parser of one format that keeps its own state from chunk to chunk. */
export interface ChunkParser {
  /** Parses `chunk`, appending the events it completes to `out`. */
  push(chunk: Buffer, out: Event[]): void;
  /** The input ended: appends what is left (reporting anything cut off). */
  end(out: Event[]): void;
  /** Bytes of the input consumed so far. */
  readonly consumedBytes: number;
}

/** Runs `parser` over `chunks`, yielding its events in batches with the bytes consumed so far. */
export async function* parsedBatches(chunks: AsyncIterable<Buffer>, parser: ChunkParser): AsyncGenerator<EventBatch> {
  let batch: Event[] = [];
  for await (const chunk of chunks) {
    parser.push(chunk, batch);
    if (batch.length >= BATCH_EVENTS) {
      yield { events: batch, bytesRead: parser.consumedBytes };
      batch = [];
    }
  }
  parser.end(batch);
  if (batch.length > 0) yield { events: batch, bytesRead: parser.consumedBytes };
}

/**
 * A `StreamLogReader` for a format read by a `ChunkParser`: a file is read as its chunks, a
 * container's stream as given; `makeParser` builds a fresh parser per input.
 */
export class ChunkParserReader implements StreamLogReader {
  readonly format: LogFormat;
  private readonly makeParser: (name: string, sink: IssueSink) => ChunkParser;

  constructor(format: LogFormat, makeParser: (name: string, sink: IssueSink) => ChunkParser) {
    this.format = format;
    this.makeParser = makeParser;
  }

  /**
   * Yields the file's events in file order.
   * @throws only when the file cannot be opened or read.
   */
  read(path: string, options: ReadOptions): AsyncGenerator<EventBatch> {
    return this.readStream(fileChunks(path), path, options);
  }

  readStream(chunks: AsyncIterable<Buffer>, name: string, options: ReadOptions): AsyncGenerator<EventBatch> {
    return parsedBatches(chunks, this.makeParser(name, options.sink));
  }
}
