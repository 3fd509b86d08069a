/**
 * Deflate data (RFC 1951) inside a container, decompressed up to its own last byte: zlib's
 * `inflateRaw` stops where the data ends and says how many bytes it used, so the framing after it
 * (a gzip trailer, a zip data descriptor or the next local header) is left pending in the input.
 */
import { crc32, createInflateRaw, type InflateRaw } from 'node:zlib';
import type { ByteInput } from './byte-input.js';
import { DecompressionError } from './inner-log.js';

/**
 * Compressed bytes handed to zlib at a time: all they decompress to is held at once, at most
 * ~1,032 times as much (deflate's best ratio), so a zip bomb stays near 16 MiB.
 */
const INFLATE_INPUT_BYTES = 16 * 1024;

/** What the decompressed data adds up to, for the container's CRC-32 and length. */
export interface DataSums {
  crc: number;
  size: number;
}

/** Hands `slice` to zlib; settles once it is used up, the deflate data has ended, or zlib failed. */
function inflate(inflater: InflateRaw, slice: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const settle = (): void => {
      inflater.off('close', settle);
      resolve();
    };
    inflater.on('close', settle);
    inflater.write(slice, settle);
  });
}

/** Settles when the inflater has emitted all its output, or failed. */
function finished(inflater: InflateRaw): Promise<void> {
  return new Promise((resolve) => {
    if (inflater.readableEnded || inflater.destroyed) resolve();
    inflater.once('end', resolve);
    inflater.once('close', resolve);
  });
}

/** Yields and empties `output`, adding it to the sums. */
function* drained(output: Buffer[], sums: DataSums): Generator<Buffer> {
  for (const chunk of output) {
    sums.crc = crc32(chunk, sums.crc);
    sums.size += chunk.length;
    yield chunk;
  }
  output.length = 0;
}

/**
 * Yields the deflate data at the start of `input` decompressed, up to its last byte, and leaves
 * the bytes after it pending; `sums` adds the output up. A stream that ends before the data does
 * ends quietly when zlib takes the data read so far as complete.
 * @throws DecompressionError `${what}: ${zlib's reason}` at the input offset zlib stopped at.
 */
export async function* inflateRawData(input: ByteInput, sums: DataSums, what: string): AsyncGenerator<Buffer> {
  const output: Buffer[] = [];
  let failure: Error | undefined;
  const inflater = createInflateRaw();
  inflater.on('data', (chunk: Buffer) => output.push(chunk));
  inflater.on('error', (error) => (failure = error));
  try {
    for (;;) {
      if (input.pending.length === 0 && !(await input.pull())) {
        inflater.end();
        await finished(inflater);
        yield* drained(output, sums);
        if (failure === undefined) return;
        throw new DecompressionError(`${what}: ${failure.message}`, input.offset);
      }
      const slice = input.pending.subarray(0, INFLATE_INPUT_BYTES);
      const usedBefore = inflater.bytesWritten;
      await inflate(inflater, slice);
      yield* drained(output, sums);
      if (failure !== undefined) throw new DecompressionError(`${what}: ${failure.message}`, input.offset);
      const used = inflater.bytesWritten - usedBefore;
      input.skip(used);
      // zlib leaves the bytes after the deflate data unused (or the whole next slice, when the data
      // ended with the last one): they start the framing that follows.
      if (used < slice.length || inflater.readableEnded) {
        await finished(inflater);
        yield* drained(output, sums);
        return;
      }
    }
  } finally {
    inflater.destroy();
  }
}
