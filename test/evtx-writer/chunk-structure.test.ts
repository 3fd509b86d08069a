import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { nameHash } from './chunk-tables.js';
import { CHUNK_FIELD, CHUNK_HEADER_SIZE, CHUNK_SIZE, FILE_FIELD } from './chunk-layout.js';
import { buildEvtx } from './index.js';
import type { RecordDescription } from './index.js';
import { SERVICE_CONTROL_MANAGER } from './provider-presets.js';

const install: RecordDescription = {
  timeCreated: '2024-05-01T10:00:00Z',
  system: { ...SERVICE_CONTROL_MANAGER, eventId: 7045, task: 0, computer: 'FS01', processId: 668, threadId: 2980 },
  eventData: { ServiceName: 'PSEXESVC', ImagePath: '%SystemRoot%\\PSEXESVC.exe' },
};

/** The outer template instance of a record: bytes after the record header and fragment header. */
function instanceAt(file: Buffer, recordOffset: number): { token: number; definitionOffset: number; at: number } {
  const at = recordOffset + 24 + 4;
  return { token: file[at] ?? -1, definitionOffset: file.readUInt32LE(at + 6), at };
}

describe('chunk structure', () => {
  it('defines a template inline once per chunk and points later records at it by chunk offset', () => {
    const { bytes, layout } = buildEvtx({ records: [install, install, install], chunkCapacity: 2 });
    const [first, second, third] = layout.records.map((r) => ({ ...r, instance: instanceAt(bytes, r.offset) }));
    const chunk0 = layout.chunkOffsets[0] ?? 0;
    const chunk1 = layout.chunkOffsets[1] ?? 0;
    expect(first?.instance.token).toBe(0x0c);
    // Inline: the definition starts right after the 10-byte instance header.
    expect(first?.instance.definitionOffset).toBe((first?.instance.at ?? 0) + 10 - chunk0);
    expect(second?.instance.definitionOffset).toBe(first?.instance.definitionOffset);
    expect(second?.size).toBeLessThan(first?.size ?? 0);
    // A new chunk has fresh tables, so the template is defined again inside it.
    expect(third?.instance.definitionOffset).toBe((third?.instance.at ?? 0) + 10 - chunk1);
    expect(third?.size).toBe(first?.size);
  });

  it('lists each template and name in the header tables of its chunk', () => {
    const { bytes, layout } = buildEvtx({ records: [install, install] });
    const chunk = bytes.subarray(layout.chunkOffsets[0], (layout.chunkOffsets[0] ?? 0) + CHUNK_SIZE);
    const templateHeads = Array.from({ length: 32 }, (_, i) => chunk.readUInt32LE(384 + 4 * i)).filter((o) => o !== 0);
    expect(templateHeads.length).toBeGreaterThanOrEqual(1);
    const names: string[] = [];
    for (let bucket = 0; bucket < 64; bucket++) {
      for (let at = chunk.readUInt32LE(128 + 4 * bucket); at !== 0; at = chunk.readUInt32LE(at)) {
        const name = chunk.toString('utf16le', at + 8, at + 8 + 2 * chunk.readUInt16LE(at + 6));
        expect(chunk.readUInt16LE(at + 4)).toBe(nameHash(name));
        expect(nameHash(name) % 64).toBe(bucket);
        names.push(name);
      }
    }
    expect(names.sort()).toEqual(
      [
        ...[
          'Event',
          'xmlns',
          'System',
          'Provider',
          'Name',
          'Guid',
          'EventSourceName',
          'EventID',
          'Qualifiers',
          'Version',
          'Level',
        ],
        ...['Task', 'Opcode', 'Keywords', 'TimeCreated', 'SystemTime', 'EventRecordID', 'Correlation'],
        ...['ActivityID', 'RelatedActivityID', 'Execution', 'ProcessID', 'ThreadID', 'Channel', 'Computer'],
        ...['Security', 'UserID', 'EventData', 'Data'],
      ].sort(),
    );
  });

  it('writes file header and chunk CRCs that match their data', () => {
    const { bytes, layout } = buildEvtx({ records: [install, install] });
    expect(bytes.readUInt32LE(FILE_FIELD.crc)).toBe(crc32(bytes.subarray(0, 120)));
    expect(bytes.readUInt16LE(FILE_FIELD.chunkCount)).toBe(1);
    expect(bytes.readBigUInt64LE(FILE_FIELD.nextRecordId)).toBe(3n);
    const chunk = bytes.subarray(layout.chunkOffsets[0]);
    const free = chunk.readUInt32LE(CHUNK_FIELD.freeSpaceOffset);
    expect(chunk.readUInt32LE(CHUNK_FIELD.recordsCrc)).toBe(crc32(chunk.subarray(CHUNK_HEADER_SIZE, free)));
    const headerCrc = crc32(chunk.subarray(128, CHUNK_HEADER_SIZE), crc32(chunk.subarray(0, 120)));
    expect(chunk.readUInt32LE(CHUNK_FIELD.headerCrc)).toBe(headerCrc);
    expect(chunk.readBigUInt64LE(CHUNK_FIELD.lastRecordId)).toBe(2n);
    expect(chunk.readUInt32LE(CHUNK_FIELD.lastRecordOffset)).toBe((layout.records[1]?.offset ?? 0) - 4096);
  });

  it('pads each record to 8 bytes and repeats its size at the end', () => {
    const { bytes, layout } = buildEvtx({ records: [install, install] });
    for (const r of layout.records) {
      expect(r.size % 8).toBe(0);
      expect(bytes.readUInt32LE(r.offset)).toBe(0x2a2a);
      expect(bytes.readUInt32LE(r.offset + 4)).toBe(r.size);
      expect(bytes.readUInt32LE(r.offset + r.size - 4)).toBe(r.size);
      expect(bytes.readBigUInt64LE(r.offset + 8)).toBe(r.recordId);
    }
  });
});
