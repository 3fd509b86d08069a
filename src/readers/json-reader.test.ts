import { afterAll, describe, expect, it } from 'vitest';
import { IssueCollector } from '../event/index.js';
import { readWith, TempFiles } from '../../test/fixtures/readers/read-all.js';
import { JSON_BATCH_EVENTS, JSON_READER, JsonReader } from './json-reader.js';
import { MAX_JSON_NESTING } from './json-shapes/json-field-values.js';
import { FLAT_WINDOWS_SHAPE } from './json-shapes/flat-windows-shape.js';
import type { JsonShape } from './json-shapes/json-shape.js';

const files = new TempFiles();
afterAll(() => files.cleanup());

/** A hand-made flat (NXLog-style) Windows event on one line. */
function flatLine(recordId: number): string {
  return `{"EventID":7045,"Channel":"System","Hostname":"WS1","RecordNumber":${recordId},"@timestamp":"2024-05-01T10:00:00Z","ServiceName":"svc${recordId}"}`;
}

/** A hand-made evtx_dump object, pretty-printed. */
function dumpObject(recordId: number): string {
  const record = {
    Event: {
      System: { EventID: 7045, EventRecordID: recordId, Channel: 'System', Computer: 'WS1' },
      EventData: { ServiceName: `svc${recordId}` },
    },
  };
  return JSON.stringify(record, null, 2);
}

async function read(name: string, content: string | Uint8Array) {
  const path = files.write(name, content);
  const result = await readWith(JSON_READER, path);
  const issues = result.issues.issues.map(({ code, file, line, column, offset, skipped }) => ({
    code,
    file: file === path ? 'FILE' : file,
    line,
    column,
    offset,
    skipped,
  }));
  return { ...result, path, issues, ids: result.events.map((e) => e.get('EventRecordID')) };
}

