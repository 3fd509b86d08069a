/**
 * Streams an EVTX file chunk by chunk with bounded memory: the file header is read, then every
 * 64 KiB block after it — past the header's chunk count too, since dirty files hold more — is parsed
 * on the calling thread or on worker threads. Outputs come back in file order, so results never
 * depend on the thread count; at most 2 × threads chunks are in flight.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { DataIssue } from '../event/index.js';
import { CHUNK_SIZE } from './chunk-header.js';
import { ChunkPool } from './chunk-pool.js';
import { FILE_HEADER_SIZE, readFileHeader, type FileHeader } from './file-header.js';
import { processChunk, type ChunkOptions, type ChunkOutput } from './process-chunk.js';

export interface ReadEvtxOptions extends ChunkOptions {
  /** Worker threads; 1 parses on the calling thread. Default: every core. */
  readonly threads?: number;
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
  readonly handle: FileHandle;
}

/** Opens a file and reads its header; throws (a system error) only when the file cannot be read. */
export async function openEvtx(path: string): Promise<EvtxFile> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
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
      await handle.read(bytes, 0, 128, 0);
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
    return { path, sizeBytes: size, header, issues, blockCount, handle };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function readBlock(file: EvtxFile, index: number): Promise<[ArrayBuffer, number]> {
  const buffer = new ArrayBuffer(CHUNK_SIZE);
  const { bytesRead } = await file.handle.read(
    new Uint8Array(buffer),
    0,
    CHUNK_SIZE,
    FILE_HEADER_SIZE + index * CHUNK_SIZE,
  );
  return [buffer, bytesRead];
}

/** Parses every chunk of an opened file, in file order; closes the file when done. */
export async function* readEvtxChunks(file: EvtxFile, options: ReadEvtxOptions): AsyncGenerator<ChunkOutput> {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const chunkOptions: ChunkOptions =
    options.compiled === undefined
      ? { output: options.output }
      : { output: options.output, compiled: options.compiled };
  const pool = threads > 1 ? new ChunkPool(threads) : undefined;
  try {
    if (pool === undefined) {
      for (let index = 0; index < file.blockCount; index++) {
        const [buffer, length] = await readBlock(file, index);
        const location = { file: file.path, index, fileOffset: FILE_HEADER_SIZE + index * CHUNK_SIZE };
        yield processChunk(new Uint8Array(buffer, 0, length), location, chunkOptions);
      }
      return;
    }
    const inFlight: Promise<ChunkOutput>[] = [];
    let next = 0;
    while (next < file.blockCount || inFlight.length > 0) {
      while (next < file.blockCount && inFlight.length < threads * IN_FLIGHT_PER_THREAD) {
        const [buffer, length] = await readBlock(file, next);
        const location = { file: file.path, index: next, fileOffset: FILE_HEADER_SIZE + next * CHUNK_SIZE };
        const output = pool.submit(buffer, length, location, chunkOptions);
        output.catch(() => undefined); // awaited below in order; this only keeps a later failure from going unhandled
        inFlight.push(output);
        next++;
      }
      yield await inFlight.shift()!;
    }
  } finally {
    await pool?.close();
    await file.handle.close();
  }
}
