/** Chunk-level reading and recovery, on files made by the project's EVTX writer (`test/evtx-writer/`). */
import { describe, expect, it } from 'vitest';
import { buildEvtx, sampleRecords, writeChunkCrcs, type Corruption } from '../../test/evtx-writer/index.js';
import { issuesOf, parseEvtxBytes } from './parse-evtx-bytes.js';

function parse(bytes: Uint8Array) {
  const outputs = parseEvtxBytes(bytes, 'built.evtx', { output: 'jsonl' });
  const lines = outputs.flatMap((o) => o.text.split('\n').filter((line) => line !== ''));
  return { outputs, lines, issues: issuesOf(outputs) };
}

function built(count: number, corruptions: readonly Corruption[] = [], chunkCapacity?: number) {
  return buildEvtx(
    { records: sampleRecords(count), ...(chunkCapacity === undefined ? {} : { chunkCapacity }) },
    { corruptions },
  );
}

const messages = (lines: readonly string[]): string[] =>
  lines.map((line) => (JSON.parse(line) as { Event: { EventData: { Msg: string } } }).Event.EventData.Msg);

describe('EvtxChunk', () => {
  it('reads every record of a built chunk without issues', () => {
    const { lines, issues } = parse(built(3).bytes);
    expect(issues).toEqual([]);
    expect(messages(lines)).toEqual(['service 0', 'service 1', 'service 2']);
    expect(JSON.parse(lines[2] ?? '')).toMatchObject({
      Event: { System: { EventID: 7045, Channel: 'System', Computer: 'host-a', EventRecordID: 3 } },
    });
  });

  it('reads the records of a chunk whose data CRC does not match and says so', () => {
    const { lines, issues } = parse(built(2, [{ kind: 'bad-event-records-crc', chunk: 0 }]).bytes);
    expect(lines).toHaveLength(2);
    expect(issues.map((i) => [i.code, i.chunk, i.offset])).toEqual([['BAD_CHUNK_DATA_CRC', 0, 4096 + 52]]);
  });

  it('skips a chunk without its magic and reports it as a skipped chunk', () => {
    const { lines, issues } = parse(built(3, [{ kind: 'bad-chunk-magic', chunk: 0 }], 2).bytes);
    expect(messages(lines)).toEqual(['service 2']);
    expect(issues.map((i) => [i.code, i.chunk, i.skipped])).toEqual([['BAD_CHUNK_MAGIC', 0, 'chunk']]);
  });

  it('resynchronises on the next record after a broken record header and counts the loss', () => {
    const file = built(3, [{ kind: 'bad-record-magic', record: 1 }]);
    const { lines, issues } = parse(file.bytes);
    expect(messages(lines)).toEqual(['service 0', 'service 2']);
    expect(issues.map((i) => [i.code, i.offset, i.skipped])).toEqual([
      ['BAD_RECORD_HEADER', file.layout.records[1]?.offset, 'record'],
    ]);
  });

  it('reports every record whose template is cut short with its record id', () => {
    const file = built(2);
    const first = file.layout.records[0]?.offset as number;
    // Record header (24) + fragment header (4) + instance token, version, id, offset (10) + next
    // template (4) + GUID (16): the inline definition's data size, set past the chunk's end.
    file.bytes.writeUInt32LE(65000, first + 24 + 4 + 10 + 4 + 16);
    const chunk = file.bytes.subarray(4096, 4096 + 65536);
    writeChunkCrcs(chunk);
    const { lines, issues } = parse(file.bytes);
    expect(lines).toHaveLength(0);
    expect(issues.map((i) => [i.code, i.recordId, i.skipped])).toEqual([
      ['BAD_TEMPLATE', 1, 'record'],
      ['BAD_TEMPLATE', 2, 'record'],
    ]);
  });

  it('parses what is there of a truncated last chunk', () => {
    const whole = built(2);
    const first = whole.layout.records[0] as { offset: number; size: number };
    const { outputs, issues } = parse(built(2, [{ kind: 'truncate', length: first.offset + first.size + 40 }]).bytes);
    expect(outputs[0]?.recordCount).toBe(1);
    expect(issues.map((i) => i.code)).toEqual(['TRUNCATED_CHUNK', 'BAD_CHUNK_FREE_SPACE', 'BAD_RECORD_HEADER']);
  });

  it("reads up to the header's last record when the free space offset lies before it, and says so", () => {
    const file = built(4);
    const chunk = file.bytes.subarray(4096, 4096 + 65536);
    const second = file.layout.records[1] as { offset: number; size: number };
    chunk.writeUInt32LE(second.offset - 4096 + second.size, 48); // free space ends after record 2 of 4
    writeChunkCrcs(chunk); // the CRCs agree with the lie, so only the last record offset tells
    const { lines, issues } = parse(file.bytes);
    expect(messages(lines)).toEqual(['service 0', 'service 1', 'service 2', 'service 3']);
    expect(issues.map((i) => [i.code, i.offset, i.skipped])).toEqual([['BAD_CHUNK_FREE_SPACE', 4096 + 48, 'none']]);
  });

  it('reads the last record whole when the free space offset lies inside it', () => {
    const file = built(3);
    const chunk = file.bytes.subarray(4096, 4096 + 65536);
    const last = file.layout.records[2] as { offset: number; size: number };
    chunk.writeUInt32LE(last.offset - 4096 + 8, 48);
    writeChunkCrcs(chunk);
    const { lines, issues } = parse(file.bytes);
    expect(messages(lines)).toEqual(['service 0', 'service 1', 'service 2']);
    expect(issues.map((i) => i.code)).toEqual(['BAD_CHUNK_FREE_SPACE']);
  });

  it('passes over an all-zero chunk without an issue', () => {
    const { outputs, issues } = parse(Buffer.concat([built(1).bytes, Buffer.alloc(65536)]));
    expect(outputs[1]?.isEmpty).toBe(true);
    expect(issues).toEqual([]);
  });
});
