/**
 * Benchmark child: `dump --format jsonl`'s EVTX path (`readEvtxFiles`, one thread, text to /dev/null)
 * over the same files `--passes` times in one process, and prints each pass's wall seconds as a JSON
 * array. The last pass runs warm — JIT tiered up, template variants compiled — so it shows what the
 * parser costs once process start and warm-up are paid, the floor of a cold single run.
 * Usage: node dist-bench/bench/evtx/warm-dump.js --passes N FILE…
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { readEvtxFiles } from '../../src/evtx/index.js';
import { optionValue } from '../support/bench-options.js';

const args = process.argv.slice(2);
const passes = Number(optionValue('--passes') ?? '3');
const passesAt = args.indexOf('--passes');
const files = args.filter((_, i) => passesAt < 0 || (i !== passesAt && i !== passesAt + 1));
const out = openSync('/dev/null', 'w');
const seconds: number[] = [];
try {
  for (let pass = 0; pass < passes; pass++) {
    const started = performance.now();
    for await (const item of readEvtxFiles(files, { output: 'jsonl', threads: 1 })) {
      if (item.kind === 'unreadable') throw new Error(`${item.path}: ${String(item.error)}`);
      if (item.kind === 'chunk') writeSync(out, item.output.bytes);
    }
    seconds.push((performance.now() - started) / 1000);
  }
} finally {
  closeSync(out);
}
process.stdout.write(`${JSON.stringify(seconds)}\n`);
