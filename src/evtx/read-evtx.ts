/**
 * Streams EVTX files chunk by chunk with bounded memory: every 64 KiB block after the header — past
 * the header's chunk count too, since dirty files hold more — is parsed on the calling thread or on
 * worker threads. Outputs come back in file order, so results never depend on the thread count; at
 * most `IN_FLIGHT_PER_THREAD` × threads batches (of up to 16 chunks) are in flight, across file
 * boundaries too, so many small files keep the workers busy instead of draining the pipeline at the
 * end of each file.
 */
import { availableParallelism } from 'node:os';
import { ChunkPool } from './chunk-pool.js';
import {
  batchesOf,
  batchRanges,
  blockLocation,
  blockOf,
  closeEvtx,
  openEvtxSync,
  readBatch,
  recycleBatch,
  type BatchRange,
  type BlockBatch,
  type EvtxFile,
} from './open-evtx.js';
import { ChunkResult, processChunk, type ChunkOptions, type ChunkOutput } from './process-chunk.js';
import { runInOrder, type HasRoom, type Job } from './run-in-order.js';

/** Options of the streaming readers. */
export interface ReadEvtxOptions extends ChunkOptions {
  /** Threads that parse: the calling thread and `threads - 1` workers. Default: every core. */
  readonly threads?: number;
  /**
   * `events` only: make the events where the chunks are parsed and drop them, so outputs carry
   * counts and issues only (benchmarks of parsing, which the hunt pipeline does inside its workers).
   */
  readonly dropEvents?: boolean;
}

/**
 * Batches (one file read each, ≤ `CHUNKS_PER_READ` chunks, 1 MiB) queued per worker at most: one
 * running, one waiting, so a worker never idles while the calling thread hands out the next.
 */
const QUEUED_PER_WORKER = 2;

/**
 * Batches started and not yet yielded, per parsing thread. More than a worker's queue, so the
 * calling thread parses ahead instead of waiting for the worker's batch at the head; memory stays
 * at (input 1 MiB + its text) × this × threads, a few tens of MiB.
 */
const IN_FLIGHT_PER_THREAD = 4;

/** What `readEvtxFiles` yields, in order: each file (or why it could not be read), then its chunks. */
export type EvtxReadItem =
  | { readonly kind: 'file'; readonly file: EvtxFile }
  | { readonly kind: 'unreadable'; readonly path: string; readonly error: unknown }
  | { readonly kind: 'chunk'; readonly output: ChunkOutput };

const NO_EVENTS: readonly never[] = [];

/** Parses a batch on this thread. */
function processBatch(file: EvtxFile, batch: BlockBatch, options: ChunkOptions, dropEvents: boolean): ChunkResult[] {
  const outputs: ChunkResult[] = [];
  for (let i = 0; i < batch.count; i++) {
    const output = processChunk(blockOf(batch, i), blockLocation(file.path, batch.first + i), options);
    outputs.push(dropEvents ? new ChunkResult(output, output.bytes, NO_EVENTS) : output);
  }
  // Text and counts keep no view of the bytes; dropped events neither.
  if (options.output !== 'events' || dropEvents) recycleBatch(batch);
  return outputs;
}

/**
 * The events of blocks `first` up to `end` of an open file, a chunk at a time, parsed on this thread
 * as the hunt reads an EVTX work item. Each batch's buffer is read into again once the chunks after
 * it are asked for (fresh buffers cost a page fault per 4 KiB), so the consumer keeps no event past
 * its batch: detection keeps copies of what it needs. `onBatch` hears each batch's size as it is read.
 */
export function* chunkEventsOnce(
  file: EvtxFile,
  first: number,
  end: number,
  onBatch?: (bytes: number) => void,
): Generator<ChunkOutput> {
  for (const batch of batchesOf(file, first, end)) {
    onBatch?.(batch.bytes.length);
    for (let i = 0; i < batch.count; i++)
      yield processChunk(blockOf(batch, i), blockLocation(file.path, batch.first + i), { output: 'events' });
    recycleBatch(batch);
  }
}

