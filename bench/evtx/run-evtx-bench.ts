/**
 * bench/evtx: svchunt's EVTX parser against libyal's evtxexport, in one run, as ratios.
 * For (a) parse to events and (b) `svchunt dump --format jsonl`, on one thread and on all cores,
 * over the whole corpus (one process for all files; evtxexport takes one file per process) and over
 * one large dense file assembled from the corpus's real chunks. Reports records/s, MB/s of record
 * data (most corpus files are preallocated and mostly empty, so file MB/s would flatter everyone)
 * and peak RSS. Each row is the median of `--runs` runs (default 3): on a shared VM one run can be
 * 10 % off. A last row per set runs one single-thread process per core side by side, each over all
 * the files: what the machine gives independent work, the ceiling for threads in one process.
 * Two floor rows show what no cold run can go below: a bare `node` process starting and ending, and
 * the dump's last pass of several over the same files in one process (JIT warm, template variants
 * compiled).
 * Usage: npm run bench:evtx [-- --dense-size 200M] [-- --runs 3]
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { CHUNK_SIZE, FILE_HEADER_SIZE } from '../../src/evtx/index.js';
import { LOG_CORPUS, REPO_ROOT } from '../../test/conformance/corpus-paths.js';
import {
  measureCommand,
  measureEach,
  measureSideBySide,
  measureSuccess,
  median,
  medianOf,
  type Measurement,
} from '../support/measure-command.js';
import { findEvtxFiles, makeDense, parseSize } from './make-dense.js';
import { benchRuns, optionValue } from '../support/bench-options.js';

const NODE = process.execPath;
const SVCHUNT = join(REPO_ROOT, 'bin', 'svchunt.js');
const PARSE = join(REPO_ROOT, 'dist-bench', 'bench', 'evtx', 'parse-events.js');
const WARM_DUMP = join(REPO_ROOT, 'dist-bench', 'bench', 'evtx', 'warm-dump.js');
/** Passes of the warm-dump row: the last one is timed. */
const WARM_PASSES = 3;
const CORES = availableParallelism();

/** Bytes of record data: per non-empty chunk, its free-space offset minus the 512-byte header. */
function recordDataBytes(files: readonly string[]): number {
  let total = 0;
  const header = Buffer.alloc(512);
  for (const file of files) {
    const fd = openSync(file, 'r');
    try {
      const size = statSync(file).size;
      for (let at = FILE_HEADER_SIZE; at + 512 <= size; at += CHUNK_SIZE) {
        readSync(fd, header, 0, 512, at);
        if (header.toString('latin1', 0, 8) !== 'ElfChnk\0') continue;
        const free = header.readUInt32LE(48);
        if (free > 512 && free <= CHUNK_SIZE) total += free - 512;
      }
    } finally {
      closeSync(fd);
    }
  }
  return total;
}

interface Row {
  readonly name: string;
  readonly m: Measurement;
  readonly records: number;
}

function report(title: string, rows: readonly Row[], dataBytes: number, reference: Row): void {
  console.log(`\n${title} — ${(dataBytes / 2 ** 20).toFixed(1)} MB of record data`);
  console.log(
    '  what                                   records    seconds   records/s   data MB/s   vs evtxexport   peak RSS',
  );
  const refRate = reference.records / reference.m.seconds;
  for (const row of rows) {
    const rate = row.records / row.m.seconds;
    // A row without records (process start) has a time and a memory only.
    const rates =
      row.records === 0
        ? ['-'.padStart(11), '-'.padStart(11), '-'.padStart(15)]
        : [
            Math.round(rate).toLocaleString('en').padStart(11),
            (dataBytes / 2 ** 20 / row.m.seconds).toFixed(1).padStart(11),
            `${(rate / refRate).toFixed(2)}×`.padStart(15),
          ];
    console.log(
      `  ${row.name.padEnd(36)} ${String(row.records).padStart(9)} ${row.m.seconds.toFixed(2).padStart(9)} ${rates.join(' ')} ${`${row.m.maxRssMiB.toFixed(0)} MiB`.padStart(10)}`,
    );
  }
  console.log(`  10× evtxexport would be ${(reference.m.seconds / 10).toFixed(2)} s`);
}

