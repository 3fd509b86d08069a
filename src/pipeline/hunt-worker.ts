/**
 * Worker thread of a hunt: builds its own rule set from the rules the main thread parsed once
 * (structured-cloned, so no YAML is parsed again), then runs the work items it is sent, one at a
 * time in the order sent (the next one waits here), and posts each item's parts back as the main
 * thread takes them (`PartSender`). Events never leave the thread; findings and counters do.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RuleSet } from '../sigma/index.js';
import { ItemDetector } from './detect-item.js';
import { PartSender, type RunnerMessage, type WorkerMessage } from './part-sender.js';
import type { WorkItem } from './work-plan.js';
import type { WorkerSetup } from './worker-setup.js';

const setup = workerData as WorkerSetup;
const ruleSet = new RuleSet(setup.rules, { filters: setup.filters, placeholders: setup.placeholders });
const detector = new ItemDetector(ruleSet, setup);
const post = (message: WorkerMessage): void => parentPort?.postMessage(message);
const sender = new PartSender(post);

/** Items sent and not yet begun: the main thread keeps the next one here, so no round trip idles us. */
const queued: WorkItem[] = [];
let running = false;

/** Runs the queued items one after the other, in the order they came. */
async function runQueued(): Promise<void> {
  running = true;
  try {
    for (let item = queued.shift(); item !== undefined; item = queued.shift())
      await sender.send(detector.parts(item), () => ruleSet.stats);
  } finally {
    running = false;
  }
}

parentPort?.on('message', (message: RunnerMessage) => {
  if (message.kind === 'taken') {
    sender.taken();
    return;
  }
  queued.push(message.item);
  if (running) return;
  runQueued().catch((error: unknown) =>
    post({ kind: 'error', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