describe('JsonReader on broken input', () => {
  it('reports a truncated last line with its location and keeps every line before it', async () => {
    const text = `${flatLine(1)}\n${flatLine(2)}\n${flatLine(3).slice(0, 40)}`;
    const { ids, issues } = await read('truncated.ndjson', text);
    expect(ids).toEqual([1, 2]);
    const offset = text.lastIndexOf('\n') + 1;
    expect(issues).toEqual([{ code: 'BAD_JSON', file: 'FILE', line: 3, column: 1, offset, skipped: 'record' }]);
  });

  it('reads the lines after a broken line in the middle of NDJSON', async () => {
    const lines = [flatLine(1), flatLine(2).slice(0, 50), flatLine(3), `${flatLine(4).slice(0, 60)}"`, flatLine(5)];
    const { ids, issues } = await read('broken-middle.ndjson', lines.join('\n') + '\n');
    expect(ids).toEqual([1, 3, 5]);
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['BAD_JSON', 2],
      ['BAD_JSON', 4],
    ]);
  });

  it('skips a broken pretty-printed object between good ones', async () => {
    const broken = dumpObject(2).replace('"Channel": "System",', '"Channel": "System"');
    const { ids, issues } = await read('broken-pretty.json', [dumpObject(1), broken, dumpObject(3)].join('\n'));
    expect(ids).toEqual([1, 3]);
    // The second object starts on line 14; its "Computer" member, on line 20, lacks the comma before it.
    expect(issues).toMatchObject([{ code: 'BAD_JSON', line: 20, column: 7, skipped: 'record' }]);
  });

  it('reports top-level scalars and objects of no known shape, one issue per record', async () => {
    const text = ['42', flatLine(1), '"text"', '{"MESSAGE":"a journald entry"}', '[1, null]', '{"x":1}'].join('\n');
    const { ids, issues, events } = await read('unknown.json', text);
    expect(ids).toEqual([1]);
    expect(events).toHaveLength(1);
    expect(issues.map((i) => [i.code, i.line, i.skipped])).toEqual([
      ['UNKNOWN_JSON_SHAPE', 1, 'record'],
      ['UNKNOWN_JSON_SHAPE', 3, 'record'],
      ['UNKNOWN_JSON_SHAPE', 4, 'record'],
      ['UNKNOWN_JSON_SHAPE', 5, 'record'],
      ['UNKNOWN_JSON_SHAPE', 5, 'record'],
      ['UNKNOWN_JSON_SHAPE', 6, 'record'],
    ]);
  });

  it('names what it skipped in the issue message', async () => {
    const path = files.write('messages.json', '42\n{"MESSAGE":"x","_HOSTNAME":"h"}\n');
    const { issues } = await readWith(JSON_READER, path);
    expect(issues.issues.map((i) => i.message)).toEqual([
      'skipped a JSON number, not an object',
      'skipped an object of no known shape (members: MESSAGE, _HOSTNAME)',
    ]);
  });

  it('reports invalid UTF-8 at its line and still reads the record', async () => {
    const second = `{"EventID":7045,"Channel":"System","RecordNumber":2,"Path":"C:\\\\caf`;
    const bad = Buffer.concat([Buffer.from(`${flatLine(1)}\n${second}`), Buffer.from([0xe9])]);
    const content = Buffer.concat([bad, Buffer.from(`"}\n${flatLine(3)}\n`)]);
    const { ids, issues, events } = await read('latin1.ndjson', content);
    expect(ids).toEqual([1, 2, 3]);
    expect(events[1]!.get('Path')).toBe('C:\\caf\uFFFD');
    expect(issues).toMatchObject([{ code: 'BAD_UTF8', line: 2, offset: bad.length - 1, skipped: 'none' }]);
  });

  it('reports an empty file and a file of white space, once each', async () => {
    const empty = await read('empty.json', '');
    expect(empty.issues).toEqual([
      { code: 'EMPTY_JSON', file: 'FILE', line: 1, column: undefined, offset: 0, skipped: 'file' },
    ]);
    const blank = await read('blank.json', '\n  \n\t\n');
    expect(blank.issues).toMatchObject([{ code: 'EMPTY_JSON', line: 4, offset: 6 }]);
    expect([...empty.events, ...blank.events]).toEqual([]);
  });

  it('reads plain text without throwing: one issue, no event', async () => {
    const { events, issues } = await read('notes.txt', 'these are notes\nnot JSON at all\n');
    expect(events).toEqual([]);
    expect(issues).toMatchObject([{ code: 'BAD_JSON', line: 1, column: 1 }]);
  });

  it('throws only when the file cannot be opened', async () => {
    await expect(readWith(JSON_READER, `${files.dir}/missing.json`)).rejects.toThrow(/ENOENT/);
  });
});

describe('JsonReader on good input', () => {
  it('yields batches of at most JSON_BATCH_EVENTS events, with how far each reaches', async () => {
    const lines = Array.from({ length: 2500 }, (_, i) => flatLine(i + 1));
    const text = lines.join('\n') + '\n';
    const { batches, ids, issues } = await read('many.ndjson', text);
    expect(batches.map((b) => b.events.length)).toEqual([JSON_BATCH_EVENTS, JSON_BATCH_EVENTS, 500]);
    expect(batches[0]!.bytesRead).toBe(lines.slice(0, 1000).join('\n').length);
    expect(batches.at(-1)!.bytesRead).toBe(text.length);
    expect(ids).toEqual(lines.map((_, i) => i + 1));
    expect(issues).toEqual([]);
  });

  it('reads a JSON array of mixed shapes with the line and offset of every item', async () => {
    const text = `[\n${flatLine(1)},\n${dumpObject(2)},\n{"winlog":{"channel":"System","event_id":"7045","record_id":3}}\n]\n`;
    const { events, issues } = await read('array.json', text);
    expect(issues).toEqual([]);
    expect(
      events.map((e) => [e.get('EventRecordID'), e.get('EventID'), e.provenance.line, e.provenance.offset]),
    ).toEqual([
      [1, 7045, 2, 2],
      [2, 7045, 3, text.indexOf('{\n')],
      [3, 7045, 3 + dumpObject(2).split('\n').length, text.indexOf('{"winlog"')],
    ]);
  });
});

