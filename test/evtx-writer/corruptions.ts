// Deliberate damage for parser tests: each kind breaks one property of an otherwise valid file, so
// a test can pin how a reader reacts to exactly that. Damage to a record is made before the chunk
// CRCs are computed (the CRCs stay right); damage to CRCs, signatures and the file header after.
import { CHUNK_FIELD, CHUNK_SIZE, FILE_FIELD, FILE_FLAG_DIRTY, chunkHeaderCrc, fileHeaderCrc } from './chunk-layout.js';
import { RECORD_HEADER_SIZE } from './record-encoder.js';

export type Corruption =
  | { readonly kind: 'bad-file-header-crc' }
  | { readonly kind: 'bad-chunk-header-crc'; readonly chunk: number }
  | { readonly kind: 'bad-event-records-crc'; readonly chunk: number }
  | { readonly kind: 'bad-chunk-magic'; readonly chunk: number }
  /** Cuts the file to its first `length` bytes. */
  | { readonly kind: 'truncate'; readonly length: number }
  /** The record's size field disagrees with its trailing copy; default: 8 bytes more. */
  | { readonly kind: 'bad-record-size'; readonly record: number; readonly size?: number }
  | { readonly kind: 'bad-record-magic'; readonly record: number }
  /** The size field is 0 and the rest intact, as in the corpus's sample-with-zero-data-size-event. */
  | { readonly kind: 'zero-size-record'; readonly record: number }
  /** The header counts fewer chunks than the file holds and is marked dirty, as after a crash. */
  | { readonly kind: 'dirty-chunk-count'; readonly chunkCount: number }
  /**
   * Overwrites `length` bytes (default 16) of the record's BinXML from `at` (bytes after the
   * record header; default 4, the template instance token) with seeded noise whose first byte is
   * never a valid token.
   */
  | {
      readonly kind: 'garbage-tokens';
      readonly record: number;
      readonly at?: number;
      readonly length?: number;
      readonly seed?: number;
    };

/** Where a description's record landed in the file. */
export interface RecordPlacement {
  readonly recordId: bigint;
  readonly chunk: number;
  readonly offset: number; // bytes from the start of the file
  readonly size: number;
}

export interface EvtxLayout {
  readonly chunkOffsets: readonly number[];
  readonly records: readonly RecordPlacement[];
}

export type CorruptionStage = 'record' | 'chunk' | 'header' | 'file' | 'cut';

type Apply<K extends Corruption['kind']> = (
  c: Extract<Corruption, { kind: K }>,
  file: Buffer,
  layout: EvtxLayout,
) => Buffer;

const BAD_RECORD_SIGNATURE = 0x00002b2b; // `++\0\0`: near the real one, so only the check catches it
const DEFAULT_GARBAGE_AT = 4;
const DEFAULT_GARBAGE_LENGTH = 16;
const FIRST_INVALID_TOKEN = 0x10; // tokens end at 0x0f; 0x10–0x1f are never valid

function recordAt(layout: EvtxLayout, index: number): RecordPlacement {
  const placed = layout.records[index];
  if (placed === undefined) throw new RangeError(`no record ${index} in this file`);
  return placed;
}

function chunkAt(layout: EvtxLayout, index: number): number {
  const offset = layout.chunkOffsets[index];
  if (offset === undefined) throw new RangeError(`no chunk ${index} in this file`);
  return offset;
}

function flipWord(file: Buffer, at: number): Buffer {
  file.writeUInt32LE(~file.readUInt32LE(at) >>> 0, at);
  return file;
}

