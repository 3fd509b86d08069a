// The 4 KiB file header block of a clean EVTX file (libyal "File header"): signature, first and last
// chunk numbers, the next record identifier, format version, chunk count, flags and the CRC32 of
// the first 120 bytes. Shared by the writer and the dense benchmark file builder.
import {
  DECLARED_HEADER_SIZE,
  FILE_FIELD,
  FILE_HEADER_BLOCK_SIZE,
  FILE_SIGNATURE,
  fileHeaderCrc,
} from './chunk-layout.js';

const FORMAT_VERSION = { major: 3, minor: 1 } as const; // what Windows Vista to Windows 10 1909 write
const MAX_CHUNKS = 0xffff; // the chunk count is a 16-bit field

/** A clean (not dirty, not full) header for `chunkCount` chunks. */
export function fileHeader(chunkCount: number, nextRecordId: bigint): Buffer {
  if (chunkCount > MAX_CHUNKS) throw new RangeError(`${chunkCount} chunks do not fit the 16-bit chunk count`);
  const h = Buffer.alloc(FILE_HEADER_BLOCK_SIZE);
  h.write(FILE_SIGNATURE, 0, 'latin1');
  h.writeBigUInt64LE(0n, FILE_FIELD.firstChunk);
  h.writeBigUInt64LE(BigInt(Math.max(0, chunkCount - 1)), FILE_FIELD.lastChunk);
  h.writeBigUInt64LE(nextRecordId, FILE_FIELD.nextRecordId);
  h.writeUInt32LE(DECLARED_HEADER_SIZE, FILE_FIELD.headerSize);
  h.writeUInt16LE(FORMAT_VERSION.minor, FILE_FIELD.minorVersion);
  h.writeUInt16LE(FORMAT_VERSION.major, FILE_FIELD.majorVersion);
  h.writeUInt16LE(FILE_HEADER_BLOCK_SIZE, FILE_FIELD.blockSize);
  h.writeUInt16LE(chunkCount, FILE_FIELD.chunkCount);
  h.writeUInt32LE(fileHeaderCrc(h), FILE_FIELD.crc);
  return h;
}
