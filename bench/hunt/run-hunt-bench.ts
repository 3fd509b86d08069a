/**
 * bench/hunt: end-to-end `svchunt hunt` — records/s and peak RSS over the EVTX corpus (one process,
 * all files) and over the dense EVTX file from bench/evtx, with (a) the built-in rules and (b) the
 * built-in rules plus SigmaHQ's rules/windows, on 1 thread and on all cores. Setup (loading and
 * checking rules) is measured apart by a hunt over an empty folder, so the detection rate is shown
 * both with and without it. The runs share a rule cache of their own, filled once first (a user's
 * second and later hunts); how long the first, cold load takes is printed apart. Each figure is the
 * median of `--runs` runs (default 3): one run on a shared VM can be off by 15 %. A floor line per
 * rule set times the last of several hunts in one process on one thread (JIT warm, EVTX template
 * variants compiled; rules loaded and compiled again each time): what no cold run can go below.
 * Usage: npm run bench:hunt [-- --runs N]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_CORPUS, REPO_ROOT, SIGMA_CORPUS } from '../../test/conformance/corpus-paths.js';
import { findEvtxFiles } from '../evtx/make-dense.js';
import { measureSuccess } from '../support/measure-command.js';
import { benchRuns } from '../support/bench-options.js';

const NODE = process.execPath;
const SVCHUNT = join(REPO_ROOT, 'bin', 'svchunt.js');
const CORES = availableParallelism();
const DENSE = join(REPO_ROOT, 'bench', 'out', 'dense-200M.evtx');
const WORK = mkdtempSync(join(tmpdir(), 'svchunt-bench-hunt-'));
const EMPTY = join(WORK, 'empty');
const RULE_CACHE = join(WORK, 'rule-cache');
const WARM_HUNT = join(REPO_ROOT, 'dist-bench', 'bench', 'hunt', 'warm-hunt.js');
/** Hunts per warm-hunt process: the last one is timed. */
const WARM_PASSES = 3;

interface RuleChoice {
  readonly name: string;
  readonly args: readonly string[];
}

const RULES: readonly RuleChoice[] = [
  { name: 'built-in', args: [] },
  { name: 'built-in + SigmaHQ windows', args: ['--rules', join(SIGMA_CORPUS, 'rules', 'windows')] },
];

const RUNS = benchRuns();

interface HuntRun {
  readonly seconds: number;
  readonly rss: number;
  readonly records: number;
  readonly findings: number;
}

function huntOnce(inputs: readonly string[], rules: RuleChoice, threads: number): HuntRun {
  const out = join(WORK, 'out.json');
  rmSync(out, { force: true }); // a failed run must not leave the last run's summary to read
  const m = measureSuccess(NODE, [
    SVCHUNT,
    'hunt',
    ...inputs,
    ...rules.args,
    '--threads',
    String(threads),
    '--format',
    'json',
    '-q',
    '-o',
    out,
    '--rule-cache',
    RULE_CACHE,
  ]);
  const summary = (
    JSON.parse(readFileSync(out, 'utf8')) as { summary: { counters: { records: number }; findings: { total: number } } }
  ).summary;
  return { seconds: m.seconds, rss: m.maxRssMiB, records: summary.counters.records, findings: summary.findings.total };
}

/** The median of `RUNS` hunts (by time; its own peak RSS). */
function hunt(inputs: readonly string[], rules: RuleChoice, threads: number): HuntRun {
  const runs = Array.from({ length: RUNS }, () => huntOnce(inputs, rules, threads));
  return runs.sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)]!;
}

/** The last of `WARM_PASSES` hunts in one process (seconds, records), the median of `RUNS` such processes. */
function warmHunt(inputs: readonly string[], rules: RuleChoice): { seconds: number; records: number } {
  const runs = Array.from({ length: RUNS }, () => {
    const m = measureSuccess(
      NODE,
      [WARM_HUNT, '--passes', String(WARM_PASSES), '--rule-cache', RULE_CACHE, ...rules.args, ...inputs],
      true,
    );
    const { seconds, records } = JSON.parse(m.stdout) as { seconds: number[]; records: number };
    return { seconds: seconds[seconds.length - 1]!, records };
  });
  return runs.sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)]!;
}

function table(title: string, inputs: readonly string[]): void {
  console.log(`\n${title}`);
  console.log(
    '  rules                         threads    records   findings   total s   setup s   records/s (total)   records/s (detect)   per core (detect)   peak RSS',
  );
  for (const rules of RULES) {
    for (const threads of [1, CORES]) {
      const setup = hunt([EMPTY], rules, threads).seconds; // an empty folder: load and check rules only
      const run = hunt(inputs, rules, threads);
      const detect = Math.max(run.seconds - setup, 0.001);
      console.log(
        `  ${rules.name.padEnd(28)} ${String(threads).padStart(7)} ${String(run.records).padStart(10)} ${String(run.findings).padStart(10)} ${run.seconds
          .toFixed(2)
          .padStart(9)} ${setup.toFixed(2).padStart(9)} ${Math.round(run.records / run.seconds)
          .toLocaleString('en')
          .padStart(19)} ${Math.round(run.records / detect)
          .toLocaleString('en')
          .padStart(20)} ${Math.round(run.records / detect / threads)
          .toLocaleString('en')
          .padStart(19)} ${`${run.rss.toFixed(0)} MiB`.padStart(10)}`,
      );
    }
  }
  for (const rules of RULES) {
    const { seconds, records } = warmHunt(inputs, rules);
    console.log(
      `  floor, ${rules.name}, 1 thread, hunt ${WARM_PASSES} of ${WARM_PASSES} in one process: ${seconds.toFixed(2)} s, ${Math.round(records / seconds).toLocaleString('en')} records/s`,
    );
  }
}

/** Rule loading from a cold cache (parsing every YAML file), then the warm load the tables use. */
function ruleLoading(): void {
  console.log('\nrule loading (a hunt over an empty folder, 1 thread)');
  for (const rules of RULES) {
    rmSync(RULE_CACHE, { force: true, recursive: true });
    const cold = huntOnce([EMPTY], rules, 1).seconds; // once: the run fills the cache
    const warm = hunt([EMPTY], rules, 1).seconds;
    console.log(`  ${rules.name.padEnd(28)} cold cache ${cold.toFixed(2)} s, warm cache ${warm.toFixed(2)} s`);
  }
}

console.log(`bench/hunt on ${CORES} cores; node ${process.version}; median of ${RUNS} runs per figure`);
mkdirSync(EMPTY);
try {
  ruleLoading();
  table(`EVTX corpus: ${findEvtxFiles(LOG_CORPUS).length} files`, findEvtxFiles(LOG_CORPUS));
  table(`dense EVTX file (${DENSE}; build it with npm run bench:evtx)`, [DENSE]);
} finally {
  rmSync(WORK, { recursive: true, force: true });
}
