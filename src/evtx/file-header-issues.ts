/**
 * The data issues an EVTX file header raises, the same whether the file is read from disk or from a
 * stream (a gzip or zip member): too short for a header, no signature, or a header CRC mismatch;
 * and, once the file's length is known, fewer chunks than the header counts.
 */
import type { DataIssue } from '../event/index.js';
import type { FileHeader } from './file-header.js';

/** Bytes of the file header that carry facts (signature … CRC-32); shorter files have no header. */
export const FILE_HEADER_USED_BYTES = 128;

/** What is wrong with a file's header; `header` is undefined when the file has only `size` bytes. */
export function fileHeaderIssues(file: string, header: FileHeader | undefined, size: number): DataIssue[] {
  if (header === undefined) {
    return [
      {
        code: 'BAD_FILE_HEADER',
        message: `only ${size} bytes, no room for a file header`,
        file,
        offset: 0,
        skipped: 'file',
      },
    ];
  }
  if (!header.hasSignature) {
    return [
      {
        code: 'BAD_FILE_HEADER',
        message: 'no "ElfFile" signature; trying the chunks anyway',
        file,
        offset: 0,
        skipped: 'none',
      },
    ];
  }
  if (!header.isChecksumValid) {
    return [
      { code: 'BAD_FILE_HEADER_CRC', message: 'file header CRC-32 does not match', file, offset: 124, skipped: 'none' },
    ];
  }
  return [];
}

/**
 * A file that ends before the chunks its (intact) header counts: cut at a chunk boundary, nothing
 * else would say so. `blockCount` counts a short last block, which is `TRUNCATED_CHUNK` when read.
 * Dirty files may hold more chunks than counted, never fewer (none in the corpus does).
 */
export function missingChunkIssues(
  file: string,
  header: FileHeader | undefined,
  size: number,
  blockCount: number,
): DataIssue[] {
  if (header === undefined || !header.hasSignature || !header.isChecksumValid || header.chunkCount <= blockCount)
    return [];
  return [
    {
      code: 'MISSING_CHUNKS',
      message: `the header counts ${header.chunkCount} chunk(s); the file holds ${blockCount}`,
      file,
      offset: size,
      skipped: 'chunk',
    },
  ];
}