/**
 * The file's batches as jobs for `runInOrder`. The file closes once every job is made and every
 * batch sent to a worker is done: workers read through the same descriptor.
 */
function* batchJobs(file: EvtxFile, setup: Setup): Generator<Job<ChunkResult[]>> {
  const { pool, chunkOptions, dropEvents } = setup;
  let away = 0;
  let made = false;
  const closeWhenDone = (): void => {
    if (made && away === 0) closeEvtx(file);
  };
  const send = (range: BatchRange): Promise<ChunkResult[]> => {
    away++;
    return pool!.submit(file.path, file.fd, range, chunkOptions, dropEvents).finally(() => {
      away--;
      closeWhenDone();
    });
  };
  try {
    for (const range of batchRanges(file.blockCount)) {
      // Read when run: `runInOrder` runs a job here before it asks for the next one.
      const here = (): ChunkResult[] => processBatch(file, readBatch(file.fd, range), chunkOptions, dropEvents);
      yield pool === undefined ? { here } : { here, away: () => send(range) };
    }
  } finally {
    made = true;
    closeWhenDone();
  }
}

interface Setup {
  /** Workers of this read, closed when it ends; undefined on one thread. */
  readonly pool: ChunkPool | undefined;
  readonly limit: number;
  readonly hasRoom: HasRoom | undefined;
  readonly chunkOptions: ChunkOptions;
  readonly dropEvents: boolean;
}

function setUp(options: ReadEvtxOptions): Setup {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const chunkOptions: ChunkOptions =
    options.compiled === undefined
      ? { output: options.output }
      : { output: options.output, compiled: options.compiled };
  const pool = threads > 1 ? new ChunkPool(threads - 1) : undefined;
  // On the calling thread a batch is done when its task exists: one at a time keeps memory flat.
  const limit = pool === undefined ? 1 : threads * IN_FLIGHT_PER_THREAD;
  const hasRoom = pool === undefined ? undefined : (): boolean => pool.shortestQueue() < QUEUED_PER_WORKER;
  return { pool, limit, hasRoom, chunkOptions, dropEvents: options.dropEvents === true };
}

/** Parses every chunk of an opened file, in file order; closes the file when done. */
export async function* readEvtxChunks(file: EvtxFile, options: ReadEvtxOptions): AsyncGenerator<ChunkOutput> {
  const setup = setUp(options);
  try {
    for await (const outputs of runInOrder(batchJobs(file, setup), setup.limit, setup.hasRoom)) yield* outputs;
  } finally {
    await setup.pool?.close();
  }
}

/**
 * Opens and parses files one after the other, in order, keeping chunks in flight across files.
 * A file that cannot be opened yields an `unreadable` item and the rest go on.
 */
export async function* readEvtxFiles(paths: readonly string[], options: ReadEvtxOptions): AsyncGenerator<EvtxReadItem> {
  const setup = setUp(options);
  const chunkItems = (outputs: readonly ChunkOutput[]): EvtxReadItem[] =>
    outputs.map((output) => ({ kind: 'chunk', output }));
  function* jobs(): Generator<Job<readonly EvtxReadItem[]>> {
    for (const path of paths) {
      let file: EvtxFile;
      try {
        file = openEvtxSync(path);
      } catch (error) {
        yield { here: () => [{ kind: 'unreadable', path, error }] };
        continue;
      }
      yield { here: () => [{ kind: 'file', file }] };
      for (const job of batchJobs(file, setup)) {
        const away = job.away;
        yield away === undefined
          ? { here: () => chunkItems(job.here()) }
          : { here: () => chunkItems(job.here()), away: () => away().then(chunkItems) };
      }
    }
  }
  try {
    for await (const items of runInOrder(jobs(), setup.limit, setup.hasRoom)) yield* items;
  } finally {
    await setup.pool?.close();
  }
}
