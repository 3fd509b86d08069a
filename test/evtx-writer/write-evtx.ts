// The writer's entry point: a description → the bytes of an .evtx file (libyal "Windows XML Event
// Log (EVTX)": a 4 KiB file header, then 64 KiB chunks), optionally with deliberate damage. Records
// fill chunks in order; a record that does not fit starts the next chunk with fresh tables.
import { ChunkBuilder } from './chunk-builder.js';
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE, writeChunkCrcs } from './chunk-layout.js';
import { applyCorruptions } from './corruptions.js';
import type { Corruption, EvtxLayout, RecordPlacement } from './corruptions.js';
import type { EvtxDescription } from './evtx-description.js';
import { fileHeader } from './file-header.js';

export interface WriteOptions {
  readonly corruptions?: readonly Corruption[];
}

export interface WrittenEvtx {
  readonly bytes: Buffer;
  readonly layout: EvtxLayout;
}

function fillChunks(description: EvtxDescription): { chunks: Buffer[]; records: RecordPlacement[]; nextId: bigint } {
  const capacity = description.chunkCapacity ?? Number.POSITIVE_INFINITY;
  if (capacity < 1) throw new RangeError('chunkCapacity must be at least 1');
  const chunks: Buffer[] = [];
  const records: RecordPlacement[] = [];
  let builder = new ChunkBuilder(capacity);
  let nextId = 1n;
  for (const [i, r] of description.records.entries()) {
    const recordId = r.eventRecordId === undefined ? nextId : BigInt(r.eventRecordId);
    let placed = builder.tryAdd(r, recordId);
    if (placed === undefined) {
      if (builder.recordCount === 0) throw new RangeError(`record ${i} does not fit in an empty chunk`);
      chunks.push(builder.finish());
      builder = new ChunkBuilder(capacity);
      placed = builder.tryAdd(r, recordId);
      if (placed === undefined) throw new RangeError(`record ${i} does not fit in an empty chunk`);
    }
    const chunkOffset = FILE_HEADER_BLOCK_SIZE + chunks.length * CHUNK_SIZE;
    records.push({ recordId, chunk: chunks.length, offset: chunkOffset + placed.chunkOffset, size: placed.size });
    nextId = recordId + 1n;
  }
  if (builder.recordCount > 0) chunks.push(builder.finish());
  return { chunks, records, nextId };
}

/** Builds the file and says where each chunk and record landed, for tests that damage or inspect it. */
export function buildEvtx(description: EvtxDescription, options: WriteOptions = {}): WrittenEvtx {
  const corruptions = options.corruptions ?? [];
  const { chunks, records, nextId } = fillChunks(description);
  const layout: EvtxLayout = {
    chunkOffsets: chunks.map((_, i) => FILE_HEADER_BLOCK_SIZE + i * CHUNK_SIZE),
    records,
  };
  let file: Buffer = Buffer.concat([Buffer.alloc(FILE_HEADER_BLOCK_SIZE), ...chunks]);
  file = applyCorruptions('record', corruptions, file, layout);
  for (const at of layout.chunkOffsets) writeChunkCrcs(file.subarray(at, at + CHUNK_SIZE));
  file = applyCorruptions('chunk', corruptions, file, layout);
  fileHeader(chunks.length, nextId).copy(file, 0);
  for (const stage of ['header', 'file', 'cut'] as const) file = applyCorruptions(stage, corruptions, file, layout);
  return { bytes: file, layout };
}

/** The bytes of an .evtx file holding the described records. */
export function writeEvtx(description: EvtxDescription, options: WriteOptions = {}): Buffer {
  return buildEvtx(description, options).bytes;
}
