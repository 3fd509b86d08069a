/**
 * Runs work items on `threads` worker threads (or on the calling thread when threads is 1) and
 * yields their parts strictly in item order, so output never depends on the thread count. The head
 * item (the first not yet given out whole) streams straight through; a worker on a later item may
 * be only `PARTS_AHEAD` parts ahead (`PartSender`), and at most 2 × workers items are in flight, so
 * the parts held here are bounded by workers × `PARTS_AHEAD` (plus a progress-only part each), not
 * by the input. A worker that fails or stops fails the run; the workers end with it, however it ends.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RuleSet } from '../sigma/index.js';
import { ItemDetector, type ItemPart } from './detect-item.js';
import type { RunnerMessage, WorkerMessage } from './part-sender.js';
import type { WorkerSetup } from './worker-setup.js';
import type { WorkItem } from './work-plan.js';

/** Rule-index work, summed over threads. */
export interface IndexStats {
  evaluations: number;
  avoided: number;
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

/**
 * Items dispatched and not yet given out whole, per worker (STYLE.md §7): enough that a worker that
 * finished an item has the next one, few enough that a slow head item leaves the others waiting
 * with little done, rather than running through the input while their results pile up here.
 */
const ITEMS_IN_FLIGHT_PER_WORKER = 2;

/** An item dispatched to a worker, with its parts received and not yet given out. */
interface ItemInFlight {
  readonly worker: Worker;
  readonly parts: ItemPart[];
}

export async function* runItems(
  items: readonly WorkItem[],
  setup: WorkerSetup,
  threads: number,
  stats: IndexStats,
): AsyncGenerator<ItemPart> {
  const workerCount = threadsUsed(threads, items.length);
  if (workerCount === 1) {
    const ruleSet = new RuleSet(setup.rules, { filters: setup.filters, placeholders: setup.placeholders });
    const detector = new ItemDetector(ruleSet, setup);
    for (const item of items) yield* detector.parts(item);
    stats.evaluations += ruleSet.stats.evaluations;
    stats.avoided += ruleSet.stats.avoided;
    return;
  }
  const workers = Array.from({ length: workerCount }, () => new Worker(workerUrl(), { workerData: setup }));
  const inFlight = new Map<number, ItemInFlight>();
  const lastStats = new Map<Worker, IndexStats>();
  let next = 0;
  let failure: Error | undefined;
  /** Set once the workers are being terminated below: an exit before that leaves items undone. */
  let stopping = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  /** Workers with nothing to do while `ITEMS_IN_FLIGHT_PER_WORKER` items per worker are in flight. */
  const idle: Worker[] = [];
  const send = (worker: Worker, message: RunnerMessage): void => worker.postMessage(message);
  const dispatch = (worker: Worker): void => {
    const item = items[next];
    if (item === undefined) return;
    if (inFlight.size >= ITEMS_IN_FLIGHT_PER_WORKER * workerCount) {
      idle.push(worker);
      return;
    }
    inFlight.set(next++, { worker, parts: [] });
    send(worker, { kind: 'item', item });
  };
  for (const worker of workers) {
    worker.on('message', (message: WorkerMessage) => {
      // Tested as 'part' first: a stale dist/ worker (see `workerUrl`) fails the run, not the process.
      if (message.kind !== 'part') {
        failure ??= new Error(`hunt worker failed: ${message.error}`);
      } else {
        const flight = inFlight.get(message.part.index);
        if (flight === undefined)
          failure ??= new Error(`hunt worker sent a part of item ${message.part.index}, not running`);
        else flight.parts.push(message.part);
        lastStats.set(worker, { evaluations: message.evaluations, avoided: message.avoided });
        if (message.part.end !== undefined) dispatch(worker);
      }
      notify();
    });
    worker.on('error', (error) => {
      failure ??= error;
      notify();
    });
    // A worker that ends without an 'error' (process.exit in its code, terminated from outside)
    // never finishes its items: without this the run waits for them forever.
    worker.on('exit', (code) => {
      if (!stopping) failure ??= new Error(`hunt worker stopped (exit code ${code})`);
      notify();
    });
    dispatch(worker);
  }
  try {
    for (let head = 0; head < items.length;) {
      const flight = inFlight.get(head);
      const part = flight?.parts.shift();
      if (flight === undefined || part === undefined) {
        if (failure !== undefined) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      yield part;
      // Only now, with the consumer done with it: a slow sink slows the workers, not the heap.
      send(flight.worker, { kind: 'taken' });
      if (part.end === undefined) continue;
      inFlight.delete(head++);
      const waiting = idle.shift();
      if (waiting !== undefined) dispatch(waiting);
    }
  } finally {
    stopping = true;
    for (const s of lastStats.values()) {
      stats.evaluations += s.evaluations;
      stats.avoided += s.avoided;
    }
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
