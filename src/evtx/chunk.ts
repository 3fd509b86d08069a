/**
 * One 64 KiB chunk: its header checks and the walk over its records. The walk recovers per record:
 * a bad record header is reported and the walk resynchronises on the next record signature, so one
 * broken record never costs the rest of the chunk. Issues carry file, chunk, record id and offset.
 */
import { Buffer } from 'node:buffer';
import type { DataIssue, IssueSink } from '../event/index.js';
import { BinXmlReader } from './binxml/binxml-reader.js';
import { resolveInstanceAt } from './binxml/resolve-template.js';
import { CHUNK_HEADER_SIZE, isZeroChunk, readChunkHeader, type ChunkHeader } from './chunk-header.js';
import type { EvtxIssueCode } from './evtx-format-error.js';
import { MIN_RECORD_SIZE, RECORD_HEADER_SIZE, RECORD_SIGNATURE, type EvtxRecord } from './record.js';

/** Where a chunk sits, for issue locations and provenance. */
export interface ChunkLocation {
  readonly file: string;
  /** 0-based chunk index in the file. */
  readonly index: number;
  /** Bytes from the start of the file to the chunk. */
  readonly fileOffset: number;
}

/** One chunk's bytes, header checks and record walk; its reader holds the chunk's name and template caches. */
export class EvtxChunk {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly location: ChunkLocation;
  /** Undefined when fewer than 512 bytes are there. */
  readonly header: ChunkHeader | undefined;
  readonly isEmpty: boolean;
  readonly reader: BinXmlReader;

  constructor(bytes: Uint8Array, location: ChunkLocation) {
    // A Buffer view (no copy): its native UTF-16 decoding is the fast path of `utf16.ts`.
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.location = location;
    this.isEmpty = isZeroChunk(bytes);
    this.header = bytes.length >= CHUNK_HEADER_SIZE && !this.isEmpty ? readChunkHeader(bytes, this.view) : undefined;
    this.reader = new BinXmlReader(this.bytes, this.view, resolveInstanceAt);
  }

  /** A data issue located in this chunk. */
  issue(
    code: EvtxIssueCode,
    message: string,
    chunkOffset: number,
    skipped: NonNullable<DataIssue['skipped']>,
    recordId?: number,
  ): DataIssue {
    const { file, index, fileOffset } = this.location;
    const base = { code, message, file, offset: fileOffset + chunkOffset, chunk: index, skipped };
    return recordId === undefined ? base : { ...base, recordId };
  }

  /**
   * Checks the header and walks the records. Returns undefined when the chunk cannot be read at all
   * (reported), or the records found, in order.
   */
  records(sink: IssueSink): EvtxRecord[] | undefined {
    const header = this.header;
    if (this.isEmpty) return [];
    if (header === undefined) {
      sink.report(
        this.issue('TRUNCATED_CHUNK', `only ${this.bytes.length} bytes, no room for a chunk header`, 0, 'chunk'),
      );
      return undefined;
    }
    if (!header.hasMagic) {
      sink.report(this.issue('BAD_CHUNK_MAGIC', 'no "ElfChnk" signature', 0, 'chunk'));
      return undefined;
    }
    if (this.bytes.length < 65536) {
      sink.report(
        this.issue('TRUNCATED_CHUNK', `chunk cut short at ${this.bytes.length} bytes`, this.bytes.length, 'none'),
      );
    }
    if (!header.isHeaderChecksumValid) {
      sink.report(
        this.issue('BAD_CHUNK_HEADER_CRC', 'chunk header CRC-32 does not match; reading it anyway', 124, 'none'),
      );
    }
    let limit = header.freeSpaceOffset;
    if (limit < CHUNK_HEADER_SIZE || limit > this.bytes.length) {
      sink.report(
        this.issue('BAD_CHUNK_FREE_SPACE', `free space offset 0x${limit.toString(16)} is out of range`, 48, 'none'),
      );
      limit = this.bytes.length;
    } else if (!header.isDataChecksumValid) {
      sink.report(
        this.issue('BAD_CHUNK_DATA_CRC', 'record data CRC-32 does not match; reading records anyway', 52, 'none'),
      );
    }
    // The header's own last record ends past the free space offset: one of the two is wrong, and
    // stopping at the free space offset would drop the records up to it without a word. libevtx
    // reads up to the last record, so the walk does too. (Past the free space offset alone lie
    // stale records of the chunk's earlier use, in a third of the corpus chunks: never read.)
    const last = header.lastRecordOffset;
    if (last >= CHUNK_HEADER_SIZE && this.isRecordAt(last, this.bytes.length)) {
      const end = last + this.view.getUint32(last + 4, true);
      if (end > limit) {
        sink.report(
          this.issue(
            'BAD_CHUNK_FREE_SPACE',
            `free space offset 0x${limit.toString(16)} is before the end of the last record at 0x${last.toString(16)}; reading records up to 0x${end.toString(16)}`,
            48,
            'none',
          ),
        );
        limit = end;
      }
    }
    return this.walk(limit, sink);
  }

  private isRecordAt(at: number, limit: number): boolean {
    if (at + MIN_RECORD_SIZE > limit || this.view.getUint32(at, true) !== RECORD_SIGNATURE) return false;
    const size = this.view.getUint32(at + 4, true);
    return size >= MIN_RECORD_SIZE && at + size <= limit && this.view.getUint32(at + size - 4, true) === size;
  }

  private walk(limit: number, sink: IssueSink): EvtxRecord[] {
    const records: EvtxRecord[] = [];
    const view = this.view;
    let at = CHUNK_HEADER_SIZE;
    while (at + MIN_RECORD_SIZE <= limit) {
      if (this.isRecordAt(at, limit)) {
        const size = view.getUint32(at + 4, true);
        records.push({
          offset: at,
          size,
          id: Number(view.getBigUint64(at + 8, true)),
          writtenFiletimeLow: view.getUint32(at + 16, true),
          writtenFiletimeHigh: view.getUint32(at + 20, true),
          dataStart: at + RECORD_HEADER_SIZE,
          dataEnd: at + size - 4,
        });
        at += size;
        continue;
      }
      if (isZeroFrom(this.bytes, at, limit)) break;
      const next = this.resync(at + 1, limit);
      const lost = next - at;
      sink.report(
        this.issue(
          'BAD_RECORD_HEADER',
          `no valid record here; skipped ${lost} bytes to the next record signature`,
          at,
          'record',
        ),
      );
      at = next;
    }
    return records;
  }

  /** The next offset where a plausible record starts, or `limit`. */
  private resync(from: number, limit: number): number {
    for (let at = from; at + MIN_RECORD_SIZE <= limit; at++) {
      if (this.bytes[at] === 0x2a && this.bytes[at + 1] === 0x2a && this.isRecordAt(at, limit)) return at;
    }
    return limit;
  }
}

function isZeroFrom(bytes: Uint8Array, from: number, limit: number): boolean {
  for (let i = from; i < limit; i++) if (bytes[i] !== 0) return false;
  return true;
}
