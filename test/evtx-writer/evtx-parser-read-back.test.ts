import { describe, expect, it } from 'vitest';
import { issuesOf, parseEvtxBytes, readFileHeader } from '../../src/evtx/index.js';
import type { EvtxEvent } from '../../src/evtx/index.js';
import type { Corruption, EvtxDescription, RecordDescription, ScalarInput, ValueInput } from './index.js';
import { buildEvtx, typedValue, writeEvtx } from './index.js';
import { EXAMPLE_FILES } from './make-examples.js';
import { SERVICE_CONTROL_MANAGER } from './provider-presets.js';

// The second reader of the writer's files: the project's own EVTX parser (src/evtx), next to
// evtxexport. Values are compared in a canonical form because the two render some types differently
// (GUID braces, hex padding); what must agree is the value.

function canonical(type: string, v: unknown): string {
  if (/^(U?Int|HexInt)/.test(type)) return BigInt(String(v)).toString();
  if (type === 'Guid') return String(v).replace(/[{}]/g, '').toLowerCase();
  if (type === 'Binary') return v instanceof Uint8Array ? Buffer.from(v).toString('hex') : String(v).toLowerCase();
  return String(v);
}

function expectFields(event: EvtxEvent | undefined, fields: Readonly<Record<string, ValueInput>>): void {
  for (const [name, input] of Object.entries(fields)) {
    const typed = typedValue(input);
    if (typed.type === 'Null') continue;
    const want = canonical(typed.type, typed.value as ScalarInput);
    expect(canonical(typed.type, event?.get(name)), name).toBe(want);
  }
}

function parsedEvents(bytes: Uint8Array): EvtxEvent[] {
  return parseEvtxBytes(bytes, 'written.evtx', { output: 'events' }).flatMap((chunk) => chunk.events);
}

function expectDescribed(events: readonly EvtxEvent[], description: EvtxDescription): void {
  expect(events).toHaveLength(description.records.length);
  let id = 0n;
  description.records.forEach((r: RecordDescription, i) => {
    id = r.eventRecordId === undefined ? id + 1n : BigInt(r.eventRecordId);
    const e = events[i];
    expect(e?.get('EventRecordID')).toBe(Number(id));
    expect(e?.get('EventID')).toBe(r.system.eventId);
    expect(e?.get('Channel')).toBe(r.system.channel);
    expect(e?.get('Provider_Name')).toBe(r.system.providerName);
    expect(e?.host).toBe(r.system.computer);
    expect(e?.time).toBe(Date.parse(r.timeCreated.replace(/(\.\d{3})\d+Z$/, '$1Z')));
    expectFields(e, { ...r.eventData, ...r.userData?.fields });
  });
}

const svc = (i: number): RecordDescription => ({
  timeCreated: `2024-05-01T10:00:${String(i % 60).padStart(2, '0')}Z`,
  system: { ...SERVICE_CONTROL_MANAGER, eventId: 7036, task: 0, computer: 'FS01', processId: 668, threadId: 2980 },
  eventData: { param1: `svc${i}`, param2: i % 2 === 0 ? 'running' : 'stopped' },
});

describe('the project EVTX parser on files the writer made', () => {
  it.each(Object.entries(EXAMPLE_FILES))('reads %s with every field of its description', (_, description) => {
    const outputs = parseEvtxBytes(writeEvtx(description), 'example.evtx', { output: 'events' });
    expect(issuesOf(outputs)).toEqual([]);
    expectDescribed(
      outputs.flatMap((o) => o.events),
      description,
    );
  });

  it('reads records spread over chunks, each chunk with its own templates', () => {
    const description = { records: Array.from({ length: 50 }, (_, i) => svc(i)), chunkCapacity: 7 };
    expectDescribed(parsedEvents(writeEvtx(description)), description);
  });

  it('reads negative signed values exactly, which evtxexport prints as sign-magnitude', () => {
    const fields = {
      Int8: { type: 'Int8', value: -5 },
      Int16: { type: 'Int16', value: -500 },
      Int32: -70_000,
      Int64: -9_000_000_000n,
    } as const;
    const [event] = parsedEvents(writeEvtx({ records: [{ ...svc(0), eventData: fields }] }));
    expect([event?.get('Int8'), event?.get('Int16'), event?.get('Int32'), String(event?.get('Int64'))]).toEqual([
      -5,
      -500,
      -70_000,
      '-9000000000',
    ]);
  });

  // Nine records, three per chunk; record index 4 is EventRecordID 5 in chunk 1.
  const nine = { records: Array.from({ length: 9 }, (_, i) => svc(i)), chunkCapacity: 3 };
  const parse = (c: Corruption): { ids: unknown[]; codes: string[] } => {
    const outputs = parseEvtxBytes(buildEvtx(nine, { corruptions: [c] }).bytes, 'broken.evtx', { output: 'events' });
    return {
      ids: outputs.flatMap((o) => o.events.map((e) => e.get('EventRecordID'))),
      codes: [...new Set(issuesOf(outputs).map((issue) => issue.code))],
    };
  };

  it.each([
    [{ kind: 'bad-chunk-header-crc', chunk: 1 }, [1, 2, 3, 4, 5, 6, 7, 8, 9], ['BAD_CHUNK_HEADER_CRC']],
    [{ kind: 'bad-event-records-crc', chunk: 1 }, [1, 2, 3, 4, 5, 6, 7, 8, 9], ['BAD_CHUNK_DATA_CRC']],
    [{ kind: 'bad-chunk-magic', chunk: 1 }, [1, 2, 3, 7, 8, 9], ['BAD_CHUNK_MAGIC']],
    [{ kind: 'bad-record-size', record: 4 }, [1, 2, 3, 4, 6, 7, 8, 9], ['BAD_RECORD_HEADER']],
    [{ kind: 'bad-record-magic', record: 4 }, [1, 2, 3, 4, 6, 7, 8, 9], ['BAD_RECORD_HEADER']],
    [{ kind: 'zero-size-record', record: 4 }, [1, 2, 3, 4, 6, 7, 8, 9], ['BAD_RECORD_HEADER']],
    [{ kind: 'garbage-tokens', record: 4 }, [1, 2, 3, 4, 6, 7, 8, 9], ['UNKNOWN_TOKEN']],
  ] as const)('reports %o and keeps the records around it', (c, ids, codes) => {
    expect(parse(c)).toEqual({ ids, codes });
  });

  it('reports a truncated chunk and keeps the chunks before it', () => {
    const { ids, codes } = parse({ kind: 'truncate', length: 4096 + 65536 + 1000 });
    expect(ids).toEqual([1, 2, 3]);
    expect(codes).toContain('TRUNCATED_CHUNK');
  });

  it('sees a bad file header CRC and a dirty chunk count in the file header', () => {
    const badCrc = buildEvtx(nine, { corruptions: [{ kind: 'bad-file-header-crc' }] }).bytes;
    expect(readFileHeader(badCrc.subarray(0, 128)).isChecksumValid).toBe(false);
    const dirty = buildEvtx(nine, { corruptions: [{ kind: 'dirty-chunk-count', chunkCount: 1 }] }).bytes;
    expect(readFileHeader(dirty.subarray(0, 128))).toMatchObject({
      isDirty: true,
      chunkCount: 1,
      isChecksumValid: true,
    });
    expect(parsedEvents(dirty)).toHaveLength(9);
  });
});
