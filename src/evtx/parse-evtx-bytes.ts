/**
 * Whole-buffer parsing for callers that already hold the bytes (tests, small files, fuzzing):
 * the same chunk pipeline as the streaming reader, on the calling thread.
 */
import type { DataIssue } from '../event/index.js';
import { CHUNK_SIZE } from './chunk-header.js';
import { FILE_HEADER_SIZE } from './file-header.js';
import { processChunk, type ChunkOptions, type ChunkOutput } from './process-chunk.js';

/** Parses every 64 KiB block after the file header of `bytes`; file-level header checks are `openEvtx`'s. */
export function parseEvtxBytes(bytes: Uint8Array, file: string, options: ChunkOptions): ChunkOutput[] {
  const outputs: ChunkOutput[] = [];
  for (let index = 0, at = FILE_HEADER_SIZE; at < bytes.length; index++, at += CHUNK_SIZE) {
    const block = bytes.subarray(at, Math.min(at + CHUNK_SIZE, bytes.length));
    outputs.push(processChunk(block, { file, index, fileOffset: at }, options));
  }
  return outputs;
}

/** All issues of parsed chunks, in file order. */
export function issuesOf(outputs: readonly ChunkOutput[]): DataIssue[] {
  return outputs.flatMap((output) => output.issues);
}
