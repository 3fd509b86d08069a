/**
 * `svchunt dump FILE…`: the EVTX parser's view of files — records as JSON lines (the evtx_dump
 * shape) or XML, or with `--chunks` one JSON line of header facts per chunk. Data issues go to
 * stderr as `file@0xOFFSET chunk N record R: CODE message`, then a count by code.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import type { ChunkOutput, ChunkOutputKind } from '../evtx/index.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { DumpTally } from './dump-events.js';
import type { RegisterCommand } from './main.js';
import { stdoutWriter } from './output-target.js';
import { MAX_THREADS, parseThreads } from './parse-threads.js';
import { threadsForCores } from './threads-for-cores.js';

interface DumpOptions {
  readonly format: 'jsonl' | 'xml';
  /** Undefined: chosen from the input size (`autoThreads`). */
  readonly threads: number | undefined;
  readonly chunks: boolean;
}

const EXAMPLES = `
Examples:
  svchunt dump examples/windows/psexec-target-system.evtx                 records as JSON lines
  svchunt dump --format xml examples/windows/service-shell-sysmon.evtx    records as XML
  svchunt dump --chunks --threads 1 examples/windows/*.evtx               chunk headers, CRC checks, issues

Exit codes: 0 done (data issues are reported on stderr), 2 bad usage, 3 a file could not be read.`;

/** Output joined into one write at most; a write per chunk cost a tenth of a dump (one thread). */
const WRITE_SIZE = 1 << 20;

const write = (data: string | Uint8Array): Promise<void> => stdoutWriter()(data);

/** Joins chunks' text that lies back to back in one buffer (as the parser hands it out) into larger writes. */
class BatchedWrites {
  private pending: Uint8Array | undefined;

  async add(bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) return;
    const pending = this.pending;
    if (pending?.buffer === bytes.buffer && pending.byteOffset + pending.length === bytes.byteOffset) {
      this.pending = new Uint8Array(pending.buffer, pending.byteOffset, pending.length + bytes.length);
    } else {
      await this.flush();
      this.pending = bytes;
    }
    if (this.pending.length >= WRITE_SIZE) await this.flush();
  }

  async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    if (pending !== undefined) await write(pending);
  }
}

function chunkFacts(chunk: ChunkOutput): string {
  const { header, location } = chunk;
  const facts = {
    file: location.file,
    chunk: location.index,
    offset: location.fileOffset,
    empty: chunk.isEmpty,
    ...(header === undefined
      ? {}
      : {
          magic: header.hasMagic,
          firstRecordId: Number(header.firstRecordId),
          lastRecordId: Number(header.lastRecordId),
          freeSpaceOffset: header.freeSpaceOffset,
          headerCrcValid: header.isHeaderChecksumValid,
          dataCrcValid: header.isDataChecksumValid,
        }),
    records: chunk.recordCount,
    issues: chunk.issues.map((issue) => `${issue.code}@0x${(issue.offset ?? 0).toString(16)}`),
  };
  return `${JSON.stringify(facts)}\n`;
}

/** Bytes of the files that exist (one that does not is reported when it is read). */
function inputBytes(files: readonly string[]): number {
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += statSync(file).size;
    } catch {
      // Reported as unreadable by the reader.
    }
  }
  return bytes;
}

/** Dumps EVTX files (records or chunk facts) on stdout, on `threads` (default: by input size). */
async function dumpEvtx(
  files: readonly string[],
  options: DumpOptions,
  threads: number | undefined,
  tally: DumpTally,
  setExitCode: (code: number) => void,
): Promise<void> {
  const { readEvtxFiles } = await import('../evtx/index.js');
  const { reportUnreadable } = await import('./dump-events.js');
  const { autoThreads } = await import('../pipeline/auto-threads.js');
  const output: ChunkOutputKind = options.chunks ? 'count' : options.format;
  const writes = new BatchedWrites();
  tally.evtxSeen = true;
  for await (const item of readEvtxFiles(files, { output, threads: threads ?? autoThreads(inputBytes(files)) })) {
    switch (item.kind) {
      case 'unreadable':
        reportUnreadable(item.path, item.error, setExitCode);
        break;
      case 'file':
        tally.files++;
        for (const issue of item.file.issues) tally.report(issue);
        break;
      case 'chunk':
        tally.records += item.output.recordCount;
        if (options.chunks) await write(chunkFacts(item.output));
        else await writes.add(item.output.bytes);
        for (const issue of item.output.issues) tally.report(issue);
        break;
      default:
        item satisfies never;
    }
  }
  await writes.flush();
}

export const registerDumpCommand: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('dump')
    .description("print EVTX records as the parser sees them (JSON lines like evtx_dump's, or XML)")
    .argument('<files...>', 'EVTX files (other logs as the events svchunt reads from them, JSON lines only)')
    .addOption(new Option('--format <format>', 'record format').choices(['jsonl', 'xml']).default('jsonl'))
    .option(
      '--threads <n>',
      `threads, 1 to ${MAX_THREADS}; more than the cores here are lowered to them, with a notice (default: one per 512 MB of input, at most every core)`,
      parseThreads,
    )
    .option('--chunks', 'print one JSON line of header facts per chunk instead of records', false)
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], options: DumpOptions, command: Command) => {
      // Loaded when the command runs, not when the CLI starts (see main.ts). EVTX files are
      // dumped below; every other format as events by dump-events.ts; in the order given.
      const { DumpTally, dumpEvents, runsByKind } = await import('./dump-events.js');
      const runs = await runsByKind(files);
      const other = runs.filter((run) => !run.evtx).flatMap((run) => run.paths);
      // XML and chunk facts are views of EVTX only: other files would quietly come out as JSON lines.
      if (other.length > 0 && (options.chunks || options.format !== 'jsonl'))
        command.error(
          `error: ${options.chunks ? '--chunks' : '--format xml'} is for EVTX files; not EVTX: ${other.join(', ')}`,
          { exitCode: EXIT_USAGE },
        );
      const fitted =
        options.threads === undefined ? undefined : threadsForCores(options.threads, availableParallelism());
      if (fitted?.notice !== undefined) process.stderr.write(`${fitted.notice}\n`);
      const tally = new DumpTally();
      for (const run of runs) {
        if (run.evtx) await dumpEvtx(run.paths, options, fitted?.threads, tally, setExitCode);
        else await dumpEvents(run.paths, tally, setExitCode);
      }
      process.stderr.write(tally.summary());
      setExitCode(EXIT_OK);
    });
};
