// Assembles a large, dense EVTX file for benchmarks from the corpus's real records. Every 64 KiB
// chunk of every corpus .evtx that looks sane is copied whole — a chunk carries its own string and
// template tables, so its records stay valid — with record identifiers renumbered to increase
// through the output, and its CRCs recomputed. The set repeats until the target size is reached.
// Same corpus, same size → same bytes. Chunk layout: libyal "Windows XML Event Log (EVTX)".
//
//   npx tsc -p tsconfig.bench.json && node dist-bench/bench/evtx/make-dense.js [SIZE] [--out FILE] [--corpus DIR]
//
// SIZE is bytes or a number with K, M or G (binary units); default 200M. Default output, from the
// repository root: bench/out/dense-SIZE.evtx (git-ignored).
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LOG_CORPUS } from '../../test/conformance/corpus-paths.js';
import {
  CHUNK_FIELD,
  CHUNK_HEADER_SIZE,
  CHUNK_SIGNATURE,
  CHUNK_SIZE,
  FILE_HEADER_BLOCK_SIZE,
  chunkHeaderCrc,
  chunkRecordsCrc,
  writeChunkCrcs,
} from '../../test/evtx-writer/chunk-layout.js';
import { fileHeader } from '../../test/evtx-writer/file-header.js';
import { PlainBinxml } from '../../test/evtx-writer/plain-binxml.js';
import { RECORD_SIGNATURE } from '../../test/evtx-writer/record-encoder.js';

export interface DenseOptions {
  readonly corpusDir: string;
  readonly targetBytes: number;
  readonly outFile: string;
}

export interface DenseResult {
  readonly outFile: string;
  readonly sizeBytes: number;
  readonly chunks: number;
  readonly records: number;
  /** Distinct corpus chunks used, and those left out as corrupt or outside the plain BinXML subset. */
  readonly sourceChunks: number;
  readonly skippedChunks: number;
}

const RECORD_MIN_SIZE = 28; // header and size copy, no BinXML

/** The corpus's .evtx files in a fixed order (code-unit order of their relative paths). */
export function findEvtxFiles(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      const path = join(d, name);
      if (statSync(path).isDirectory()) return walk(path);
      return name.endsWith('.evtx') ? [path] : [];
    });
  return walk(dir).sort((a, b) => (relative(dir, a) < relative(dir, b) ? -1 : 1));
}

/**
 * EventRecordID value offsets of a chunk's records, or undefined unless the chunk is sane: header,
 * CRCs, a clean record walk with consecutive identifiers, and every record in the plain BinXML
 * subset with its EventRecordID as a UInt64 value (exported logs number records anew in their
 * headers only, so that value is found through the template, not by comparing it with the header).
 */
function recordIdValues(c: Buffer): number[] | undefined {
  if (c.toString('latin1', 0, 8) !== CHUNK_SIGNATURE) return undefined;
  const free = c.readUInt32LE(CHUNK_FIELD.freeSpaceOffset);
  if (free <= CHUNK_HEADER_SIZE || free > CHUNK_SIZE) return undefined;
  if (chunkRecordsCrc(c) !== c.readUInt32LE(CHUNK_FIELD.recordsCrc)) return undefined;
  if (chunkHeaderCrc(c) !== c.readUInt32LE(CHUNK_FIELD.headerCrc)) return undefined;
  const plain = new PlainBinxml(c);
  const values: number[] = [];
  let at = CHUNK_HEADER_SIZE;
  let id = c.readBigUInt64LE(CHUNK_FIELD.firstRecordId);
  while (at < free) {
    const size = at + 8 <= free ? c.readUInt32LE(at + 4) : 0;
    if (c.readUInt32LE(at) !== RECORD_SIGNATURE || size < RECORD_MIN_SIZE || at + size > free) return undefined;
    if (c.readUInt32LE(at + size - 4) !== size || c.readBigUInt64LE(at + 8) !== id) return undefined;
    const value = plain.recordIdValue(at, size);
    if (value === undefined) return undefined;
    values.push(value);
    at += size;
    id += 1n;
  }
  return at === free && id - 1n === c.readBigUInt64LE(CHUNK_FIELD.lastRecordId) ? values : undefined;
}

