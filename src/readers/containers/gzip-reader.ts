/**
 * gzip-compressed logs (RFC 1952; several members one after the other are read as one stream):
 * decompressed as the file is read (`gunzip.ts`), and the content read by the reader its own
 * first bytes call for (`inner-log.ts`) — a gzipped audit.log, journal export, JSON or EVTX file.
 */
import { fileChunks } from '../file-chunks.js';
import type { EventBatch, ReadOptions, StreamLogReader } from '../log-reader.js';
import { gunzip } from './gunzip.js';
import { readInnerLog, type CompressedProgress, type StreamReaderLookup } from './inner-log.js';

async function* counted(source: AsyncIterable<Buffer>, progress: CompressedProgress): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    progress.bytes += chunk.length;
    yield chunk;
  }
}

/** Reads a gzip file (or stream) by the reader its decompressed content calls for. */
export class GzipReader implements StreamLogReader {
  readonly format = 'gzip' as const;
  private readonly lookup: StreamReaderLookup;

  constructor(lookup: StreamReaderLookup) {
    this.lookup = lookup;
  }

  /**
   * Yields the events of the decompressed content.
   * @throws only when the file cannot be opened or read.
   */
  read(path: string, options: ReadOptions): AsyncGenerator<EventBatch> {
    return this.readStream(fileChunks(path), path, options);
  }

  async *readStream(chunks: AsyncIterable<Buffer>, name: string, options: ReadOptions): AsyncGenerator<EventBatch> {
    const progress: CompressedProgress = { bytes: 0 };
    yield* readInnerLog(gunzip(counted(chunks, progress)), name, options, this.lookup, progress, 'BAD_GZIP');
  }
}
