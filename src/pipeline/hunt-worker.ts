/**
 * Worker thread of a hunt: builds its own rule set from the rules the main thread parsed once
 * (structured-cloned, so no YAML is parsed again), then runs the work items it is sent and posts
 * each result back. Events never leave the thread; findings and counters do.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RuleSet } from '../sigma/index.js';
import { ItemDetector } from './detect-item.js';
import type { WorkerSetup } from './worker-setup.js';
import type { WorkItem } from './work-plan.js';

const setup = workerData as WorkerSetup;
const ruleSet = new RuleSet(setup.rules, { filters: setup.filters, placeholders: setup.placeholders });
const detector = new ItemDetector(ruleSet, setup);

parentPort?.on('message', (item: WorkItem) => {
  void detector.run(item).then(
    (result) =>
      parentPort?.postMessage({ result, evaluations: ruleSet.stats.evaluations, avoided: ruleSet.stats.avoided }),
    (error: unknown) =>
      parentPort?.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