describe('JsonReader on an Elasticsearch search response', () => {
  it('reads each hit as a record, and reports a hit of no known shape without losing the others', async () => {
    const hit = (id: number) => ({
      _index: 'winlogbeat-1',
      _id: String(id),
      _source: { winlog: { channel: 'System', event_id: '7045', record_id: id, computer_name: 'WS6' } },
    });
    const response = {
      took: 3,
      hits: { total: { value: 3 }, hits: [hit(1), { _id: 'x', _source: { message: 'no shape' } }, hit(2)] },
    };
    const { ids, issues } = await read('search.json', JSON.stringify(response, null, 2));
    expect(ids).toEqual([1, 2]);
    expect(issues.map((i) => [i.code, i.line])).toEqual([['UNKNOWN_JSON_SHAPE', 1]]);
  });
});

describe('JsonReader on a broken item of an indented array', () => {
  it('reads the items after it: an item opens as deep as its siblings, what it nests opens deeper', async () => {
    const items = [1, 2, 3, 4, 5, 6].map((id) => ({
      ...(JSON.parse(flatLine(id)) as object),
      Nested: { Deep: [{ x: id }] },
    }));
    for (const indent of [2, 4, '\t']) {
      const text = JSON.stringify(items, null, indent);
      // Item 2 loses the brace that closes it.
      const itemIndent = typeof indent === 'number' ? ' '.repeat(indent) : indent;
      const lines = text.split('\n');
      const itemEnds = lines.flatMap((line, i) => (line === `${itemIndent}},` ? [i] : []));
      const broken = lines.filter((_, i) => i !== itemEnds[1]).join('\n');
      const { ids, issues } = await read(`indented-${String(indent)}.json`, broken);
      expect(ids, String(indent)).toEqual([1, 3, 4, 5, 6]);
      expect(issues.map((i) => i.code)).toEqual(['BAD_JSON']);
      expect((await read(`whole-${String(indent)}.json`, text)).ids).toEqual([1, 2, 3, 4, 5, 6]);
    }
    // One item per line, the first after `[` on its line: a cut first item ends at the next line.
    const compact = `[${flatLine(1).slice(0, -1)},\n${flatLine(2)},\n${flatLine(3)}]`; // item 1 lacks its }
    const { ids, issues } = await read('compact-array.json', compact);
    expect(ids).toEqual([2, 3]);
    expect(issues.map((i) => i.code)).toEqual(['BAD_JSON']);
  });
});

describe('JsonReader on Elasticsearch hits of any shape', () => {
  const hitOf = (id: number, document: object) => ({ _index: 'logs-1', _id: String(id), _source: document });
  const flat = (id: number) => JSON.parse(flatLine(id)) as object;
  const dumped = (id: number) => JSON.parse(dumpObject(id)) as object;

  it('reads flat and evtx_dump documents stored in Elasticsearch, in a search response and hit by hit', async () => {
    const response = { hits: { hits: [hitOf(1, flat(1)), hitOf(2, dumped(2))] } };
    expect((await read('mixed-search.json', JSON.stringify(response))).ids).toEqual([1, 2]);
    const lines = [hitOf(3, flat(3)), hitOf(4, dumped(4))].map((hit) => JSON.stringify(hit)).join('\n');
    const { ids, issues } = await read('elasticdump.ndjson', `${lines}\n`);
    expect(ids).toEqual([3, 4]);
    expect(issues).toEqual([]);
  });

  it('leaves an object whose `_source` member is data of its own (no `_index` or `_id` beside it)', async () => {
    const line = JSON.stringify({ ...flat(5), _source: { note: 'a field called _source' } });
    expect((await read('own-source.ndjson', `${line}\n`)).ids).toEqual([5]);
  });
});

