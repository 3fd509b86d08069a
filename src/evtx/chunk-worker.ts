/**
 * Worker-thread entry: receives batches of chunks to read (an open file and a block range), reads
 * them itself, runs `processChunk` on each, and posts back per chunk its facts, one buffer of text for
 * the whole batch (transferred), and events as plan + rows data (`chunk-events.ts`) — or, when the
 * caller only counts, nothing of the events: they are made and dropped where they were parsed.
 * Reading here rather than on the calling thread: that thread read every batch for every worker,
 * and on two threads the worker waited for it a sixth of the time.
 */
import { Buffer } from 'node:buffer';
import { parentPort } from 'node:worker_threads';
import { encodeEvents, type EventBatchData } from './chunk-events.js';
import { blockLocation, blockOf, readBatch, recycleBatch, type BatchRange } from './open-evtx.js';
import { processChunk, type ChunkFacts, type ChunkOptions } from './process-chunk.js';
import { Utf8Writer } from './utf8-writer.js';

export interface ChunkJob {
  readonly id: number;
  /** The file's path, for locations. */
  readonly file: string;
  /**
   * Its descriptor, opened by the calling thread (descriptors are the process's), which closes it
   * only once every batch of the file is done.
   */
  readonly fd: number;
  /** The blocks to read and parse. */
  readonly range: BatchRange;
  readonly options: ChunkOptions;
  /** Make the events and drop them, returning only counts and issues. */
  readonly dropEvents: boolean;
}

export interface ChunkReply {
  readonly id: number;
  readonly facts?: readonly ChunkFacts[];
  /** All chunks' text, back to back; chunk `i`'s ends at `textEnds[i]`. */
  readonly text?: Uint8Array;
  readonly textEnds?: readonly number[];
  readonly events?: readonly (EventBatchData | undefined)[];
  readonly error?: string;
  /** The system error code of a failed read (`EIO` …). */
  readonly code?: string;
}

/** Bytes of a new text buffer: a batch's JSON (≤ 16 chunks) mostly fits, so it is sent without a copy. */
const TEXT_BUFFER_SIZE = 2 << 20;
const writer = new Utf8Writer(TEXT_BUFFER_SIZE);

function joined(texts: readonly Uint8Array[], total: number): Uint8Array {
  const out = Buffer.allocUnsafeSlow(total); // not pooled: its ArrayBuffer is transferred
  let at = 0;
  for (const text of texts) {
    out.set(text, at);
    at += text.length;
  }
  return out;
}

/** Runs a job; the reply's text buffer is its own, ready to transfer. */
export function runJob(job: ChunkJob): ChunkReply {
  const batch = readBatch(job.fd, job.range);
  const facts: ChunkFacts[] = [];
  const texts: Uint8Array[] = [];
  const textEnds: number[] = [];
  const events: (EventBatchData | undefined)[] = [];
  writer.detach();
  let total = 0;
  for (let i = 0; i < batch.count; i++) {
    const location = blockLocation(job.file, batch.first + i);
    const output = processChunk(blockOf(batch, i), location, job.options, writer);
    facts.push({
      location,
      header: output.header,
      isEmpty: output.isEmpty,
      recordCount: output.recordCount,
      issues: output.issues,
    });
    texts.push(output.bytes);
    total += output.bytes.length;
    textEnds.push(total);
    events.push(job.dropEvents || output.events.length === 0 ? undefined : encodeEvents(output.events));
  }
  // The chunks' text is contiguous in one buffer unless the writer had to move to a bigger one.
  const first = texts[0];
  const contiguous =
    first !== undefined &&
    texts.every((text) => text.buffer === first.buffer) &&
    texts[texts.length - 1]!.byteOffset + texts[texts.length - 1]!.length - first.byteOffset === total;
  const text = contiguous ? new Uint8Array(first.buffer, first.byteOffset, total) : joined(texts, total);
  writer.detach();
  // Nothing the reply holds is a view of the batch: text is the writer's, events travel decoded.
  recycleBatch(batch);
  return { id: job.id, facts, text, textEnds, events };
}

if (parentPort !== null) {
  const port = parentPort;
  port.on('message', (job: ChunkJob) => {
    try {
      const reply = runJob(job);
      const text = reply.text;
      port.postMessage(reply, text === undefined || text.length === 0 ? [] : [text.buffer as ArrayBuffer]);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      port.postMessage({
        id: job.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        ...(typeof code === 'string' ? { code } : {}),
      });
    }
  });
}
