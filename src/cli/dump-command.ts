/**
 * `svchunt dump FILE…`: the EVTX parser's view of files — records as JSON lines (the evtx_dump
 * shape) or XML, or with `--chunks` one JSON line of header facts per chunk. Data issues go to
 * stderr as `file@0xOFFSET chunk N record R: CODE message`, then a count by code.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { formatIssueLine, IssueCollector, printableText, type DataIssue } from '../event/index.js';
import type { ChunkOutput, ChunkOutputKind } from '../evtx/index.js';
import { EXIT_INPUT, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
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

function printIssue(issue: DataIssue): void {
  process.stderr.write(`${formatIssueLine(issue)}\n`);
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

function report(issue: DataIssue, issues: IssueCollector): void {
  issues.report(issue);
  printIssue(issue);
}

function summary(files: number, records: number, issues: IssueCollector): string {
  const byCode = [...issues.countsByCode].map(([code, count]) => `${code} ${count}`).join(', ');
  return `svchunt dump: ${records} records from ${files} file(s); ${issues.total} issue(s)${byCode === '' ? '' : `: ${byCode}`}\n`;
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
      // Every format but EVTX is dumped as events by dump-events.ts; EVTX goes on below.
      // Loaded when the command runs, not when the CLI starts (see main.ts).
      const { dumpEvents, splitEvtxFiles } = await import('./dump-events.js');
      const { readEvtxFiles } = await import('../evtx/index.js');
      const { autoThreads } = await import('../pipeline/auto-threads.js');
      const { evtx, other } = await splitEvtxFiles(files);
      // XML and chunk facts are views of EVTX only: other files would quietly come out as JSON lines.
      if (other.length > 0 && (options.chunks || options.format !== 'jsonl'))
        command.error(
          `error: ${options.chunks ? '--chunks' : '--format xml'} is for EVTX files; not EVTX: ${other.join(', ')}`,
          { exitCode: EXIT_USAGE },
        );
      if (other.length > 0) await dumpEvents(other, setExitCode);
      if (evtx.length === 0 && other.length > 0) return;
      files = evtx;
      const issues = new IssueCollector();
      let records = 0;
      let readable = 0;
      const output: ChunkOutputKind = options.chunks ? 'count' : options.format;
      const writes = new BatchedWrites();
      const fitted =
        options.threads === undefined ? undefined : threadsForCores(options.threads, availableParallelism());
      if (fitted?.notice !== undefined) process.stderr.write(`${fitted.notice}\n`);
      const threads = fitted?.threads ?? autoThreads(inputBytes(files));
      for await (const item of readEvtxFiles(files, { output, threads })) {
        switch (item.kind) {
          case 'unreadable':
            process.stderr.write(
              `${printableText(`${item.path}: UNREADABLE_FILE ${item.error instanceof Error ? item.error.message : String(item.error)}`)}\n`,
            );
            setExitCode(EXIT_INPUT);
            break;
          case 'file':
            readable++;
            for (const issue of item.file.issues) report(issue, issues);
            break;
          case 'chunk':
            records += item.output.recordCount;
            if (options.chunks) await write(chunkFacts(item.output));
            else await writes.add(item.output.bytes);
            for (const issue of item.output.issues) report(issue, issues);
            break;
          default:
            item satisfies never;
        }
      }
      await writes.flush();
      process.stderr.write(summary(readable, records, issues));
      setExitCode(EXIT_OK);
    });
};
