/**
 * EVTX read from a stream of bytes (what a gzip or zip container hands over): the 4 KiB file
 * header is checked, then every 64 KiB chunk is parsed on this thread, one after the other, as the
 * bytes arrive (MS-EVEN6 §2.2: a file header, then fixed-size chunks). Memory holds one chunk.
 */
import type { Event } from '../../event/index.js';
import {
  CHUNK_SIZE,
  FILE_HEADER_SIZE,
  FILE_HEADER_USED_BYTES,
  fileHeaderIssues,
  missingChunkIssues,
  processChunk,
  readFileHeader,
  type FileHeader,
} from '../../evtx/index.js';
import { fileChunks } from '../file-chunks.js';
import type { EventBatch, ReadOptions, StreamLogReader } from '../log-reader.js';

/** Reads EVTX from a stream of bytes, chunk by chunk on the calling thread. */
export class EvtxStreamReader implements StreamLogReader {
  readonly format = 'evtx' as const;

  read(path: string, options: ReadOptions): AsyncGenerator<EventBatch> {
    return this.readStream(fileChunks(path), path, options);
  }

  async *readStream(chunks: AsyncIterable<Buffer>, name: string, options: ReadOptions): AsyncGenerator<EventBatch> {
    const sink = options.sink;
    let block = Buffer.alloc(FILE_HEADER_SIZE);
    let filled = 0;
    let index = -1; // -1: the file header is being filled
    let bytes = 0;
    let header: FileHeader | undefined;
    const finishBlock = (length: number): Event[] => {
      if (index < 0) {
        header = readFileHeader(block);
        for (const issue of fileHeaderIssues(name, header, length)) sink.report(issue);
        index = 0;
        block = Buffer.alloc(CHUNK_SIZE);
        return [];
      }
      const fileOffset = FILE_HEADER_SIZE + index * CHUNK_SIZE;
      const output = processChunk(block.subarray(0, length), { file: name, index, fileOffset }, { output: 'events' });
      for (const issue of output.issues) sink.report(issue);
      index++;
      block = Buffer.alloc(CHUNK_SIZE);
      return [...output.events];
    };
    for await (const chunk of chunks) {
      let at = 0;
      while (at < chunk.length) {
        const n = Math.min(block.length - filled, chunk.length - at);
        chunk.copy(block, filled, at, at + n);
        filled += n;
        at += n;
        bytes += n;
        if (filled === block.length) {
          const events = finishBlock(filled);
          filled = 0;
          if (events.length > 0) yield { events, bytesRead: bytes };
        }
      }
    }
    if (index < 0) {
      for (const issue of fileHeaderIssues(
        name,
        filled >= FILE_HEADER_USED_BYTES ? readFileHeader(block) : undefined,
        filled,
      ))
        sink.report(issue);
    } else {
      if (filled > 0) {
        const events = finishBlock(filled);
        if (events.length > 0) yield { events, bytesRead: bytes };
      }
      // As from disk: a stream that ends before the chunks its header counts says so.
      for (const issue of missingChunkIssues(name, header, bytes, index)) sink.report(issue);
    }
  }
}

/** The shared EVTX stream reader. */
export const EVTX_STREAM_READER: StreamLogReader = new EvtxStreamReader();
