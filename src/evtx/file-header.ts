/**
 * The EVTX file header: the first 4096-byte block, of which 128 bytes are used ("ElfFile\0",
 * chunk counts, version, flags, CRC-32 of the first 120 bytes). libyal's EVTX notes, "File header".
 */
import { crc32 } from './crc32.js';

/** Size of the file header block; the first chunk starts right after it. */
export const FILE_HEADER_SIZE = 4096;
const SIGNATURE = 'ElfFile\u0000';
const FLAG_DIRTY = 0x1;
const FLAG_FULL = 0x2;

/** The facts of an EVTX file header, with its CRC check done. */
export interface FileHeader {
  readonly hasSignature: boolean;
  readonly firstChunkNumber: bigint;
  readonly lastChunkNumber: bigint;
  readonly nextRecordId: bigint;
  readonly headerSize: number;
  readonly minorVersion: number;
  readonly majorVersion: number;
  readonly headerBlockSize: number;
  /** Chunks the header says the file holds; dirty files may hold more. */
  readonly chunkCount: number;
  readonly flags: number;
  readonly isDirty: boolean;
  readonly isFull: boolean;
  readonly checksum: number;
  readonly isChecksumValid: boolean;
}

/** Reads the file header from its first 128 bytes; the caller has checked they are there. */
export function readFileHeader(bytes: Uint8Array): FileHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let signature = '';
  for (let i = 0; i < 8; i++) signature += String.fromCharCode(bytes[i]!);
  const flags = view.getUint32(120, true);
  const checksum = view.getUint32(124, true);
  return {
    hasSignature: signature === SIGNATURE,
    firstChunkNumber: view.getBigUint64(8, true),
    lastChunkNumber: view.getBigUint64(16, true),
    nextRecordId: view.getBigUint64(24, true),
    headerSize: view.getUint32(32, true),
    minorVersion: view.getUint16(36, true),
    majorVersion: view.getUint16(38, true),
    headerBlockSize: view.getUint16(40, true),
    chunkCount: view.getUint16(42, true),
    flags,
    isDirty: (flags & FLAG_DIRTY) !== 0,
    isFull: (flags & FLAG_FULL) !== 0,
    checksum,
    isChecksumValid: crc32(bytes, 0, 120) === checksum,
  };
}
