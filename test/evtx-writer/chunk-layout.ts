// Fixed facts of the EVTX container (libyal "File header" and "Chunk"): sizes, signatures, header
// field offsets, and the two CRC32s of a chunk, which every writer step that edits a chunk re-applies.
import { crc32 } from 'node:zlib';

export const FILE_HEADER_BLOCK_SIZE = 4096;
/** Both headers declare 128 bytes in their header-size field: the part before padding and tables. */
export const DECLARED_HEADER_SIZE = 128;
export const CHUNK_SIZE = 0x10000;
export const CHUNK_HEADER_SIZE = 512;
export const FILE_SIGNATURE = 'ElfFile\0';
export const CHUNK_SIGNATURE = 'ElfChnk\0';

/** Byte offsets of chunk header fields, relative to the chunk. */
export const CHUNK_FIELD = {
  firstRecordNumber: 8,
  lastRecordNumber: 16,
  firstRecordId: 24,
  lastRecordId: 32,
  headerSize: 40,
  lastRecordOffset: 44,
  freeSpaceOffset: 48,
  recordsCrc: 52,
  flags: 120,
  headerCrc: 124,
} as const;

/** Byte offsets of file header fields. */
export const FILE_FIELD = {
  firstChunk: 8,
  lastChunk: 16,
  nextRecordId: 24,
  headerSize: 32,
  minorVersion: 36,
  majorVersion: 38,
  blockSize: 40,
  chunkCount: 42,
  flags: 120,
  crc: 124,
} as const;

export const FILE_FLAG_DIRTY = 0x1;

/** CRC32 of the records area, from the end of the chunk header to the free-space offset. */
export function chunkRecordsCrc(chunk: Uint8Array): number {
  const free = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).readUInt32LE(CHUNK_FIELD.freeSpaceOffset);
  return crc32(chunk.subarray(CHUNK_HEADER_SIZE, Math.min(free, chunk.length)));
}

/** CRC32 of chunk header bytes 0–119 and 128–511 (the CRC fields themselves are left out). */
export function chunkHeaderCrc(chunk: Uint8Array): number {
  const first = crc32(chunk.subarray(0, CHUNK_FIELD.flags));
  return crc32(chunk.subarray(CHUNK_FIELD.headerCrc + 4, CHUNK_HEADER_SIZE), first);
}

/** Recomputes and stores both CRCs of a chunk; the records CRC goes first because the header CRC covers it. */
export function writeChunkCrcs(chunk: Buffer): void {
  chunk.writeUInt32LE(chunkRecordsCrc(chunk), CHUNK_FIELD.recordsCrc);
  chunk.writeUInt32LE(chunkHeaderCrc(chunk), CHUNK_FIELD.headerCrc);
}

/** CRC32 of the first 120 bytes of the file header. */
export function fileHeaderCrc(header: Uint8Array): number {
  return crc32(header.subarray(0, FILE_FIELD.flags));
}
