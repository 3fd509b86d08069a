/**
 * A pool of worker threads that parse batches of chunks. Jobs go to the worker with the fewest
 * jobs waiting; each job's promise settles with its chunks' outputs. Ordering and the in-flight
 * bound belong to the caller (`read-evtx.ts`), which awaits promises in file order.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decodeEvents } from './chunk-events.js';
import type { BatchRange } from './open-evtx.js';
import type { ChunkJob, ChunkReply } from './chunk-worker.js';
import { ChunkResult, type ChunkOptions } from './process-chunk.js';

interface Pending {
  readonly resolve: (outputs: ChunkResult[]) => void;
  readonly reject: (error: Error) => void;
  readonly worker: number;
}

/**
 * The compiled worker script. Under the test runner this module is TypeScript source, which a
 * worker cannot load, so it points at the build output of the same file (`npm test` builds first).
 */
function workerUrl(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./chunk-worker.js', here);
  const path = fileURLToPath(new URL('./chunk-worker.ts', here)).replace(/([\\/])src([\\/]evtx[\\/])/, '$1dist$2');
  return new URL(`file://${path.replace(/\.ts$/, '.js')}`);
}

const NO_EVENTS: readonly never[] = [];

/** The outputs a worker's reply describes: text views of its one buffer, events rebuilt here. */
function outputsOf(reply: ChunkReply): ChunkResult[] {
  const facts = reply.facts ?? [];
  const text = reply.text ?? new Uint8Array(0);
  const ends = reply.textEnds ?? [];
  return facts.map((chunk, i) => {
    const data = reply.events?.[i];
    const bytes = text.subarray(i === 0 ? 0 : ends[i - 1], ends[i]);
    return new ChunkResult(chunk, bytes, data === undefined ? NO_EVENTS : decodeEvents(data));
  });
}

/** Worker threads that parse chunks; share one across reads of many files. */
export class ChunkPool {
  private readonly workers: Worker[] = [];
  private readonly load: number[] = [];
  private readonly pending = new Map<number, Pending>();
  /** Why a worker died, by worker. */
  private readonly deaths: (Error | undefined)[] = [];
  private nextId = 0;
  /** Worker threads in the pool. */
  readonly size: number;

  constructor(threads: number) {
    this.size = threads;
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(workerUrl());
      worker.on('message', (reply: ChunkReply) => this.settle(reply));
      const index = this.workers.length;
      worker.on('error', (error) => this.failJobsOf(index, error));
      this.workers.push(worker);
      this.load.push(0);
    }
  }

  private settle(reply: ChunkReply): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    this.pending.delete(reply.id);
    this.load[pending.worker]!--;
    if (reply.error !== undefined || reply.facts === undefined) {
      // A system error (a failed read) keeps its code, as it had when the calling thread read.
      const error: NodeJS.ErrnoException = new Error(`chunk worker failed: ${reply.error ?? 'no output'}`);
      if (reply.code !== undefined) error.code = reply.code;
      pending.reject(error);
      return;
    }
    pending.resolve(outputsOf(reply));
  }

  /** Jobs waiting or running on the least busy worker. */
  shortestQueue(): number {
    let least = Infinity;
    for (const load of this.load) if (load < least) least = load;
    return least;
  }

  /**
   * Fails the jobs of a worker that died. Only its own: the others' workers may still be reading
   * their batches through the file's descriptor, which closes when every job of the file settled.
   */
  private failJobsOf(worker: number, error: Error): void {
    // No job goes to it again: one sent to a dead worker would never settle.
    this.load[worker] = Number.POSITIVE_INFINITY;
    this.deaths[worker] = error;
    for (const [id, pending] of this.pending) {
      if (pending.worker !== worker) continue;
      this.pending.delete(id);
      pending.reject(error);
    }
  }

  /**
   * Sends a batch of chunks, which the worker reads itself: blocks `range` of the file at `path`
   * through `fd`, which must stay open until the promise settles (it does, at the latest at `close`).
   * With `dropEvents`, events are made and dropped in the worker: outputs carry none.
   */
  submit(
    path: string,
    fd: number,
    range: BatchRange,
    options: ChunkOptions,
    dropEvents = false,
  ): Promise<ChunkResult[]> {
    let worker = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.load[i]! < this.load[worker]!) worker = i;
    const death = this.deaths[worker];
    if (death !== undefined) return Promise.reject(death); // every worker is dead
    const id = this.nextId++;
    const job: ChunkJob = { id, file: path, fd, range, options, dropEvents };
    return new Promise<ChunkResult[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker });
      this.load[worker]!++;
      this.workers[worker]!.postMessage(job);
    });
  }

  /**
   * Stops the workers, then fails the jobs they left unfinished (a reader that stopped early), so
   * the files those jobs read close: only once no worker can still be reading them.
   */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    const stopped = new Error('the chunk workers were stopped');
    for (const pending of this.pending.values()) pending.reject(stopped);
    this.pending.clear();
  }
}
