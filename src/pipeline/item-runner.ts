/**
 * Runs work items on `threads` worker threads (or on the calling thread when threads is 1) and
 * yields their results strictly in item order, so output never depends on the thread count. Each
 * worker holds one item at a time; finished later items wait (findings only) for earlier ones.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RuleSet } from '../sigma/index.js';
import { ItemDetector, type ItemResult } from './detect-item.js';
import type { WorkerSetup } from './worker-setup.js';
import type { WorkItem } from './work-plan.js';

/** Rule-index work, summed over threads. */
export interface IndexStats {
  evaluations: number;
  avoided: number;
}

interface WorkerReply {
  readonly result?: ItemResult;
  readonly evaluations?: number;
  readonly avoided?: number;
  readonly error?: string;
}

/**
 * The worker's compiled module. Under vitest this file runs as TypeScript from `src/`, and a worker
 * thread cannot load TypeScript, so it takes the build in `dist/` (`npm test` builds first).
 */
function workerUrl(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./hunt-worker.js', here);
  const source = fileURLToPath(new URL('./hunt-worker.ts', here));
  return pathToFileURL(source.replace(/([\\/])src([\\/]pipeline[\\/])/, '$1dist$2').replace(/\.ts$/, '.js'));
}

/** The threads `runItems` runs on: one worker per item at most, and none of its own for one item. */
export function threadsUsed(threads: number, itemCount: number): number {
  return threads <= 1 || itemCount <= 1 ? 1 : Math.min(threads, itemCount);
}

export async function* runItems(
  items: readonly WorkItem[],
  setup: WorkerSetup,
  threads: number,
  stats: IndexStats,
): AsyncGenerator<ItemResult> {
  const workerCount = threadsUsed(threads, items.length);
  if (workerCount === 1) {
    const ruleSet = new RuleSet(setup.rules, { filters: setup.filters, placeholders: setup.placeholders });
    const detector = new ItemDetector(ruleSet, setup);
    for (const item of items) yield await detector.run(item);
    stats.evaluations += ruleSet.stats.evaluations;
    stats.avoided += ruleSet.stats.avoided;
    return;
  }
  const workers = Array.from({ length: workerCount }, () => new Worker(workerUrl(), { workerData: setup }));
  const done = new Map<number, ItemResult>();
  const lastStats = new Map<Worker, IndexStats>();
  let next = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  const dispatch = (worker: Worker): void => {
    if (next < items.length) worker.postMessage(items[next++]);
  };
  for (const worker of workers) {
    worker.on('message', (reply: WorkerReply) => {
      if (reply.error !== undefined || reply.result === undefined) {
        failure ??= new Error(`hunt worker failed: ${reply.error ?? 'no result'}`);
      } else {
        done.set(reply.result.index, reply.result);
        lastStats.set(worker, { evaluations: reply.evaluations ?? 0, avoided: reply.avoided ?? 0 });
        dispatch(worker);
      }
      notify();
    });
    worker.on('error', (error) => {
      failure ??= error;
      notify();
    });
    dispatch(worker);
  }
  try {
    for (let emitted = 0; emitted < items.length; emitted++) {
      while (!done.has(emitted)) {
        if (failure !== undefined) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const result = done.get(emitted) as ItemResult;
      done.delete(emitted);
      yield result;
    }
  } finally {
    for (const s of lastStats.values()) {
      stats.evaluations += s.evaluations;
      stats.avoided += s.avoided;
    }
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
