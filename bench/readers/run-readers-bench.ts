/**
 * bench/readers: how fast each reader turns bytes into events, on the real samples of the corpus
 * repeated to `--size` (default 32 MiB) in a temporary folder: raw auditd and laurel (the three
 * linux-generated sessions), journald JSON and export, Windows event XML (the EVTX examples dumped
 * as XML by svchunt itself), and a gzip of the audit log. Each input is read three times in this
 * process; the best run counts. Where a well-known tool reads the same bytes, it runs in the same
 * invocation as a reference: `jq -c .` for JSON, `zcat` for gzip (ratio = its time / ours).
 * Usage: npm run bench:readers [-- --size 64M]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { IssueCollector } from '../../src/event/index.js';
import { readEvtxFiles } from '../../src/evtx/index.js';
import { readerFor, sniffFile } from '../../src/readers/index.js';
import { LOG_CORPUS, REPO_ROOT } from '../../test/conformance/corpus-paths.js';
import { measureCommand } from '../support/measure-command.js';

const LINUX = join(LOG_CORPUS, 'linux-generated');
const RUNS = 3;
const MIB = 1024 * 1024;

function parseSize(text: string | undefined): number {
  const match = /^(\d+)([KMG]?)$/i.exec(text ?? '32M');
  if (match === null) throw new Error(`bad --size ${text}`);
  const unit = { '': 1, K: 1024, M: MIB, G: 1024 * MIB }[(match[2] ?? '').toUpperCase()] ?? 1;
  return Number(match[1]) * unit;
}

/** `parts` joined, then repeated until at least `size` bytes. */
function repeated(parts: readonly Buffer[], size: number): Buffer {
  const one = Buffer.concat(parts);
  const copies = Math.max(1, Math.ceil(size / one.length));
  return Buffer.concat(Array.from({ length: copies }, () => one));
}

async function xmlOfExamples(): Promise<Buffer> {
  const files = ['psexec-target-system.evtx', 'remote-service-security.evtx', 'service-shell-sysmon.evtx'].map((f) =>
    join(REPO_ROOT, 'examples/windows', f),
  );
  let text = '';
  for await (const item of readEvtxFiles(files, { output: 'xml', threads: 1 }))
    if (item.kind === 'chunk') text += item.output.text;
  return Buffer.from(text);
}

interface Result {
  readonly name: string;
  readonly bytes: number;
  readonly events: number;
  readonly seconds: number;
  readonly issues: number;
}

/** `contentBytes`: the bytes the reader turns into events (the decompressed size for gzip). */
async function measure(name: string, path: string, contentBytes: number): Promise<Result> {
  const format = await sniffFile(path);
  if (format === undefined) throw new Error(`${path} is no log`);
  let best = Number.POSITIVE_INFINITY;
  let events = 0;
  let issues = 0;
  for (let run = 0; run < RUNS; run++) {
    const sink = new IssueCollector();
    events = 0;
    const started = performance.now();
    for await (const batch of readerFor(format).read(path, { sink, threads: 1 })) events += batch.events.length;
    best = Math.min(best, (performance.now() - started) / 1000);
    issues = sink.total;
  }
  return { name, bytes: contentBytes, events, seconds: best, issues };
}

function reference(command: string, args: readonly string[]): number | undefined {
  if (spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0) return undefined;
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < RUNS; run++) best = Math.min(best, measureCommand(command, args).seconds);
  return best;
}

async function main(): Promise<void> {
  const sizeArg = process.argv.indexOf('--size');
  const size = parseSize(sizeArg >= 0 ? process.argv[sizeArg + 1] : undefined);
  const dir = mkdtempSync(join(tmpdir(), 'svchunt-bench-readers-'));
  try {
    const sessions = ['attack', 'benign', 'mixed'];
    const read = (pattern: string): Buffer[] =>
      sessions.map((s) => readFileSync(join(LINUX, pattern.replace('%s', s))));
    const auditLog = repeated(read('auditd/%s.log'), size);
    const plain = (bytes: Buffer): [Buffer, number] => [bytes, bytes.length];
    const inputs: [string, string, [Buffer, number]][] = [
      ['raw auditd', 'audit.log', plain(auditLog)],
      ['laurel JSON', 'laurel.jsonl', plain(repeated(read('laurel/%s.jsonl'), size))],
      ['journald JSON', 'journal.json', plain(repeated(read('journald/%s.json'), size))],
      ['journald export', 'journal.export', plain(repeated(read('journald/%s.export'), size))],
      ['Windows event XML', 'events.xml', plain(repeated([await xmlOfExamples()], size))],
      // MiB and MiB/s of the decompressed content; the file itself is about 16 times smaller.
      ['gzip (raw auditd)', 'audit.log.gz', [gzipSync(auditLog), auditLog.length]],
    ];
    const refs: Record<string, [string, (p: string) => string[]]> = {
      'laurel JSON': ['jq', (p) => ['-c', '.', p]],
      'journald JSON': ['jq', (p) => ['-c', '.', p]],
      'gzip (raw auditd)': ['zcat', (p) => [p]],
    };
    console.log(
      `bench:readers — inputs of about ${(size / MIB).toFixed(0)} MiB from the corpus samples, best of ${RUNS}, one thread\n`,
    );
    console.log(
      'reader               |     MiB |   events | seconds |  MiB/s | events/s | issues | reference (time, ours/ref speed)',
    );
    console.log(
      '---------------------|---------|----------|---------|--------|----------|--------|---------------------------------',
    );
    for (const [name, file, [bytes, contentBytes]] of inputs) {
      const path = join(dir, file);
      writeFileSync(path, bytes);
      const r = await measure(name, path, contentBytes);
      const ref = refs[name];
      const refSeconds = ref === undefined ? undefined : reference(ref[0], ref[1](path));
      const refText =
        ref === undefined || refSeconds === undefined
          ? '—'
          : `${ref[0]} ${refSeconds.toFixed(2)} s, ${(refSeconds / r.seconds).toFixed(2)}×`;
      console.log(
        `${name.padEnd(20)} | ${(r.bytes / MIB).toFixed(1).padStart(7)} | ${String(r.events).padStart(8)} | ${r.seconds
          .toFixed(2)
          .padStart(7)} | ${(r.bytes / MIB / r.seconds).toFixed(1).padStart(6)} | ${Math.round(r.events / r.seconds)
          .toString()
          .padStart(8)} | ${String(r.issues).padStart(6)} | ${refText}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
