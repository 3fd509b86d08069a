/**
 * The bytes a gzip stream decompresses to, member after member (RFC 1952 §2.3): each member's
 * header and trailer are read here, its deflate data goes through `inflateRaw` (`raw-inflate.ts`),
 * which stops where that data ends and says how many bytes it used. Node's gunzip looks past a member's end inside
 * zlib, and when the bytes there are no member it fails with that member's last output dropped
 * (a file with bytes after its last member lost its last events); here every byte a member
 * decompresses to is yielded, and what is wrong after it is one `DecompressionError` at its offset.
 */
import { crc32 } from 'node:zlib';
import { ByteInput } from './byte-input.js';
import { DecompressionError } from './inner-log.js';
import { inflateRawData, type DataSums } from './raw-inflate.js';

const ID1 = 0x1f;
const ID2 = 0x8b;
const DEFLATE = 8;
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED_FLAGS = 0xe0;
const FIXED_HEADER_BYTES = 10;
const TRAILER_BYTES = 8;

/** A header longer than this (a 64 KiB extra field and two names fit) is taken for garbage. */
const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * The length of the member header at the start of `bytes`, or undefined when more bytes are needed.
 * `offset` (of `bytes[0]`) and `what` only describe a failure.
 */
function memberHeaderLength(bytes: Buffer, offset: number, what: string): number | undefined {
  if ((bytes.length > 0 && bytes[0] !== ID1) || (bytes.length > 1 && bytes[1] !== ID2)) {
    throw new DecompressionError(`${what} is no gzip member`, offset);
  }
  if (bytes.length < FIXED_HEADER_BYTES) return undefined;
  const flags = bytes[3]!;
  if (bytes[2] !== DEFLATE || (flags & RESERVED_FLAGS) !== 0) {
    throw new DecompressionError(`${what} has a gzip header of an unknown method or flags`, offset);
  }
  let length = FIXED_HEADER_BYTES;
  if ((flags & FEXTRA) !== 0) {
    if (bytes.length < length + 2) return undefined;
    length += 2 + bytes.readUInt16LE(length);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if ((flags & flag) === 0) continue;
    const end = length < bytes.length ? bytes.indexOf(0, length) : -1;
    if (end < 0) return undefined;
    length = end + 1;
  }
  if ((flags & FHCRC) !== 0) {
    if (bytes.length < length + 2) return undefined;
    if ((crc32(bytes.subarray(0, length)) & 0xffff) !== bytes.readUInt16LE(length)) {
      throw new DecompressionError(`${what} has a gzip header whose CRC-16 does not match`, offset);
    }
    length += 2;
  }
  return bytes.length >= length ? length : undefined;
}

/** Drops zero padding after a member; false when it lasts to the end of the stream. */
async function skipPadding(input: ByteInput): Promise<boolean> {
  for (;;) {
    const data = input.pending.findIndex((byte) => byte !== 0);
    input.skip(data < 0 ? input.pending.length : data);
    if (data >= 0) return true;
    if (!(await input.pull())) return false;
  }
}

/** Reads a member header; `what` names the bytes in an error. */
async function readHeader(input: ByteInput, member: number, what: string): Promise<void> {
  let length = memberHeaderLength(input.pending, input.offset, what);
  while (length === undefined) {
    if (input.pending.length > MAX_HEADER_BYTES) {
      throw new DecompressionError(`${what} has a gzip header over ${MAX_HEADER_BYTES} bytes`, input.offset);
    }
    if (!(await input.pull())) {
      throw new DecompressionError(`the stream ends inside gzip member ${member}'s header`, input.offset);
    }
    length = memberHeaderLength(input.pending, input.offset, what);
  }
  input.skip(length);
}

/** Reads a member trailer and checks it against the data; `sums` is what the data added up to. */
async function readTrailer(input: ByteInput, member: number, sums: DataSums): Promise<void> {
  while (input.pending.length < TRAILER_BYTES) {
    if (!(await input.pull())) {
      throw new DecompressionError(`the stream ends inside gzip member ${member}'s trailer`, input.offset);
    }
  }
  if (input.pending.readUInt32LE(0) !== sums.crc >>> 0 || input.pending.readUInt32LE(4) !== sums.size % 2 ** 32) {
    throw new DecompressionError(
      `gzip member ${member}'s CRC-32 or length does not match its data; events read from it may be damaged`,
      input.offset,
    );
  }
  input.skip(TRAILER_BYTES);
}

/**
 * The decompressed bytes of the gzip stream `chunks`, in order. Zero bytes after a member are
 * padding, as gzip and Node's gunzip take them.
 * @throws DecompressionError after the last byte that could be decompressed, at the offset where
 * the stream stops being gzip; errors of `chunks` themselves pass through.
 */
export async function* gunzip(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const source = chunks[Symbol.asyncIterator]();
  const input = new ByteInput(source);
  try {
    for (let member = 1; ; member++) {
      if (member === 1) await input.pull();
      else if (!(await skipPadding(input))) return;
      await readHeader(input, member, member === 1 ? 'the stream' : `what follows gzip member ${member - 1}`);
      const sums: DataSums = { crc: 0, size: 0 };
      yield* inflateRawData(input, sums, `gzip member ${member}`);
      await readTrailer(input, member, sums);
    }
  } finally {
    await source.return?.();
  }
}
