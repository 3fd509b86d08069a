import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_CORPUS } from '../conformance/corpus-paths.js';
import { CHUNK_SIZE } from './chunk-layout.js';
import { buildEvtx } from './index.js';
import type { RecordDescription, WrittenEvtx } from './index.js';
import { runEvtxexport } from './libevtx-oracle.js';
import { PlainBinxml } from './plain-binxml.js';
import { SYSMON } from './provider-presets.js';

const processStart = (i: number): RecordDescription => ({
  timeCreated: `2024-05-01T10:00:${String(i % 60).padStart(2, '0')}Z`,
  system: { ...SYSMON, eventId: 1, task: 1, version: 5, computer: 'FS01', processId: 2316, threadId: 3908 },
  eventData: { Image: 'C:\\Windows\\System32\\cmd.exe', ProcessId: 4000 + i },
});

/** The EventRecordID value of each record of a file, as PlainBinxml finds it; undefined if not plain. */
function recordIdValues(bytes: Buffer): (bigint | undefined)[] {
  const values: (bigint | undefined)[] = [];
  for (let at = 4096; at + CHUNK_SIZE <= bytes.length; at += CHUNK_SIZE) {
    const chunk = bytes.subarray(at, at + CHUNK_SIZE);
    if (chunk.toString('latin1', 0, 7) !== 'ElfChnk') continue;
    const plain = new PlainBinxml(chunk);
    const free = chunk.readUInt32LE(48);
    for (let r = 512; r < free; r += chunk.readUInt32LE(r + 4)) {
      const value = plain.recordIdValue(r, chunk.readUInt32LE(r + 4));
      values.push(value === undefined ? undefined : chunk.readBigUInt64LE(value));
    }
  }
  return values;
}

function withPatchedNamespaceToken(w: WrittenEvtx, token: number): Buffer {
  // The first record defines the System template inline; its xmlns value token sits 4 bytes
  // before the namespace text.
  const text = Buffer.from('http://schemas.microsoft.com/win/2004/08/events/event', 'utf16le');
  const bytes = Buffer.from(w.bytes);
  bytes[bytes.indexOf(text, w.layout.records[0]?.offset) - 4] = token;
  return bytes;
}

describe('PlainBinxml', () => {
  it('finds the EventRecordID value of every record the writer writes', () => {
    const w = buildEvtx({ records: Array.from({ length: 30 }, (_, i) => processStart(i)), chunkCapacity: 8 });
    expect(recordIdValues(w.bytes)).toEqual(w.layout.records.map((r) => r.recordId));
  });

  it('rejects a template with an entity reference, which libevtx cannot render', () => {
    const w = buildEvtx({ records: [processStart(0), processStart(1)] });
    expect(recordIdValues(withPatchedNamespaceToken(w, 0x09))).toEqual([undefined, undefined]);
  });

  it('rejects a record with garbage in its token stream and keeps its neighbours', () => {
    const w = buildEvtx(
      { records: Array.from({ length: 3 }, (_, i) => processStart(i)) },
      { corruptions: [{ kind: 'garbage-tokens', record: 1, at: 40 }] },
    );
    expect(recordIdValues(w.bytes)).toEqual([1n, undefined, 3n]);
  });

  it('agrees with evtxexport on a real Windows 7 System log, whose nested fragments lack a header', () => {
    const bytes = readFileSync(join(LOG_CORPUS, 'python-evtx', 'tests', 'data', 'system.evtx'));
    const exported = runEvtxexport(bytes).events.map((e) => BigInt(e.system['EventRecordID'] ?? -1));
    expect(exported.length).toBeGreaterThan(1000);
    expect(recordIdValues(bytes)).toEqual(exported);
  });
});
