/**
 * The data of a zip entry read by its local header (PKWARE APPNOTE 4.3.8, 4.3.9): stored bytes or
 * deflate data decompressed as they are read, then checked against the CRC-32 and sizes of the
 * header or of the data descriptor after the data. Failures are `DecompressionError`s at the
 * entry's header offset, saying where in the archive it went wrong.
 */
import { crc32 } from 'node:zlib';
import type { ByteInput } from './byte-input.js';
import { DecompressionError } from './inner-log.js';
import { inflateRawData, type DataSums } from './raw-inflate.js';
import type { LocalHeader } from './zip-local-header.js';

const DATA_DESCRIPTOR = 0x08074b50;
const DATA_DESCRIPTOR_BYTES = Buffer.from([0x50, 0x4b, 0x07, 0x08]);

/** Yields `size` stored bytes; throws a `DecompressionError` at the end of the input when it comes first. */
async function* storedData(input: ByteInput, size: number, sums: DataSums): AsyncGenerator<Buffer> {
  for (let left = size; left > 0;) {
    if (input.pending.length === 0 && !(await input.pull())) {
      throw new DecompressionError('stored data cut', input.offset);
    }
    const chunk = input.pending.subarray(0, Math.min(left, input.pending.length));
    input.skip(chunk.length);
    left -= chunk.length;
    sums.crc = crc32(chunk, sums.crc);
    sums.size += chunk.length;
    yield chunk;
  }
}

/**
 * Yields stored data whose size only its data descriptor tells (bit 3 set, method stored; Info-ZIP
 * and Python write them when streaming): the data ends at the first signed descriptor whose sizes
 * equal the bytes before it and whose CRC-32 is theirs. Bytes that may hold the start of a
 * descriptor stay pending until it is known; the descriptor itself is left for `readDescriptor`.
 * Throws a `DecompressionError` when the input ends first.
 */
async function* storedUntilDescriptor(input: ByteInput, sums: DataSums, isZip64: boolean): AsyncGenerator<Buffer> {
  const sizeBytes = isZip64 ? 8 : 4;
  const length = 8 + 2 * sizeBytes; // signature, CRC-32, two sizes
  const sizeAt = (bytes: Buffer, at: number): number =>
    isZip64 ? Number(bytes.readBigUInt64LE(at)) : bytes.readUInt32LE(at);
  for (;;) {
    const more = await input.fill(input.pending.length + 1);
    const bytes = input.pending;
    // Candidates whose whole descriptor is here; later bytes wait for the next chunk.
    const last = bytes.length - length;
    let end = -1;
    for (
      let at = bytes.indexOf(DATA_DESCRIPTOR_BYTES);
      at >= 0 && at <= last;
      at = bytes.indexOf(DATA_DESCRIPTOR_BYTES, at + 1)
    ) {
      const size = sums.size + at;
      if (
        sizeAt(bytes, at + 8) !== sizeAsHeld(size, isZip64) ||
        sizeAt(bytes, at + 8 + sizeBytes) !== sizeAsHeld(size, isZip64)
      )
        continue;
      if (bytes.readUInt32LE(at + 4) === crc32(bytes.subarray(0, at), sums.crc) >>> 0) {
        end = at;
        break;
      }
    }
    const take = end >= 0 ? end : more ? Math.max(0, last + 1) : bytes.length;
    if (take > 0) {
      const chunk = bytes.subarray(0, take);
      input.skip(take);
      sums.crc = crc32(chunk, sums.crc);
      sums.size += take;
      yield chunk;
    }
    if (end >= 0) return;
    if (!more && input.pending.length === 0) throw new DecompressionError('stored data cut', input.offset);
  }
}