const RUNS = benchRuns();

/** The warm-dump child's measurement with its last pass's seconds (it prints each pass's). */
function lastPass(m: Measurement): Measurement {
  const seconds = JSON.parse(m.stdout) as number[];
  return { ...m, seconds: seconds[seconds.length - 1]! };
}

async function runSet(title: string, files: readonly string[], evtxexportPerFile: boolean): Promise<void> {
  const dataBytes = recordDataBytes(files);
  const svchunt = (args: readonly string[], keepStdout = false): Measurement =>
    medianOf(RUNS, () => measureSuccess(NODE, args, keepStdout));
  const parse1 = svchunt([PARSE, '--threads', '1', ...files], true);
  const records = Number(parse1.stdout.trim());
  const rows: Row[] = [
    {
      name: 'evtxexport (libevtx)',
      m: medianOf(RUNS, () =>
        evtxexportPerFile
          ? measureEach(
              'evtxexport',
              files.map((f) => [f]),
            )
          : measureCommand('evtxexport', [...files]),
      ),
      records,
    },
    { name: 'svchunt parse to events, 1 thread', m: parse1, records },
    {
      name: `svchunt parse to events, ${CORES} threads`,
      m: svchunt([PARSE, '--threads', String(CORES), ...files]),
      records,
    },
  ];
  // Output to /dev/null, as evtxexport's: collecting 128 MB of stdout in this process and decoding it
  // added ~0.5 s to the row (`cat` of the same text took 0.5 s that way, 0.03 s to /dev/null).
  rows.push({
    name: 'svchunt dump jsonl, 1 thread',
    m: svchunt([SVCHUNT, 'dump', '--format', 'jsonl', '--threads', '1', ...files]),
    records,
  });
  rows.push({
    name: `svchunt dump jsonl, ${CORES} threads`,
    m: svchunt([SVCHUNT, 'dump', '--format', 'jsonl', '--threads', String(CORES), ...files]),
    records,
  });
  rows.push({ name: 'floor: node start alone', m: svchunt(['-e', '0']), records: 0 });
  rows.push({
    name: `floor: dump 1 thread, warm (pass ${WARM_PASSES})`,
    m: medianOf(RUNS, () =>
      lastPass(measureSuccess(NODE, [WARM_DUMP, '--passes', String(WARM_PASSES), ...files], true)),
    ),
    records,
  });
  if (CORES > 1) {
    const sideBySide: Measurement[] = [];
    for (let i = 0; i < RUNS; i++)
      sideBySide.push(await measureSideBySide(NODE, [PARSE, '--threads', '1', ...files], CORES));
    rows.push({
      name: `ceiling: ${CORES} × parse 1 thread, apart`,
      m: median(sideBySide),
      records: records * CORES,
    });
  }
  report(title, rows, dataBytes, rows[0] as Row);
}

const denseSize = parseSize(optionValue('--dense-size') ?? '200M');
const dense = join(REPO_ROOT, 'bench', 'out', `dense-${Math.round(denseSize / 2 ** 20)}M.evtx`);
if (!existsSync(dense)) makeDense({ corpusDir: LOG_CORPUS, targetBytes: denseSize, outFile: dense });
console.log(`bench/evtx on ${CORES} cores; node ${process.version}; median of ${RUNS} runs per row`);
await runSet(
  `corpus: ${findEvtxFiles(LOG_CORPUS).length} files (evtxexport: one process per file)`,
  findEvtxFiles(LOG_CORPUS),
  true,
);
await runSet(`dense file: ${(statSync(dense).size / 2 ** 20).toFixed(0)} MB (${dense})`, [dense], false);
