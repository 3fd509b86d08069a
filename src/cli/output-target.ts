/** Where a command's output goes: stdout or a file, as an awaited text writer honouring back-pressure. */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { TextWriter } from '../report/index.js';

export interface OutputTarget {
  readonly write: TextWriter;
  readonly isTerminal: boolean;
  readonly columns: number;
  close(): Promise<void>;
}

function writerFor(stream: NodeJS.WritableStream): TextWriter {
  return async (text) => {
    if (text === '' || stream.write(text)) return;
    await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  };
}

const OUTPUT_BUFFER_BYTES = 1 << 20;

export function openOutput(path: string | undefined): OutputTarget {
  if (path === undefined || path === '-') {
    return {
      write: writerFor(process.stdout),
      isTerminal: process.stdout.isTTY === true,
      columns: process.stdout.columns ?? 160,
      close: async () => undefined,
    };
  }
  // A large buffer: findings arrive as many small lines, and with the default 16 KiB the hunt
  // waited for 'drain' so often that a single-thread run sat idle 5 % of its time.
  const stream: WriteStream = createWriteStream(path, { highWaterMark: OUTPUT_BUFFER_BYTES });
  return {
    write: writerFor(stream),
    isTerminal: false,
    columns: 200,
    close: () =>
      new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve()))),
  };
}
