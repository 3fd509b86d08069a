/**
 * Benchmark child: the same hunt (`runHunt`, one thread, JSON lines to nowhere) `--passes` times in
 * one process, printing each pass's wall seconds and the records read as JSON. Every pass loads
 * and compiles its rules again (from the rule cache); what the later passes no longer pay is
 * process start, module loading, JIT warm-up and the EVTX template variants compiled once per
 * process — so the last pass is the floor a cold single run cannot go below.
 * Usage: node dist-bench/bench/hunt/warm-hunt.js --passes N --rule-cache DIR [--rules DIR]… FILE…
 */
import { runHunt } from '../../src/pipeline/index.js';
import { JsonlSink } from '../../src/report/index.js';
import { optionValue } from '../support/bench-options.js';

const args = process.argv.slice(2);
const passes = Number(optionValue('--passes') ?? '3');
const cacheFolder = optionValue('--rule-cache');
const rulePaths: string[] = [];
const inputs: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--rules') rulePaths.push(args[++i]!);
  else if (arg === '--passes' || arg === '--rule-cache') i++;
  else inputs.push(arg);
}
const seconds: number[] = [];
let records = 0;
for (let pass = 0; pass < passes; pass++) {
  const sink = new JsonlSink(() => Promise.resolve());
  const started = performance.now();
  const summary = await runHunt(
    { inputs, rules: { builtin: true, rulePaths, cacheFolder }, detect: {}, threads: 1 },
    sink,
  );
  seconds.push((performance.now() - started) / 1000);
  records = summary.counters.records;
}
process.stdout.write(`${JSON.stringify({ seconds, records })}\n`);