/** The CRC-32 and sizes of a data descriptor (APPNOTE 4.3.9). */
interface Descriptor {
  readonly crc: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

/** A size as a Zip64 header or descriptor (8 bytes) or a plain one (4 bytes, so modulo 2^32) holds it. */
const sizeAsHeld = (size: number, isZip64: boolean): number => (isZip64 ? size : size % 2 ** 32);

/**
 * Reads the data descriptor after the data; undefined when the input ends inside it. Its signature
 * is optional (APPNOTE 4.3.9.3) and a CRC-32 may equal it, so both layouts are checked against the
 * data (`used` compressed bytes, `sums`): the one whose sizes, then CRC-32, fit is taken. Its
 * sizes take 8 bytes each for an entry with a Zip64 extra field (APPNOTE 4.3.9.2).
 */
async function readDescriptor(
  input: ByteInput,
  used: number,
  sums: DataSums,
  isZip64: boolean,
): Promise<Descriptor | undefined> {
  const sizeBytes = isZip64 ? 8 : 4;
  const length = 4 + 2 * sizeBytes;
  const sizeAt = (at: number): number =>
    isZip64 ? Number(input.pending.readBigUInt64LE(at)) : input.pending.readUInt32LE(at);
  if (!(await input.fill(length))) return undefined;
  const fit = (at: number): number => {
    const sizesFit =
      sizeAt(at + 4) === sizeAsHeld(used, isZip64) && sizeAt(at + 4 + sizeBytes) === sizeAsHeld(sums.size, isZip64);
    return (sizesFit ? 2 : 0) + (input.pending.readUInt32LE(at) === sums.crc >>> 0 ? 1 : 0);
  };
  let at = 0;
  if (input.pending.readUInt32LE(0) === DATA_DESCRIPTOR) {
    if (await input.fill(length + 4)) at = fit(4) >= fit(0) ? 4 : 0;
    else if (fit(0) < 2) return undefined; // a signed descriptor, cut
  }
  const descriptor = {
    crc: input.pending.readUInt32LE(at),
    compressedSize: sizeAt(at + 4),
    uncompressedSize: sizeAt(at + 4 + sizeBytes),
  };
  input.skip(at + length);
  return descriptor;
}

const hex = (value: number): string => `0x${value.toString(16)}`;

/** Where the walk stands: at a record start or not, and whether the current entry's data has ended. */
export interface WalkPosition {
  aligned: boolean;
  dataEnded: boolean;
}

/**
 * Yields the data of the entry whose header was just read, decompressed, and checks it against the
 * header or data descriptor. `position.aligned` becomes false when the data fails before its end:
 * where it ends is unknown; `position.dataEnded` becomes true when the generator is done.
 */
export async function* localEntryData(
  input: ByteInput,
  header: LocalHeader,
  position: WalkPosition,
): AsyncGenerator<Buffer> {
  try {
    yield* checkedData(input, header, position);
  } finally {
    position.dataEnded = true;
  }
}

async function* checkedData(input: ByteInput, header: LocalHeader, position: WalkPosition): AsyncGenerator<Buffer> {
  const sums: DataSums = { crc: 0, size: 0 };
  const dataStart = input.offset;
  try {
    if (header.method === 'stored' && header.dataBytes === undefined && !header.isFolder)
      yield* storedUntilDescriptor(input, sums, header.isZip64);
    else if (header.method === 'stored') yield* storedData(input, header.dataBytes ?? 0, sums);
    else yield* inflateRawData(input, sums, 'deflate');
  } catch (error) {
    if (!(error instanceof DecompressionError)) throw error;
    position.aligned = false;
    const why = input.ended
      ? `the archive ends at ${hex(input.offset + input.pending.length)}, inside this entry's data`
      : `${error.message} at ${hex(error.offset)}`;
    throw new DecompressionError(why, header.offset);
  }
  const used = input.offset - dataStart;
  let expected: Descriptor = {
    crc: header.crc32,
    compressedSize: header.dataBytes ?? used,
    uncompressedSize: header.uncompressedSize,
  };
  if (header.hasDataDescriptor) {
    const descriptor = await readDescriptor(input, used, sums, header.isZip64);
    if (descriptor === undefined) {
      position.aligned = false; // what is left is the cut descriptor
      const end = hex(input.offset + input.pending.length);
      throw new DecompressionError(
        `the archive ends at ${end}, inside this entry's data descriptor: its CRC-32 cannot be checked`,
        header.offset,
      );
    }
    expected = descriptor;
  }
  if (sums.crc >>> 0 !== expected.crc >>> 0) {
    throw new DecompressionError(
      `CRC-32 ${(sums.crc >>> 0).toString(16)} does not match the archive's ${(expected.crc >>> 0).toString(16)}; events read from it may be damaged`,
      header.offset,
    );
  }
  const { isZip64 } = header;
  if (
    sizeAsHeld(sums.size, isZip64) !== expected.uncompressedSize ||
    sizeAsHeld(used, isZip64) !== expected.compressedSize
  ) {
    throw new DecompressionError(
      `its sizes do not match the archive's (${expected.compressedSize} bytes compressed, ${expected.uncompressedSize} uncompressed)`,
      header.offset,
    );
  }
}
