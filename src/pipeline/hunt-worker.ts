/**
 * Worker thread of a hunt: builds its own rule set from the rules the main thread parsed once
 * (structured-cloned, so no YAML is parsed again), then runs the work items it is sent, one at a
 * time, and posts each item's parts back as the main thread takes them (`PartSender`). Events never
 * leave the thread; findings and counters do.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RuleSet } from '../sigma/index.js';
import { ItemDetector } from './detect-item.js';
import { PartSender, type RunnerMessage, type WorkerMessage } from './part-sender.js';
import type { WorkerSetup } from './worker-setup.js';

const setup = workerData as WorkerSetup;
const ruleSet = new RuleSet(setup.rules, { filters: setup.filters, placeholders: setup.placeholders });
const detector = new ItemDetector(ruleSet, setup);
const post = (message: WorkerMessage): void => parentPort?.postMessage(message);
const sender = new PartSender(post);

parentPort?.on('message', (message: RunnerMessage) => {
  if (message.kind === 'taken') {
    sender.taken();
    return;
  }
  void sender
    .send(detector.parts(message.item), () => ruleSet.stats)
    .catch((error: unknown) =>
      post({ kind: 'error', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
});
