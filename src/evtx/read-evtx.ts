/**
 * Streams an EVTX file chunk by chunk with bounded memory: the file header is read, then every
 * 64 KiB block after it — past the header's chunk count too, since dirty files hold more — is parsed
 * on the calling thread or on worker threads. Outputs come back in file order, so results never
 * depend on the thread count; at most 2 × threads chunks are in flight.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { DataIssue } from '../event/index.js';
import { CHUNK_SIZE } from './chunk-header.js';
import { ChunkPool } from './chunk-pool.js';
import { FILE_HEADER_SIZE, readFileHeader, type FileHeader } from './file-header.js';
import { processChunk, type ChunkOptions, type ChunkOutput } from './process-chunk.js';

export interface ReadEvtxOptions extends ChunkOptions {
  /** Worker threads; 1 parses on the calling thread. Default: every core. Ignored with `pool`. */
  readonly threads?: number;
  /** A worker pool shared by several reads (the caller closes it). */
  readonly pool?: ChunkPool;
}

/** Chunks in flight per worker thread: enough to keep each busy while the reader waits for the head. */
const IN_FLIGHT_PER_THREAD = 2;

/** An opened EVTX file: its header (undefined when shorter than a header) and file-level issues. */
export interface EvtxFile {
  readonly path: string;
  readonly sizeBytes: number;
  readonly header: FileHeader | undefined;
  readonly issues: readonly DataIssue[];
  /** 64 KiB blocks after the header, counting a short last one. */
  readonly blockCount: number;
  /** The open file descriptor; `readEvtxChunks` closes it. */
  readonly fd: number;
}

/** Opens a file and reads its header; throws (a system error) only when the file cannot be read. */
export async function openEvtx(path: string): Promise<EvtxFile> {
  // Synchronous calls on purpose: each is one bounded read (≤ 1 MiB), and on the corpus of small
  // files the event-loop round trips of the promise API left the thread idle a fifth of the time.
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    const issues: DataIssue[] = [];
    let header: FileHeader | undefined;
    if (size < 128) {
      issues.push({
        code: 'BAD_FILE_HEADER',
        message: `only ${size} bytes, no room for a file header`,
        file: path,
        offset: 0,
        skipped: 'file',
      });
    } else {
      const bytes = new Uint8Array(128);
      readSync(fd, bytes, 0, 128, 0);
      header = readFileHeader(bytes);
      if (!header.hasSignature) {
        issues.push({
          code: 'BAD_FILE_HEADER',
          message: 'no "ElfFile" signature; trying the chunks anyway',
          file: path,
          offset: 0,
          skipped: 'none',
        });
      } else if (!header.isChecksumValid) {
        issues.push({
          code: 'BAD_FILE_HEADER_CRC',
          message: 'file header CRC-32 does not match',
          file: path,
          offset: 124,
          skipped: 'none',
        });
      }
    }
    const blockCount = size > FILE_HEADER_SIZE ? Math.ceil((size - FILE_HEADER_SIZE) / CHUNK_SIZE) : 0;
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
const CHUNKS_PER_READ = 16;

/** Reads blocks `[first, first + count)` with one read; returns their bytes as views of one buffer. */
function readBlocks(file: EvtxFile, first: number, count: number): Uint8Array[] {
  const buffer = new Uint8Array(count * CHUNK_SIZE);
  const bytesRead = readSync(file.fd, buffer, 0, buffer.length, FILE_HEADER_SIZE + first * CHUNK_SIZE);
  const blocks: Uint8Array[] = [];
  for (let at = 0; at < bytesRead; at += CHUNK_SIZE)
    blocks.push(buffer.subarray(at, Math.min(at + CHUNK_SIZE, bytesRead)));
  return blocks;
}

/** Reads the file's blocks in order, a batch at a time. */
function* blocksOf(file: EvtxFile): Generator<[number, Uint8Array]> {
  for (let first = 0; first < file.blockCount; first += CHUNKS_PER_READ) {
    const blocks = readBlocks(file, first, Math.min(CHUNKS_PER_READ, file.blockCount - first));
    for (let i = 0; i < blocks.length; i++) yield [first + i, blocks[i]!];
  }
}

/**
 * Parses every chunk of an opened file, in file order; closes the file when done. With
 * `options.pool` the chunks go to that pool (callers reading many files share one); otherwise a
 * pool of `threads` workers lives for this file.
 */
export async function* readEvtxChunks(file: EvtxFile, options: ReadEvtxOptions): AsyncGenerator<ChunkOutput> {
  const threads = options.pool?.size ?? Math.max(1, options.threads ?? availableParallelism());
  const chunkOptions: ChunkOptions =
    options.compiled === undefined
      ? { output: options.output }
      : { output: options.output, compiled: options.compiled };
  const ownPool = options.pool === undefined && threads > 1 ? new ChunkPool(threads) : undefined;
  const pool = options.pool ?? ownPool;
  try {
    const location = (index: number) => ({ file: file.path, index, fileOffset: FILE_HEADER_SIZE + index * CHUNK_SIZE });
    if (pool === undefined) {
      for (const [index, block] of blocksOf(file)) yield processChunk(block, location(index), chunkOptions);
      return;
    }
    const inFlight: Promise<ChunkOutput>[] = [];
    for (const [index, block] of blocksOf(file)) {
      // A copy of its own per chunk, transferred (not cloned) to the worker.
      const output = pool.submit(block.slice().buffer, block.length, location(index), chunkOptions);
      output.catch(() => undefined); // awaited below in order; this only keeps a later failure from going unhandled
      inFlight.push(output);
      if (inFlight.length >= threads * IN_FLIGHT_PER_THREAD) yield await inFlight.shift()!;
    }
    while (inFlight.length > 0) yield await inFlight.shift()!;
  } finally {
    await ownPool?.close();
    closeSync(file.fd);
  }
}
