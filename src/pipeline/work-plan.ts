/**
 * Cuts the inputs into work items for the worker threads: a text file is one item (read as a
 * stream), an EVTX file is one item per run of chunks, so a single large file keeps every core busy.
 * Items are numbered in input order; results are emitted in that order, whatever thread finishes first.
 */
import { CHUNK_SIZE, FILE_HEADER_SIZE } from '../evtx/index.js';
import type { LogFormat } from '../readers/index.js';

export interface InputFile {
  readonly path: string;
  readonly format: LogFormat;
  readonly sizeBytes: number;
}

export interface WorkItem {
  readonly index: number;
  readonly path: string;
  readonly format: LogFormat;
  /** EVTX only: the 64 KiB blocks after the file header this item reads, `[first, first + count)`. */
  readonly blocks?: { readonly first: number; readonly count: number };
  /** Whether this item also accounts for the file itself (file count, file-level issues). */
  readonly isFirstOfFile: boolean;
}

/**
 * 256 chunks (16 MiB) per EVTX item: big enough that scheduling costs nothing next to parsing,
 * small enough that a 1 GiB log spreads over 64 items.
 */
export const CHUNKS_PER_ITEM = 256;

export function planWork(files: readonly InputFile[]): WorkItem[] {
  const items: WorkItem[] = [];
  for (const file of files) {
    if (file.format !== 'evtx') {
      items.push({ index: items.length, path: file.path, format: file.format, isFirstOfFile: true });
      continue;
    }
    const blockCount = Math.max(0, Math.ceil((file.sizeBytes - FILE_HEADER_SIZE) / CHUNK_SIZE));
    if (blockCount === 0) {
      items.push({
        index: items.length,
        path: file.path,
        format: file.format,
        blocks: { first: 0, count: 0 },
        isFirstOfFile: true,
      });
      continue;
    }
    for (let first = 0; first < blockCount; first += CHUNKS_PER_ITEM) {
      items.push({
        index: items.length,
        path: file.path,
        format: file.format,
        blocks: { first, count: Math.min(CHUNKS_PER_ITEM, blockCount - first) },
        isFirstOfFile: first === 0,
      });
    }
  }
  return items;
}
