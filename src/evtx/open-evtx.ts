/**
 * Opening an EVTX file: its header checks, then its 64 KiB blocks read in batches. Reads are
 * synchronous on purpose: each is one bounded read (≤ 1 MiB), and on the corpus of small files the
 * event-loop round trips of the promise API left the thread idle a fifth of the time.
 */
import { Buffer } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { DataIssue } from '../event/index.js';
import { CHUNK_SIZE } from './chunk-header.js';
import type { ChunkLocation } from './chunk.js';
import { fileHeaderIssues, FILE_HEADER_USED_BYTES, missingChunkIssues } from './file-header-issues.js';
import { FILE_HEADER_SIZE, readFileHeader, type FileHeader } from './file-header.js';

/** An opened EVTX file: its header (undefined when shorter than a header) and file-level issues. */
export interface EvtxFile {
  readonly path: string;
  readonly sizeBytes: number;
  readonly header: FileHeader | undefined;
  readonly issues: readonly DataIssue[];
  /** 64 KiB blocks after the header, counting a short last one. */
  readonly blockCount: number;
  /** The open file descriptor; the readers close it once every batch is read, workers' too. */
  readonly fd: number;
}

/** Opens a file and reads its header; throws (a system error) only when the file cannot be read. */
export function openEvtxSync(path: string): EvtxFile {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    let header: FileHeader | undefined;
    if (size >= FILE_HEADER_USED_BYTES) {
      const bytes = new Uint8Array(FILE_HEADER_USED_BYTES);
      readSync(fd, bytes, 0, FILE_HEADER_USED_BYTES, 0);
      header = readFileHeader(bytes);
    }
    const blockCount = size > FILE_HEADER_SIZE ? Math.ceil((size - FILE_HEADER_SIZE) / CHUNK_SIZE) : 0;
    const issues = [...fileHeaderIssues(path, header, size), ...missingChunkIssues(path, header, size, blockCount)];
    return { path, sizeBytes: size, header, issues, blockCount, fd };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Chunks read per file read: one round trip fetches this many, and memory stays bounded at
 * (this + in-flight) chunks whatever the file size. Per-chunk reads left the thread idle a quarter
 * of the time on the corpus (many small files).
 */
export const CHUNKS_PER_READ = 16;

/** Blocks read together: `count` blocks from block `first` on, back to back in `bytes`. */
export interface BlockBatch {
  readonly first: number;
  readonly count: number;
  /** A buffer of its own (its ArrayBuffer holds nothing else, so it can be read into again: `recycleBatch`). */
  readonly bytes: Uint8Array;
}

/** Where block `index` of the file at `path` sits: the chunk location issues and events name. */
export function blockLocation(path: string, index: number): ChunkLocation {
  return { file: path, index, fileOffset: FILE_HEADER_SIZE + index * CHUNK_SIZE };
}

/** The block `i` of a batch (the last one may be short). */
export function blockOf(batch: BlockBatch, i: number): Uint8Array {
  return batch.bytes.subarray(i * CHUNK_SIZE, Math.min((i + 1) * CHUNK_SIZE, batch.bytes.length));
}

/** Bytes of a full batch buffer. */
const BATCH_SIZE = CHUNKS_PER_READ * CHUNK_SIZE;

/**
 * Batch buffers nothing refers to any more, to read into again: a new buffer is fresh memory the
 * kernel faults in page by page (45,000 faults, a sixth of the CPU time, on the dense bench file).
 */
const spareBuffers: Buffer[] = [];
/** Spare buffers kept at most: one batch is read while the one before is parsed. */
const MAX_SPARE_BUFFERS = 2;

/**
 * Gives a batch's buffer back for reading into again. Only for batches whose outputs keep no view
 * of their bytes: text output and counts, or events nobody holds once the batch is consumed (the
 * hunt's detection copies what it keeps). An `EvtxEvent` kept past that would read the next
 * batch's bytes, since its values stay in the chunk bytes.
 */
export function recycleBatch(batch: BlockBatch): void {
  const buffer = batch.bytes.buffer;
  if (buffer.byteLength === BATCH_SIZE && spareBuffers.length < MAX_SPARE_BUFFERS)
    spareBuffers.push(Buffer.from(buffer as ArrayBuffer));
}

/** Where a batch lies: `count` blocks from block `first` on (read with `readBatch`). */
export interface BatchRange {
  readonly first: number;
  readonly count: number;
}

/** The batches of the file's blocks `first` up to `end` (default: all), in order, unread. */
export function* batchRanges(blockCount: number, first = 0, end = blockCount): Generator<BatchRange> {
  const last = Math.min(end, blockCount);
  for (let at = first; at < last; at += CHUNKS_PER_READ)
    yield { first: at, count: Math.min(CHUNKS_PER_READ, last - at) };
}

/**
 * Reads a batch into a buffer of its own (new or recycled): events and outputs may keep views of
 * it. Not zero-filled, since every byte kept is read into; a file cut short since it was opened
 * gives the blocks still there.
 */
export function readBatch(fd: number, range: BatchRange): BlockBatch {
  const { first, count } = range;
  const buffer =
    spareBuffers.pop() ?? Buffer.allocUnsafeSlow(count === CHUNKS_PER_READ ? BATCH_SIZE : count * CHUNK_SIZE);
  const bytesRead = readSync(fd, buffer, 0, count * CHUNK_SIZE, FILE_HEADER_SIZE + first * CHUNK_SIZE);
  return { first, count: Math.ceil(bytesRead / CHUNK_SIZE), bytes: buffer.subarray(0, bytesRead) };
}

/** Reads the file's blocks `first` up to `end` (default: all) in order, a batch at a time (`readBatch`). */
export function* batchesOf(file: EvtxFile, first = 0, end = file.blockCount): Generator<BlockBatch> {
  for (const range of batchRanges(file.blockCount, first, end)) yield readBatch(file.fd, range);
}

/** Opens a file and reads its header (see `openEvtxSync`). */
export async function openEvtx(path: string): Promise<EvtxFile> {
  return Promise.resolve().then(() => openEvtxSync(path));
}

/** Closes an opened file. */
export function closeEvtx(file: EvtxFile): void {
  closeSync(file.fd);
}