/** A small deterministic generator (mulberry32), so a seed always gives the same damage. */
function noise(seed: number, length: number): Buffer {
  let state = seed >>> 0;
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

const CORRUPTIONS: { [K in Corruption['kind']]: { readonly stage: CorruptionStage; readonly apply: Apply<K> } } = {
  'bad-record-size': {
    stage: 'record',
    apply: (c, file, layout) => {
      const r = recordAt(layout, c.record);
      file.writeUInt32LE(c.size ?? r.size + 8, r.offset + 4);
      return file;
    },
  },
  'bad-record-magic': {
    stage: 'record',
    apply: (c, file, layout) => {
      file.writeUInt32LE(BAD_RECORD_SIGNATURE, recordAt(layout, c.record).offset);
      return file;
    },
  },
  'zero-size-record': {
    stage: 'record',
    apply: (c, file, layout) => {
      file.writeUInt32LE(0, recordAt(layout, c.record).offset + 4);
      return file;
    },
  },
  'garbage-tokens': {
    stage: 'record',
    apply: (c, file, layout) => {
      const r = recordAt(layout, c.record);
      const start = r.offset + RECORD_HEADER_SIZE + (c.at ?? DEFAULT_GARBAGE_AT);
      const end = Math.min(start + (c.length ?? DEFAULT_GARBAGE_LENGTH), r.offset + r.size - 4);
      const bytes = noise(c.seed ?? c.record + 1, Math.max(0, end - start));
      if (bytes.length > 0) bytes[0] = FIRST_INVALID_TOKEN | ((bytes[0] ?? 0) & 0x0f);
      bytes.copy(file, start);
      return file;
    },
  },
  'bad-chunk-header-crc': {
    stage: 'chunk',
    apply: (c, file, layout) => flipWord(file, chunkAt(layout, c.chunk) + CHUNK_FIELD.headerCrc),
  },
  'bad-event-records-crc': {
    stage: 'chunk',
    apply: (c, file, layout) => {
      // The header CRC covers the stored records CRC, so it is recomputed to stay right.
      const at = chunkAt(layout, c.chunk);
      flipWord(file, at + CHUNK_FIELD.recordsCrc);
      const chunk = file.subarray(at, at + CHUNK_SIZE);
      chunk.writeUInt32LE(chunkHeaderCrc(chunk), CHUNK_FIELD.headerCrc);
      return file;
    },
  },
  'bad-chunk-magic': {
    stage: 'chunk',
    apply: (c, file, layout) => {
      file.write('ElfChnX', chunkAt(layout, c.chunk), 'latin1');
      return file;
    },
  },
  'dirty-chunk-count': {
    stage: 'header',
    apply: (c, file, layout) => {
      if (c.chunkCount >= layout.chunkOffsets.length)
        throw new RangeError('a dirty count is lower than the chunks present');
      file.writeUInt16LE(c.chunkCount, FILE_FIELD.chunkCount);
      file.writeBigUInt64LE(BigInt(Math.max(0, c.chunkCount - 1)), FILE_FIELD.lastChunk);
      file.writeUInt32LE(file.readUInt32LE(FILE_FIELD.flags) | FILE_FLAG_DIRTY, FILE_FIELD.flags);
      file.writeUInt32LE(fileHeaderCrc(file), FILE_FIELD.crc);
      return file;
    },
  },
  'bad-file-header-crc': {
    stage: 'file',
    apply: (_c, file) => flipWord(file, FILE_FIELD.crc),
  },
  truncate: {
    stage: 'cut',
    apply: (c, file) => Buffer.from(file.subarray(0, c.length)),
  },
};

/** Applies, in the given order, the corruptions that belong to `stage`. */
export function applyCorruptions(
  stage: CorruptionStage,
  corruptions: readonly Corruption[],
  file: Buffer,
  layout: EvtxLayout,
): Buffer {
  let out = file;
  for (const c of corruptions) {
    const entry = CORRUPTIONS[c.kind];
    if (entry.stage !== stage) continue;
    // The table is keyed by kind, so this entry's apply takes exactly this corruption.
    out = (entry.apply as (c: Corruption, file: Buffer, layout: EvtxLayout) => Buffer)(c, out, layout);
  }
  return out;
}
