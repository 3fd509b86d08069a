import { describe, expect, it } from 'vitest';
import { buildChunk, buildFile, sampleRecords, sealChunk } from '../../test/fixtures/evtx/evtx-builder.js';
import { issuesOf, parseEvtxBytes } from './parse-evtx-bytes.js';

function parse(chunks: Uint8Array[]) {
  const outputs = parseEvtxBytes(buildFile(chunks), 'built.evtx', { output: 'jsonl' });
  const lines = outputs.flatMap((o) => o.text.split('\n').filter((line) => line !== ''));
  return { outputs, lines, issues: issuesOf(outputs) };
}

describe('EvtxChunk', () => {
  it('reads every record of a hand-built chunk without issues', () => {
    const { lines, issues } = parse([buildChunk(sampleRecords(3))]);
    expect(issues).toEqual([]);
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[2] ?? '')).toEqual({
      Event: { System: { EventID: 7045, Channel: 'System', Computer: 'host-a' }, EventData: { Msg: 'service 2' } },
    });
  });

  it('reads the records of a chunk whose data CRC does not match and says so', () => {
    const chunk = buildChunk(sampleRecords(2));
    chunk[528] = chunk[528]! ^ 0xff; // byte 16 of the first record's written time: covered by the data CRC only
    const { lines, issues } = parse([chunk]);
    expect(lines).toHaveLength(2);
    expect(issues.map((i) => [i.code, i.chunk, i.offset])).toEqual([['BAD_CHUNK_DATA_CRC', 0, 4096 + 52]]);
  });

  it('skips a chunk without its magic and reports it as a skipped chunk', () => {
    const bad = buildChunk(sampleRecords(2));
    bad[0] = 0x58;
    const { lines, issues } = parse([bad, buildChunk(sampleRecords(1))]);
    expect(lines).toHaveLength(1);
    expect(issues.map((i) => [i.code, i.chunk, i.skipped])).toEqual([['BAD_CHUNK_MAGIC', 0, 'chunk']]);
  });

  it('resynchronises on the next record after a broken record header and counts the loss', () => {
    const chunk = buildChunk(sampleRecords(3));
    const view = new DataView(chunk.buffer);
    const secondRecord = 512 + view.getUint32(512 + 4, true);
    chunk[secondRecord] = 0; // break the "**" signature of record 2
    const { lines, issues } = parse([sealChunk(chunk)]);
    expect(
      lines.map((line) => (JSON.parse(line) as { Event: { EventData: { Msg: string } } }).Event.EventData.Msg),
    ).toEqual(['service 0', 'service 2']);
    expect(issues.map((i) => [i.code, i.offset, i.skipped])).toEqual([
      ['BAD_RECORD_HEADER', 4096 + secondRecord, 'record'],
    ]);
  });

  it('reports a record whose template is cut short with its record id, and keeps the others', () => {
    const chunk = buildChunk(sampleRecords(2));
    const view = new DataView(chunk.buffer);
    view.setUint32(512 + 24 + 4 + 10 + 20, 65000, true); // template data size past the chunk
    const { lines, issues } = parse([sealChunk(chunk)]);
    expect(lines).toHaveLength(0);
    expect(issues.map((i) => [i.code, i.recordId, i.skipped])).toEqual([
      ['BAD_TEMPLATE', 1, 'record'],
      ['BAD_TEMPLATE', 2, 'record'],
    ]);
  });

  it('parses what is there of a truncated last chunk', () => {
    const file = buildFile([buildChunk(sampleRecords(2))]);
    const view = new DataView(file.buffer);
    const cut = file.subarray(0, 4096 + 512 + view.getUint32(4096 + 512 + 4, true) + 40);
    const outputs = parseEvtxBytes(cut, 'cut.evtx', { output: 'jsonl' });
    expect(outputs[0]!.recordCount).toBe(1);
    expect(issuesOf(outputs).map((i) => i.code)).toEqual([
      'TRUNCATED_CHUNK',
      'BAD_CHUNK_FREE_SPACE',
      'BAD_RECORD_HEADER',
    ]);
  });

  it('passes over an all-zero chunk without an issue', () => {
    const { outputs, issues } = parse([buildChunk(sampleRecords(1)), new Uint8Array(65536)]);
    expect(outputs[1]!.isEmpty).toBe(true);
    expect(issues).toEqual([]);
  });
});