/** Gives a sane chunk's records identifiers from `firstId` on; returns the next free identifier. */
function renumber(c: Buffer, firstId: bigint): bigint {
  const values = recordIdValues(c);
  if (values === undefined) throw new Error('renumber needs a sane chunk');
  let id = firstId;
  let at = CHUNK_HEADER_SIZE;
  for (const value of values) {
    c.writeBigUInt64LE(id, value);
    c.writeBigUInt64LE(id, at + 8);
    at += c.readUInt32LE(at + 4);
    id++;
  }
  for (const field of [CHUNK_FIELD.firstRecordNumber, CHUNK_FIELD.firstRecordId]) c.writeBigUInt64LE(firstId, field);
  for (const field of [CHUNK_FIELD.lastRecordNumber, CHUNK_FIELD.lastRecordId]) c.writeBigUInt64LE(id - 1n, field);
  writeChunkCrcs(c);
  return id;
}

/** Every sane chunk of the corpus, in file order, and how many non-empty chunks were left out. */
export function collectChunks(corpusDir: string): { chunks: Buffer[]; skipped: number } {
  const chunks: Buffer[] = [];
  let skipped = 0;
  for (const file of findEvtxFiles(corpusDir)) {
    const bytes = readFileSync(file);
    for (let at = FILE_HEADER_BLOCK_SIZE; at + CHUNK_SIZE <= bytes.length; at += CHUNK_SIZE) {
      const chunk = bytes.subarray(at, at + CHUNK_SIZE);
      if (chunk.every((b) => b === 0)) continue; // preallocated, never written
      if (recordIdValues(chunk) !== undefined) chunks.push(Buffer.from(chunk));
      else skipped++;
    }
  }
  return { chunks, skipped };
}

/** Writes the dense file: at least `targetBytes`, whole chunks, a clean header with the chunk count. */
export function makeDense(options: DenseOptions): DenseResult {
  const { chunks, skipped } = collectChunks(options.corpusDir);
  if (chunks.length === 0) throw new Error(`no usable chunk under ${options.corpusDir}`);
  const chunkCount = Math.max(1, Math.ceil((options.targetBytes - FILE_HEADER_BLOCK_SIZE) / CHUNK_SIZE));
  mkdirSync(dirname(options.outFile), { recursive: true });
  const fd = openSync(options.outFile, 'w');
  let nextId = 1n;
  try {
    writeSync(fd, Buffer.alloc(FILE_HEADER_BLOCK_SIZE));
    const chunk = Buffer.alloc(CHUNK_SIZE);
    for (let i = 0; i < chunkCount; i++) {
      (chunks[i % chunks.length] as Buffer).copy(chunk);
      nextId = renumber(chunk, nextId);
      writeSync(fd, chunk);
    }
    writeSync(fd, fileHeader(chunkCount, nextId), 0, FILE_HEADER_BLOCK_SIZE, 0);
  } finally {
    closeSync(fd);
  }
  return {
    outFile: options.outFile,
    sizeBytes: FILE_HEADER_BLOCK_SIZE + chunkCount * CHUNK_SIZE,
    chunks: chunkCount,
    records: Number(nextId - 1n),
    sourceChunks: chunks.length,
    skippedChunks: skipped,
  };
}

const UNITS: Readonly<Record<string, number>> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** `200M`, `2MiB`, `1g`, `65536` → bytes. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?$/i.exec(text.trim());
  if (m === null) throw new Error(`not a size: ${text}`);
  return Math.round(Number(m[1]) * (UNITS[(m[2] ?? '').toUpperCase()] ?? 1));
}

function main(argv: readonly string[]): void {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizeText = argv.find((a, i) => !a.startsWith('--') && !(argv[i - 1] ?? '').startsWith('--')) ?? '200M';
  const outFile = resolve(flag('--out') ?? join('bench', 'out', `dense-${sizeText}.evtx`));
  const started = process.hrtime.bigint();
  const result = makeDense({ corpusDir: flag('--corpus') ?? LOG_CORPUS, targetBytes: parseSize(sizeText), outFile });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `${result.outFile}: ${result.sizeBytes} bytes, ${result.chunks} chunks, ${result.records} records ` +
      `(${result.sourceChunks} corpus chunks used, ${result.skippedChunks} left out) in ${seconds.toFixed(1)} s`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  main(process.argv.slice(2));
