import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDense, parseSize } from '../../bench/evtx/make-dense.js';
import { LOG_CORPUS } from '../conformance/corpus-paths.js';
import { CHUNK_SIZE, FILE_FIELD } from './chunk-layout.js';
import { writeEvtx } from './index.js';
import type { Corruption, RecordDescription } from './index.js';
import { runEvtxexport, runEvtxinfo } from './libevtx-oracle.js';
import { SERVICE_CONTROL_MANAGER } from './provider-presets.js';

const work = mkdtempSync(join(tmpdir(), 'make-dense-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MiB = 1024 * 1024;

function exportedIds(file: string): number[] {
  return runEvtxexport(readFileSync(file)).events.map((e) => Number(e.system['EventRecordID']));
}

describe('make-dense', () => {
  it('builds a 2 MiB file from the corpus whose every record evtxexport reads, numbered 1, 2, 3, …', () => {
    const result = makeDense({ corpusDir: LOG_CORPUS, targetBytes: 2 * MiB, outFile: join(work, 'dense.evtx') });
    const bytes = readFileSync(result.outFile);
    expect(bytes.length).toBe(result.sizeBytes);
    expect(result.sizeBytes).toBeGreaterThanOrEqual(2 * MiB);
    expect(bytes.readUInt16LE(FILE_FIELD.chunkCount)).toBe(result.chunks);
    expect(bytes.readBigUInt64LE(FILE_FIELD.nextRecordId)).toBe(BigInt(result.records + 1));
    expect(exportedIds(result.outFile)).toEqual(Array.from({ length: result.records }, (_, i) => i + 1));
    expect(runEvtxinfo(bytes)).toMatchObject({ records: result.records, isCorrupted: false, isDirty: false });
  });

  it('writes the same bytes for the same corpus and size', () => {
    const a = makeDense({ corpusDir: LOG_CORPUS, targetBytes: MiB, outFile: join(work, 'a.evtx') });
    const b = makeDense({ corpusDir: LOG_CORPUS, targetBytes: MiB, outFile: join(work, 'b.evtx') });
    expect(readFileSync(a.outFile).equals(readFileSync(b.outFile))).toBe(true);
  });

  it('copies only sane chunks and repeats them until the size is reached', () => {
    const corpus = join(work, 'corpus');
    mkdirSync(join(corpus, 'logs'), { recursive: true });
    const records: RecordDescription[] = Array.from({ length: 6 }, (_, i) => ({
      timeCreated: `2024-05-01T10:00:0${i}Z`,
      system: { ...SERVICE_CONTROL_MANAGER, eventId: 7036, task: 0, computer: 'FS01', processId: 668, threadId: 2980 },
      eventData: { param1: `svc${i}`, param2: 'running' },
    }));
    const file = (name: string, ...corruptions: Corruption[]): void =>
      writeFileSync(join(corpus, 'logs', name), writeEvtx({ records, chunkCapacity: 2 }, { corruptions }));
    file('a-clean.evtx');
    file('b-bad-crc.evtx', { kind: 'bad-event-records-crc', chunk: 1 });
    file('c-garbage.evtx', { kind: 'garbage-tokens', record: 0 });
    file('d-bad-magic.evtx', { kind: 'bad-chunk-magic', chunk: 2 });
    const target = 4096 + 20 * CHUNK_SIZE;
    const result = makeDense({ corpusDir: corpus, targetBytes: target, outFile: join(work, 'small.evtx') });
    expect(result).toMatchObject({ chunks: 20, records: 40, sourceChunks: 9, skippedChunks: 3 });
    const out = runEvtxexport(readFileSync(result.outFile)).events;
    expect(out.map((e) => Number(e.system['EventRecordID']))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(out.slice(0, 6).map((e) => e.data[0]?.value)).toEqual(['svc0', 'svc1', 'svc2', 'svc3', 'svc4', 'svc5']);
  });

  it('reads sizes in bytes or binary units', () => {
    expect(parseSize('200M')).toBe(200 * MiB);
    expect(parseSize('2MiB')).toBe(2 * MiB);
    expect(parseSize('1g')).toBe(1024 * MiB);
    expect(parseSize('65536')).toBe(65536);
    expect(() => parseSize('big')).toThrow();
  });
});
