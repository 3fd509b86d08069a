/**
 * The EVTX log reader: `readEvtxEvents` of the EVTX part behind the `LogReader` contract, one
 * batch per 64 KiB chunk, with how far into the file each batch reaches.
 */
import { stat } from 'node:fs/promises';
import type { Event } from '../event/index.js';
import { CHUNK_SIZE, FILE_HEADER_SIZE, readEvtxEvents } from '../evtx/index.js';
import type { EventBatch, LogReader, ReadOptions } from './log-reader.js';

/** The end of the chunk the batch's last event came from (the file size when unknown). */
function batchEnd(events: readonly Event[], sizeBytes: number): number {
  const chunk = events[events.length - 1]?.provenance.chunk;
  return chunk === undefined ? sizeBytes : Math.min(sizeBytes, FILE_HEADER_SIZE + (chunk + 1) * CHUNK_SIZE);
}

export class EvtxReader implements LogReader {
  readonly format = 'evtx' as const;

  /**
   * Yields the file's events chunk by chunk, in file order.
   * @throws only when the file cannot be opened or read.
   */
  async *read(path: string, options: ReadOptions): AsyncGenerator<EventBatch> {
    const { size } = await stat(path);
    const events = readEvtxEvents(
      path,
      options.sink,
      options.threads === undefined ? {} : { threads: options.threads },
    );
    for await (const batch of events) yield { events: batch, bytesRead: batchEnd(batch, size) };
  }
}

/** The shared EVTX reader. */
export const EVTX_READER: LogReader = new EvtxReader();
