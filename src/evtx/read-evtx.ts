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
import { blocksOf, closeEvtx, openEvtxSync, type EvtxFile } from './open-evtx.js';
import { processChunk, type ChunkOptions, type ChunkOutput } from './process-chunk.js';

/** Options of the streaming readers. */
export interface ReadEvtxOptions extends ChunkOptions {
  /** Worker threads; 1 parses on the calling thread. Default: every core. Ignored with `pool`. */
  readonly threads?: number;
  /** A worker pool shared by several reads (the caller closes it). */
  readonly pool?: ChunkPool;
}

/** Chunks in flight per worker thread: enough to keep each busy while the reader waits for the head. */
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

function chunkTasks(
  file: EvtxFile,
  pool: ChunkPool | undefined,
  options: ChunkOptions,
): Generator<Promise<ChunkOutput>> {
  function* tasks(): Generator<Promise<ChunkOutput>> {
    try {
      for (const [index, block] of blocksOf(file)) {
        const location = { file: file.path, index, fileOffset: FILE_HEADER_SIZE + index * CHUNK_SIZE };
        // Unused (all-zero) space and the one-thread path are answered here; other chunks go to a
        // worker with a copy of their bytes of their own, transferred.
        yield pool === undefined || isZeroChunk(block)
          ? Promise.resolve(processChunk(block, location, options))
          : pool.submit(block.slice().buffer, block.length, location, options);
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
}

function setUp(options: ReadEvtxOptions): Setup {
  const threads = options.pool?.size ?? Math.max(1, options.threads ?? availableParallelism());
  const chunkOptions: ChunkOptions =
    options.compiled === undefined
      ? { output: options.output }
      : { output: options.output, compiled: options.compiled };
  const ownPool = options.pool === undefined && threads > 1 ? new ChunkPool(threads) : undefined;
  const pool = options.pool ?? ownPool;
  // On the calling thread a chunk is done when its task exists: one at a time keeps memory flat.
  return { pool, ownPool, limit: pool === undefined ? 1 : threads * IN_FLIGHT_PER_THREAD, chunkOptions };
}

/** Parses every chunk of an opened file, in file order; closes the file when done. */
export async function* readEvtxChunks(file: EvtxFile, options: ReadEvtxOptions): AsyncGenerator<ChunkOutput> {
  const { pool, ownPool, limit, chunkOptions } = setUp(options);
  try {
    yield* inOrder(chunkTasks(file, pool, chunkOptions), limit);
  } finally {
    await ownPool?.close();
  }
}

/**
 * Opens and parses files one after the other, in order, keeping chunks in flight across files.
 * A file that cannot be opened yields an `unreadable` item and the rest go on.
 */
export async function* readEvtxFiles(paths: readonly string[], options: ReadEvtxOptions): AsyncGenerator<EvtxReadItem> {
  const { pool, ownPool, limit, chunkOptions } = setUp(options);
  function* tasks(): Generator<Promise<EvtxReadItem>> {
    for (const path of paths) {
      let file: EvtxFile;
      try {
        file = openEvtxSync(path);
      } catch (error) {
        yield Promise.resolve({ kind: 'unreadable', path, error });
        continue;
      }
      yield Promise.resolve({ kind: 'file', file });
      for (const task of chunkTasks(file, pool, chunkOptions)) yield task.then((output) => ({ kind: 'chunk', output }));
    }
  }
  try {
    yield* inOrder(tasks(), limit);
  } finally {
    await ownPool?.close();
  }
}