describe('JsonReader when the consumer stops early', () => {
  it('ends its source (closing the file) when the consumer stops after the first batch', async () => {
    const text = Array.from({ length: 3000 }, (_, i) => flatLine(i + 1)).join('\n');
    let sourceEnded = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield Buffer.from(text);
        yield Buffer.from('\n');
      } finally {
        sourceEnded = true;
      }
    }
    const sink = new IssueCollector();
    for await (const batch of JSON_READER.readStream(source(), 'stop-early.ndjson', { sink })) {
      expect(batch.events).toHaveLength(JSON_BATCH_EVENTS);
      break;
    }
    expect(sourceEnded).toBe(true);
    expect(sink.total).toBe(0);
  });
});

describe('JsonReader on deeply nested values', () => {
  const deep = (levels: number): string => `${'['.repeat(levels)}1${']'.repeat(levels)}`;

  it('cuts a value nested 5,000 deep, reports it at its line and reads the record and the next', async () => {
    const text = `${flatLine(1).replace('}', `,"Blob":${deep(5000)}}`)}\n${flatLine(2)}\n`;
    const { events, issues } = await read('deep.ndjson', text);
    expect(issues).toEqual([{ code: 'JSON_TOO_DEEP', file: 'FILE', line: 1, column: 1, offset: 0, skipped: 'field' }]);
    expect(events.map((e) => e.get('ServiceName'))).toEqual(['svc1', 'svc2']);
    expect(String(events[0]!.get('Blob'))).toMatch(/^\[{98}"\[…\]"\]{98}$/);
  });

  it('cuts a deep evtx_dump EventData object, whose flattening recurses, and keeps the event', async () => {
    let data = '1';
    for (let i = 0; i < 5000; i++) data = `{"a":${data}}`;
    const text = `{"Event":{"System":{"EventID":7045,"Channel":"System"},"EventData":{"ServiceName":"s","X":${data}}}}\n`;
    const { events, issues } = await read('deep-dump.json', text);
    expect(issues.map((i) => [i.code, i.line, i.skipped])).toEqual([['JSON_TOO_DEEP', 1, 'field']]);
    expect(events.map((e) => e.get('ServiceName'))).toEqual(['s']);
  });

  it('reads a value of MAX_JSON_NESTING levels as it is, without an issue', async () => {
    const { events, issues } = await read(
      'max.ndjson',
      flatLine(1).replace('}', `,"Blob":${deep(MAX_JSON_NESTING - 1)}}`),
    );
    expect(issues).toEqual([]);
    expect(events[0]!.get('Blob')).toEqual([deep(MAX_JSON_NESTING - 2)]);
  });

  it('makes a RangeError while turning one record into an event an issue of that record', async () => {
    const fragile: JsonShape = {
      ...FLAT_WINDOWS_SHAPE,
      toEvent(object, source) {
        if (object['ServiceName'] === 'svc2') throw new RangeError('Maximum call stack size exceeded');
        return FLAT_WINDOWS_SHAPE.toEvent(object, source);
      },
    };
    const path = files.write('range.ndjson', [1, 2, 3].map(flatLine).join('\n'));
    const { events, issues } = await readWith(new JsonReader([fragile]), path);
    expect(events.map((e) => e.get('ServiceName'))).toEqual(['svc1', 'svc3']);
    expect(issues.issues).toEqual([
      expect.objectContaining({
        code: 'BAD_JSON_RECORD',
        line: 2,
        skipped: 'record',
        message: expect.stringContaining('Maximum call stack size exceeded'),
      }),
    ]);
  });

  it('lets any other error of a shape surface: it is a bug, not bad data', async () => {
    const broken: JsonShape = {
      ...FLAT_WINDOWS_SHAPE,
      toEvent() {
        throw new TypeError('a bug');
      },
    };
    await expect(readWith(new JsonReader([broken]), files.write('bug.ndjson', flatLine(1)))).rejects.toThrow('a bug');
  });
});
