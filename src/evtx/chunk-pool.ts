/**
 * A pool of worker threads that parse chunks. Jobs go to the worker with the fewest jobs waiting;
 * each job's promise settles with that chunk's output. Ordering and the in-flight bound belong to
 * the caller (`read-evtx.ts`), which awaits promises in file order.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decodeEvents, type EventBatchData } from './chunk-events.js';
import type { ChunkLocation } from './chunk.js';
import type { ChunkJob } from './chunk-worker.js';
import type { ChunkOptions, ChunkOutput } from './process-chunk.js';

interface Reply {
  readonly id: number;
  readonly output?: ChunkOutput;
  readonly events?: EventBatchData;
  readonly error?: string;
}

interface Pending {
  readonly resolve: (output: ChunkOutput) => void;
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

/** Worker threads that parse chunks; share one across reads of many files. */
export class ChunkPool {
  private readonly workers: Worker[] = [];
  private readonly load: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Worker threads in the pool. */
  readonly size: number;

  constructor(threads: number) {
    this.size = threads;
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(workerUrl());
      worker.on('message', (reply: Reply) => this.settle(reply));
      worker.on('error', (error) => this.failAll(error));
      this.workers.push(worker);
      this.load.push(0);
    }
  }

  private settle(reply: Reply): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    this.pending.delete(reply.id);
    this.load[pending.worker]!--;
    if (reply.error !== undefined || reply.output === undefined) {
      pending.reject(new Error(`chunk worker failed: ${reply.error ?? 'no output'}`));
      return;
    }
    const events = reply.events === undefined ? [] : decodeEvents(reply.events);
    pending.resolve({ ...reply.output, events });
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  /** Sends one chunk (its buffer is transferred: the caller must not touch it again). */
  submit(buffer: ArrayBuffer, length: number, location: ChunkLocation, options: ChunkOptions): Promise<ChunkOutput> {
    let worker = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.load[i]! < this.load[worker]!) worker = i;
    const id = this.nextId++;
    const job: ChunkJob = { id, buffer, length, location, options };
    return new Promise<ChunkOutput>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker });
      this.load[worker]!++;
      this.workers[worker]!.postMessage(job, [buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
