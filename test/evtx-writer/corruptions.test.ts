import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHUNK_FIELD, CHUNK_HEADER_SIZE, CHUNK_SIZE, FILE_FIELD } from './chunk-layout.js';
import { buildEvtx } from './index.js';
import type { Corruption, RecordDescription, WrittenEvtx } from './index.js';
import { runEvtxexport, runEvtxinfo } from './libevtx-oracle.js';
import { SERVICE_CONTROL_MANAGER } from './provider-presets.js';

// Nine records, three per chunk: ids 1–3 in chunk 0, 4–6 in chunk 1, 7–9 in chunk 2.
const records: RecordDescription[] = Array.from({ length: 9 }, (_, i) => ({
  timeCreated: `2024-05-01T10:00:0${i}Z`,
  system: { ...SERVICE_CONTROL_MANAGER, eventId: 7036, task: 0, computer: 'FS01', processId: 668, threadId: 2980 },
  eventData: { param1: `svc${i + 1}`, param2: 'running' },
}));

function broken(...corruptions: Corruption[]): WrittenEvtx {
  return buildEvtx({ records, chunkCapacity: 3 }, { corruptions });
}

function exportedIds(bytes: Buffer, mode: 'items' | 'recovered' = 'items'): string[] {
  return runEvtxexport(bytes, ['-m', mode]).events.map((e) => e.system['EventRecordID'] ?? '');
}

/** The chunk header CRC computed here, independently of the writer's own function. */
function headerCrcOf(chunk: Buffer): number {
  return crc32(chunk.subarray(128, CHUNK_HEADER_SIZE), crc32(chunk.subarray(0, 120)));
}

const ALL_IDS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

function chunkBytes(w: WrittenEvtx, chunk: number): Buffer {
  const at = w.layout.chunkOffsets[chunk] ?? 0;
  return w.bytes.subarray(at, at + CHUNK_SIZE);
}

describe('corruptions', () => {
  it('a bad file header CRC keeps every record readable and evtxinfo calls the file corrupted', () => {
    const w = broken({ kind: 'bad-file-header-crc' });
    expect(w.bytes.readUInt32LE(FILE_FIELD.crc)).not.toBe(crc32(w.bytes.subarray(0, 120)));
    expect(exportedIds(w.bytes)).toEqual(ALL_IDS);
    expect(runEvtxinfo(w.bytes).isCorrupted).toBe(true);
  });

  it('a bad chunk header CRC breaks only that checksum', () => {
    const w = broken({ kind: 'bad-chunk-header-crc', chunk: 1 });
    const chunk = chunkBytes(w, 1);
    expect(chunk.readUInt32LE(CHUNK_FIELD.headerCrc)).not.toBe(headerCrcOf(chunk));
    expect(exportedIds(w.bytes)).toEqual(ALL_IDS);
    expect(runEvtxinfo(w.bytes).isCorrupted).toBe(true);
  });

  it('a bad event records CRC breaks only that checksum; the header CRC over it still matches', () => {
    const w = broken({ kind: 'bad-event-records-crc', chunk: 1 });
    const chunk = chunkBytes(w, 1);
    const free = chunk.readUInt32LE(CHUNK_FIELD.freeSpaceOffset);
    expect(chunk.readUInt32LE(CHUNK_FIELD.recordsCrc)).not.toBe(crc32(chunk.subarray(CHUNK_HEADER_SIZE, free)));
    expect(chunk.readUInt32LE(CHUNK_FIELD.headerCrc)).toBe(headerCrcOf(chunk));
    expect(exportedIds(w.bytes)).toEqual(ALL_IDS);
    expect(runEvtxinfo(w.bytes).isCorrupted).toBe(true);
  });

  it('a bad chunk magic hides that chunk from evtxexport, whose recovery mode still finds its records', () => {
    const w = broken({ kind: 'bad-chunk-magic', chunk: 1 });
    expect(exportedIds(w.bytes)).toEqual(['1', '2', '3', '7', '8', '9']);
    expect(exportedIds(w.bytes, 'recovered')).toEqual(['4', '5', '6']);
  });

  it('a truncated file loses the chunk it cuts', () => {
    const whole = broken();
    const cutAt = (whole.layout.chunkOffsets[1] ?? 0) + 1000;
    const w = broken({ kind: 'truncate', length: cutAt });
    expect(w.bytes.length).toBe(cutAt);
    expect(exportedIds(w.bytes)).toEqual(['1', '2', '3']);
    expect(runEvtxinfo(w.bytes).isCorrupted).toBe(true);
  });

  it.each([
    ['a bad record size', { kind: 'bad-record-size', record: 4 }],
    ['a bad record magic', { kind: 'bad-record-magic', record: 4 }],
    ['a zero record size', { kind: 'zero-size-record', record: 4 }],
  ] as const)('%s loses that record and leaves the next one to recovery, with the chunk CRCs right', (_, c) => {
    const w = broken(c);
    const r = w.layout.records[4];
    expect(r?.recordId).toBe(5n);
    const chunk = chunkBytes(w, 1);
    const free = chunk.readUInt32LE(CHUNK_FIELD.freeSpaceOffset);
    expect(chunk.readUInt32LE(CHUNK_FIELD.recordsCrc)).toBe(crc32(chunk.subarray(CHUNK_HEADER_SIZE, free)));
    expect(exportedIds(w.bytes)).toEqual(['1', '2', '3', '4', '7', '8', '9']);
    expect(exportedIds(w.bytes, 'recovered')).toEqual(['6']);
  });

  it('a zero-size record keeps its trailing size copy, as in the corpus sample', () => {
    const w = broken({ kind: 'zero-size-record', record: 4 });
    const r = w.layout.records[4];
    expect(w.bytes.readUInt32LE((r?.offset ?? 0) + 4)).toBe(0);
    expect(w.bytes.readUInt32LE((r?.offset ?? 0) + (r?.size ?? 0) - 4)).toBe(r?.size);
  });

  it('a dirty header counts fewer chunks than the file holds and evtxinfo says so', () => {
    const w = broken({ kind: 'dirty-chunk-count', chunkCount: 1 });
    expect(w.bytes.readUInt16LE(FILE_FIELD.chunkCount)).toBe(1);
    expect(w.layout.chunkOffsets).toHaveLength(3);
    expect(w.bytes.readUInt32LE(FILE_FIELD.crc)).toBe(crc32(w.bytes.subarray(0, 120)));
    expect(runEvtxinfo(w.bytes)).toMatchObject({ isDirty: true, records: 9 });
    expect(exportedIds(w.bytes)).toEqual(ALL_IDS);
  });

  it('garbage in a token stream stops evtxexport at that record', () => {
    const w = broken({ kind: 'garbage-tokens', record: 4 });
    const out = runEvtxexport(w.bytes);
    expect(out.exitCode).not.toBe(0);
    expect(out.events.map((e) => e.system['EventRecordID'])).toEqual(['1', '2', '3', '4']);
  });

  it('garbage is the same for the same seed and starts with a byte that is no token', () => {
    const token = (w: WrittenEvtx): number => w.bytes[(w.layout.records[4]?.offset ?? 0) + 24 + 4] ?? 0;
    const a = broken({ kind: 'garbage-tokens', record: 4, seed: 7 });
    expect(a.bytes.equals(broken({ kind: 'garbage-tokens', record: 4, seed: 7 }).bytes)).toBe(true);
    expect(a.bytes.equals(broken({ kind: 'garbage-tokens', record: 4, seed: 8 }).bytes)).toBe(false);
    expect(token(a) & 0xf0).toBe(0x10);
  });
});
