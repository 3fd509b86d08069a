// Fills one 64 KiB chunk with records until a record no longer fits or the capacity in records is
// reached, then writes the chunk header: record numbers and identifiers, last-record and free-space
// offsets, and the string and template tables. CRCs are left to the caller, so that record-level
// damage can be made before them and chunk-level damage after them.
import { ChunkTables } from './chunk-tables.js';
import { CHUNK_FIELD, CHUNK_HEADER_SIZE, CHUNK_SIGNATURE, CHUNK_SIZE, DECLARED_HEADER_SIZE } from './chunk-layout.js';
import type { RecordDescription } from './evtx-description.js';
import { encodeRecord } from './record-encoder.js';

/** Windows sets this header word to 1 in every chunk of the corpus; its meaning is not documented. */
const CHUNK_FLAGS = 1;

/** Where a record landed inside its chunk. */
export interface PlacedRecord {
  readonly recordId: bigint;
  readonly chunkOffset: number; // bytes from the start of the chunk
  readonly size: number;
}

export class ChunkBuilder {
  private readonly tables = new ChunkTables();
  private readonly bytes = Buffer.alloc(CHUNK_SIZE);
  private readonly records: PlacedRecord[] = [];
  private free = CHUNK_HEADER_SIZE;
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get recordCount(): number {
    return this.records.length;
  }

  /** Adds a record if it fits; on refusal the chunk is exactly as before the call. */
  tryAdd(r: RecordDescription, recordId: bigint): PlacedRecord | undefined {
    if (this.records.length >= this.capacity) return undefined;
    const before = this.tables.snapshot();
    const encoded = encodeRecord(r, recordId, this.free, this.tables);
    if (this.free + encoded.length > CHUNK_SIZE) {
      this.tables.restore(before);
      return undefined;
    }
    encoded.copy(this.bytes, this.free);
    const placed = { recordId, chunkOffset: this.free, size: encoded.length };
    this.records.push(placed);
    this.free += encoded.length;
    return placed;
  }

  /** The chunk bytes with a complete header, CRC fields still zero. */
  finish(): Buffer {
    const first = this.records[0];
    const last = this.records.at(-1);
    if (first === undefined || last === undefined) throw new Error('a chunk needs at least one record');
    writeChunkHeader(this.bytes, first.recordId, last.recordId, last.chunkOffset, this.free, this.tables);
    return Buffer.from(this.bytes);
  }
}

/**
 * Writes the header of a chunk whose records run from `first` to `last` (the last at chunk offset
 * `lastOffset`) and end at `free`, with its string and template tables; CRC fields are left alone.
 */
export function writeChunkHeader(
  b: Buffer,
  first: bigint,
  last: bigint,
  lastOffset: number,
  free: number,
  tables: ChunkTables,
): void {
  b.write(CHUNK_SIGNATURE, 0, 'latin1');
  // Record numbers count records in the log; in a log never cleared they equal the identifiers.
  b.writeBigUInt64LE(first, CHUNK_FIELD.firstRecordNumber);
  b.writeBigUInt64LE(last, CHUNK_FIELD.lastRecordNumber);
  b.writeBigUInt64LE(first, CHUNK_FIELD.firstRecordId);
  b.writeBigUInt64LE(last, CHUNK_FIELD.lastRecordId);
  b.writeUInt32LE(DECLARED_HEADER_SIZE, CHUNK_FIELD.headerSize);
  b.writeUInt32LE(lastOffset, CHUNK_FIELD.lastRecordOffset);
  b.writeUInt32LE(free, CHUNK_FIELD.freeSpaceOffset);
  b.writeUInt32LE(CHUNK_FLAGS, CHUNK_FIELD.flags);
  tables.writeInto(b);
}
