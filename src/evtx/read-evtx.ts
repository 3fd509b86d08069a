/**
 * Streams EVTX files chunk by chunk with bounded memory: every 64 KiB block after the header — past
 * the header's chunk count too, since dirty files hold more — is parsed on the calling thread or on
 * worker threads. Outputs come back in file order, so results never depend on the thread count; at
 * most 2 × threads chunks are in flight, across file boundaries too, so many small files keep the
 * workers busy instead of draining the pipeline at the end of each file.
 */
import { availableParallelism } from 'node:os';
import { isZeroChunk } from './chunk-header.js';
import { ChunkPool } from './chunk-pool.js';
import { FILE_HEADER_SIZE } from './file-header.js';
import { CHUNK_SIZE } from './chunk-header.js';
import { batchesOf, blockOf, closeEvtx, openEvtxSync, type BlockBatch, type EvtxFile } from './open-evtx.js';
import { ChunkResult, processChunk, type ChunkOptions, type ChunkOutput } from './process-chunk.js';

/** Options of the streaming readers. */
export interface ReadEvtxOptions extends ChunkOptions {
  /** Worker threads; 1 parses on the calling thread. Default: every core. Ignored with `pool`. */
  readonly threads?: number;
  /** A worker pool shared by several reads (the caller closes it). */
  readonly pool?: ChunkPool;
  /**
   * `events` only: make the events where the chunks are parsed and drop them, so outputs carry
   * counts and issues only (benchmarks of parsing, which the hunt pipeline does inside its workers).
   */
  readonly dropEvents?: boolean;
}

/**
 * Batches (one file read each, ≤ `CHUNKS_PER_READ` chunks) in flight per worker thread: enough to
 * keep each busy while the reader waits for the head; memory stays at a few MiB per thread.
 */
const IN_FLIGHT_PER_THREAD = 2;

/** What `readEvtxFiles` yields, in order: each file (or why it could not be read), then its chunks. */
export type EvtxReadItem =
  | { readonly kind: 'file'; readonly file: EvtxFile }
  | { readonly kind: 'unreadable'; readonly path: string; readonly error: unknown }
  | { readonly kind: 'chunk'; readonly output: ChunkOutput };

/** Awaits tasks in the order given, keeping at most `limit` started and not yet yielded. */
async function* inOrder<T>(tasks: Iterable<Promise<T>>, limit: number): AsyncGenerator<T> {
  const started: Promise<T>[] = [];
  for (const task of tasks) {
    task.catch(() => undefined); // awaited below in order; this only keeps a later failure from going unhandled
    started.push(task);
    if (started.length >= limit) yield await started.shift()!;
  }
  while (started.length > 0) yield await started.shift()!;
}

const NO_EVENTS: readonly never[] = [];

/** Parses a batch on this thread. */
function processBatch(file: EvtxFile, batch: BlockBatch, options: ChunkOptions, dropEvents: boolean): ChunkResult[] {
  const outputs: ChunkResult[] = [];
  for (let i = 0; i < batch.count; i++) {
    const index = batch.first + i;
    const location = { file: file.path, index, fileOffset: FILE_HEADER_SIZE + index * CHUNK_SIZE };
    const output = processChunk(blockOf(batch, i), location, options);
    outputs.push(dropEvents ? new ChunkResult(output, output.bytes, NO_EVENTS) : output);
  }
  return outputs;
}

function isZeroBatch(batch: BlockBatch): boolean {
  for (let i = 0; i < batch.count; i++) if (!isZeroChunk(blockOf(batch, i))) return false;
  return true;
}

function batchTasks(file: EvtxFile, setup: Setup): Generator<Promise<ChunkResult[]>> {
  const { pool, chunkOptions, dropEvents } = setup;
  function* tasks(): Generator<Promise<ChunkResult[]>> {
    try {
      for (const batch of batchesOf(file)) {
        // Unused (all-zero) space and the one-thread path are answered here; other batches go to
        // a worker, their buffer transferred.
        yield pool === undefined || isZeroBatch(batch)
          ? Promise.resolve(processBatch(file, batch, chunkOptions, dropEvents))
          : pool.submit(batch.bytes, file.path, batch.first, chunkOptions, dropEvents);
      }
    } finally {
      closeEvtx(file);
    }
  }
  return tasks();
}

interface Setup {
  readonly pool: ChunkPool | undefined;
  readonly ownPool: ChunkPool | undefined;
  readonly limit: number;
  readonly chunkOptions: ChunkOptions;
  readonly dropEvents: boolean;
}

function setUp(options: ReadEvtxOptions): Setup {
  const threads = options.pool?.size ?? Math.max(1, options.threads ?? availableParallelism());
  const chunkOptions: ChunkOptions =
    options.compiled === undefined
      ? { output: options.output }
      : { output: options.output, compiled: options.compiled };
  const ownPool = options.pool === undefined && threads > 1 ? new ChunkPool(threads) : undefined;
  const pool = options.pool ?? ownPool;
  // On the calling thread a batch is done when its task exists: one at a time keeps memory flat.
  const limit = pool === undefined ? 1 : threads * IN_FLIGHT_PER_THREAD;
  return { pool, ownPool, limit, chunkOptions, dropEvents: options.dropEvents === true };
}

/** Parses every chunk of an opened file, in file order; closes the file when done. */
export async function* readEvtxChunks(file: EvtxFile, options: ReadEvtxOptions): AsyncGenerator<ChunkOutput> {
  const setup = setUp(options);
  try {
    for await (const outputs of inOrder(batchTasks(file, setup), setup.limit)) yield* outputs;
  } finally {
    await setup.ownPool?.close();
  }
}

/**
 * Opens and parses files one after the other, in order, keeping chunks in flight across files.
 * A file that cannot be opened yields an `unreadable` item and the rest go on.
 */
export async function* readEvtxFiles(paths: readonly string[], options: ReadEvtxOptions): AsyncGenerator<EvtxReadItem> {
  const setup = setUp(options);
  function* tasks(): Generator<Promise<readonly EvtxReadItem[]>> {
    for (const path of paths) {
      let file: EvtxFile;
      try {
        file = openEvtxSync(path);
      } catch (error) {
        yield Promise.resolve([{ kind: 'unreadable', path, error }]);
        continue;
      }
      yield Promise.resolve([{ kind: 'file', file }]);
      for (const task of batchTasks(file, setup))
        yield task.then((outputs) => outputs.map((output) => ({ kind: 'chunk', output })));
    }
  }
  try {
    for await (const items of inOrder(tasks(), setup.limit)) yield* items;
  } finally {
    await setup.ownPool?.close();
  }
}
