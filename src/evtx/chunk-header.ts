/**
 * The 512-byte header of a 64 KiB "ElfChnk" chunk: record number and id ranges, the free space
 * offset that ends the record data, and two CRC-32s (header; record data). Bytes 128–511 hold the
 * common-string and template hash tables, which this parser does not need: names and templates are
 * reached through offsets in the records. libyal's EVTX notes, "Chunk header".
 */
import { Buffer } from 'node:buffer';
import { crc32 } from './crc32.js';

/** Bytes in a chunk. */
export const CHUNK_SIZE = 65536;
/** Bytes of a chunk header; records start after it. */
export const CHUNK_HEADER_SIZE = 512;
const MAGIC = [0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00]; // "ElfChnk\0"

/** The facts of a chunk header, with both CRC checks done. */
export interface ChunkHeader {
  readonly hasMagic: boolean;
  readonly firstRecordNumber: bigint;
  readonly lastRecordNumber: bigint;
  readonly firstRecordId: bigint;
  readonly lastRecordId: bigint;
  readonly headerSize: number;
  /** Chunk-relative offset of the last record. */
  readonly lastRecordOffset: number;
  /** Chunk-relative offset where record data ends. */
  readonly freeSpaceOffset: number;
  readonly dataChecksum: number;
  readonly headerChecksum: number;
  readonly flags: number;
  readonly isHeaderChecksumValid: boolean;
  /** Whether the CRC-32 of bytes [512, freeSpaceOffset) matches; false too when the offset is out of range. */
  readonly isDataChecksumValid: boolean;
}

/** Zeros to compare unused chunks against (a native memcmp instead of a byte loop). */
const ZEROS = new Uint8Array(CHUNK_SIZE);

/** True when every byte of the chunk is zero: space a file reserved but never wrote. */
export function isZeroChunk(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0) return false;
  return (
    Buffer.compare(bytes, ZEROS.subarray(0, Math.min(bytes.length, CHUNK_SIZE))) === 0 && bytes.length <= CHUNK_SIZE
  );
}

/** Reads a chunk header; the caller has checked that 512 bytes are there. */
export function readChunkHeader(bytes: Uint8Array, view: DataView): ChunkHeader {
  let hasMagic = true;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) hasMagic = false;
  const freeSpaceOffset = view.getUint32(48, true);
  const dataChecksum = view.getUint32(52, true);
  const headerChecksum = view.getUint32(124, true);
  const headerCrc = crc32(bytes, 128, CHUNK_HEADER_SIZE, crc32(bytes, 0, 120));
  const dataEnd = Math.min(freeSpaceOffset, bytes.length);
  const isDataChecksumValid =
    freeSpaceOffset >= CHUNK_HEADER_SIZE &&
    freeSpaceOffset <= bytes.length &&
    crc32(bytes, CHUNK_HEADER_SIZE, dataEnd) === dataChecksum;
  return {
    hasMagic,
    firstRecordNumber: view.getBigUint64(8, true),
    lastRecordNumber: view.getBigUint64(16, true),
    firstRecordId: view.getBigUint64(24, true),
    lastRecordId: view.getBigUint64(32, true),
    headerSize: view.getUint32(40, true),
    lastRecordOffset: view.getUint32(44, true),
    freeSpaceOffset,
    dataChecksum,
    headerChecksum,
    flags: view.getUint32(120, true),
    isHeaderChecksumValid: headerCrc === headerChecksum,
    isDataChecksumValid,
  };
}
