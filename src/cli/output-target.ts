/**
 * Where a command's output goes: stdout or a file, as an awaited text writer honouring back-pressure.
 * An `--output` file that cannot be created, or a write that fails, is an `OutputError` (exit 2 with
 * one line, see `main.ts`), never an uncaught stream error. A reader that closes standard output
 * early (`svchunt hunt … | head`) ends the run quietly (`main.ts`).
 *
 * A file is written beside its name and renamed over it when the run ends well: a run that fails
 * (bad options found late, an internal error) leaves an existing file as it was. Writing over one
 * of the run's own inputs is refused: the evidence would be replaced by the findings. A target that
 * exists and is no regular file (`/dev/null`, a FIFO, a terminal) is written to directly: renamed
 * over, it would be replaced by a file (as root, `-o /dev/null` replaced the device).
 */
import {
  accessSync,
  constants,
  createWriteStream,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  type Stats,
  type WriteStream,
} from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { TextWriter } from '../report/index.js';

export interface OutputTarget {
  readonly write: TextWriter;
  readonly isTerminal: boolean;
  readonly columns: number;
  /** Ends the output; a file takes its name only now. */
  close(): Promise<void>;
  /** Drops a file's partial output (the run failed); the named file is left as it was. */
  discard(): void;
  /** Absolute paths this output writes (the file and its partial one): no input to read. */
  readonly writes: readonly string[];
}

/** The real path of `path`, or its absolute path when it does not exist (yet). */
function realOrAbsolute(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * A terminal's width; 80, the width terminals start with, when it reports none or 0 (`script`,
 * `docker run -t`, serial consoles), which would squeeze every column to nothing.
 */
export function terminalColumns(columns: number | undefined): number {
  return columns !== undefined && columns > 0 ? columns : 80;
}

function statIfExists(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * A file output: `openAt` (the file written) is opened now; at a good end `settle` runs (the
 * rename), and a failed end or a discard runs `dropPartial`.
 */
function fileOutput(
  path: string,
  openAt: string,
  settle: () => void,
  dropPartial: () => void,
  writes: readonly string[],
): OutputTarget {
  let fd: number;
  try {
    fd = openSync(openAt, 'w');
  } catch (error) {
    throw new OutputError(`cannot create ${path}: ${(error as Error).message}`);
  }
  const stream: WriteStream = createWriteStream(openAt, { fd, highWaterMark: OUTPUT_BUFFER_BYTES });
  return {
    write: writerFor(stream, path),
    isTerminal: false,
    columns: 200,
    close: () =>
      new Promise<void>((resolve, reject) =>
        stream.end((err?: Error | null) => {
          try {
            if (err) throw err;
            settle();
            resolve();
          } catch (error) {
            dropPartial();
            const { message, code } = error as NodeJS.ErrnoException;
            reject(new OutputError(`cannot write ${path}: ${message}`, code === 'EPIPE'));
          }
        }),
      ),
    discard: () => {
      stream.destroy();
      dropPartial();
    },
    writes,
  };
}

const nothing = (): void => undefined;

/**
 * The output cannot be written: named in one line, with exit code 2. `readerGone`: a FIFO's reader
 * closed it (EPIPE), which ends the run quietly, as a closed standard output does (`main.ts`).
 */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  readonly readerGone: boolean;

  constructor(message: string, readerGone = false) {
    super(message);
    this.readerGone = readerGone;
  }
}

/**
 * An awaited writer on `stream`: waits for 'drain' once more than `maxQueuedBytes` are queued, and
 * turns a failed write into an `OutputError` (also for a write that was waiting).
 */
export function writerFor(
  stream: NodeJS.WritableStream & { readonly writableLength?: number },
  target: string,
  maxQueuedBytes = 0,
): (data: string | Uint8Array) => Promise<void> {
  let failure: Error | undefined;
  const waiting = new Set<() => void>();
  stream.on('error', (error: NodeJS.ErrnoException) => {
    failure = new OutputError(`cannot write ${target}: ${error.message}`, error.code === 'EPIPE');
    for (const wake of waiting) wake();
  });
  return async (data) => {
    if (failure !== undefined) throw failure;
    if (data.length === 0 || stream.write(data) || (stream.writableLength ?? 0) <= maxQueuedBytes) return;
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        waiting.delete(wake);
        resolve();
      };
      waiting.add(wake);
      stream.once('drain', wake);
    });
    if (failure !== undefined) throw failure;
  };
}

/** The standard output as an awaited writer (see `writerFor`); one per process, its error listener once. */
let standardOutput: ((data: string | Uint8Array) => Promise<void>) | undefined;
export function stdoutWriter(): (data: string | Uint8Array) => Promise<void> {
  return (standardOutput ??= writerFor(process.stdout, 'the standard output', STDOUT_QUEUE_BYTES));
}

/**
 * Bytes queued on stdout before a writer waits for it to drain: work goes on while a pipe takes the
 * last writes (a dump parses on), and memory stays bounded when the reader is slow.
 */
const STDOUT_QUEUE_BYTES = 8 << 20;

/**
 * A large buffer: findings arrive as many small lines, and with the default 16 KiB the hunt waited
 * for 'drain' so often that a single-thread run sat idle 5 % of its time.
 */
const OUTPUT_BUFFER_BYTES = 1 << 20;

/**
 * The output a run writes: standard output, or the file `path` (written under a partial name and
 * renamed at the end). `inputs` are the paths the run reads (logs, rule files and folders, the
 * placeholder file): the output is refused when it is one of them or would overwrite a file
 * inside one; a new file inside an input folder is allowed, and `writes` tells discovery to pass
 * it over.
 */
export function openOutput(path: string | undefined, inputs: readonly string[] = []): OutputTarget {
  if (path === undefined || path === '-') {
    return {
      write: stdoutWriter(),
      isTerminal: process.stdout.isTTY === true,
      columns: terminalColumns(process.stdout.columns),
      close: async () => undefined,
      discard: () => undefined,
      writes: [],
    };
  }
  const target = realOrAbsolute(path);
  const existing = statIfExists(target);
  for (const input of inputs) {
    const real = realOrAbsolute(input);
    if (real === target) throw new OutputError(`refusing to write ${path}: it is one of the inputs`);
    // A file already in an input folder is evidence (or rules) the run reads: never overwritten.
    if (existing?.isFile() === true && target.startsWith(real.endsWith(sep) ? real : `${real}${sep}`))
      throw new OutputError(`refusing to write ${path}: it would overwrite a file inside the input ${input}`);
  }
  if (existing?.isDirectory() === true) throw new OutputError(`cannot write ${path}: it is a folder`);
  // A device, FIFO or socket (`/dev/null`): written directly; what was written stays written.
  if (existing !== undefined && !existing.isFile()) return fileOutput(path, target, nothing, nothing, []);
  try {
    accessSync(dirname(target), constants.W_OK);
  } catch (error) {
    throw new OutputError(`cannot create ${path}: ${(error as Error).message}`);
  }
  const partial = `${target}.partial-${process.pid}`;
  return fileOutput(
    path,
    partial,
    () => renameSync(partial, target),
    () => rmSync(partial, { force: true }),
    [target, partial],
  );
}
