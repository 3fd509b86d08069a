/**
 * The compiled path against the general renderer on hand-made templates the corpus lacks: each
 * record must come out of both as the same JSON bytes, and as an event with the fields
 * `flattenWindowsEventJson` finds in that JSON.
 */
import { describe, expect, it } from 'vitest';
import { flattenWindowsEventJson } from '../event/index.js';
import {
  element,
  rawChunk,
  rawEvtx,
  stringValue,
  sub,
  text,
  uintValue,
  type RawNode,
  type RawRecord,
  type RawTemplate,
  type RawValue,
} from '../../test/evtx-writer/raw-binxml.js';
import { issuesOf, parseEvtxBytes } from './parse-evtx-bytes.js';

const UINT32 = 0x08;
const STRING = 0x01;
const GUID = 0x0f;

function system(computer: readonly RawNode[] = [text('host-a')]): RawNode {
  return element('System', [
    element('EventID', [text('7045')]),
    element('Channel', [text('System')]),
    element('Computer', computer),
  ]);
}

function event(...data: RawNode[]): RawTemplate {
  return { content: [element('Event', [system(), element('EventData', data)])] };
}

const lines = (bytes: Uint8Array, compiled: boolean): string[] =>
  parseEvtxBytes(bytes, 'made.evtx', { output: 'jsonl', compiled }).flatMap((chunk) =>
    chunk.text.split('\n').filter((line) => line !== ''),
  );

/** Both paths' JSON lines and the events' fields, for a file of `chunks`. */
function read(...chunks: (readonly RawRecord[])[]) {
  const bytes = rawEvtx(chunks.map((records) => rawChunk(records)));
  const events = parseEvtxBytes(bytes, 'made.evtx', { output: 'events' }).flatMap((chunk) => chunk.events);
  return {
    fast: lines(bytes, true),
    general: lines(bytes, false),
    fields: events.map((e) => new Map(e.fieldNames().map((name) => [name, e.get(name)]))),
    issues: issuesOf(parseEvtxBytes(bytes, 'made.evtx', { output: 'jsonl' })).map((issue) => issue.code),
    generalIssues: issuesOf(parseEvtxBytes(bytes, 'made.evtx', { output: 'jsonl', compiled: false })).map(
      (issue) => issue.code,
    ),
  };
}

/** The checks every test makes: both paths write the same valid JSON, events have its fields. */
function expectAgreement(result: ReturnType<typeof read>): void {
  for (const line of result.fast) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
  expect(result.fast).toEqual(result.general);
  expect(result.issues).toEqual(result.generalIssues);
  expect(result.fields).toEqual(result.general.map((line) => flattenWindowsEventJson(JSON.parse(line))));
}

function record(id: number, template: RawTemplate, values: readonly RawValue[]): RawRecord {
  return { id: BigInt(id), instance: { template, values } };
}

/**
 * A record whose template uses one nested-fragment substitution `uses` times, each value another
 * instance of the same template, `depth` levels down: a few hundred bytes that would render to
 * uses^depth elements.
 */
function fragmentBomb(uses: number, depth: number): RawRecord {
  const template: RawTemplate = {
    content: [
      element(
        'A',
        Array.from({ length: uses }, () => sub(0, 0x21)),
      ),
    ],
  };
  const leaf: RawTemplate = { content: [element('B', [text('x')])] };
  let value: RawValue = { nested: { template: leaf, values: [] } };
  for (let level = 1; level < depth; level++) value = { nested: { template, values: [value] } };
  return { id: 1n, instance: { template: event(element('Data', [sub(0, 0x21)])), values: [value] } };
}

describe('compiled templates', () => {
  it('renders a record whose broken nested value the template never uses, as the general path and evtxexport do', () => {
    // A template instance token whose definition offset points past the chunk's data.
    const broken = Buffer.from([0x0c, 0x01, 0, 0, 0, 0, 0xf0, 0xff, 0, 0]);
    const template = event(element('Data', [sub(0, STRING)], [{ name: 'Name', value: [text('User')] }]));
    const result = read([record(1, template, [stringValue('alice'), { type: 0x21, bytes: broken }])]);
    expectAgreement(result);
    expect(result.fast).toHaveLength(1);
    expect(result.issues).toEqual([]);
    expect(result.fields[0]?.get('User')).toBe('alice');
  });

  it('refuses a record whose nested fragments repeat into more elements than the limit, on both paths', () => {
    const bomb = read([fragmentBomb(16, 7), record(2, event(element('Data', [sub(0, STRING)])), [stringValue('ok')])]);
    expect(bomb.fast).toEqual(bomb.general);
    expect(bomb.fast).toHaveLength(1); // the good record after it
    expect(bomb.issues).toEqual(['LIMIT_EXCEEDED']);
    expect(bomb.generalIssues).toEqual(['LIMIT_EXCEEDED']);
    expect(bomb.fields).toHaveLength(1);
    // A few uses stay within the limit and render in full.
    const small = read([fragmentBomb(2, 4)]);
    expectAgreement(small);
    expect(small.fast[0]!.match(/"x"/g)).toHaveLength(8);
  });

  it('writes a Data name taken from a number-typed substitution as a JSON string, not a bare number', () => {
    const template = event(element('Data', [sub(1, STRING)], [{ name: 'Name', value: [sub(0, UINT32)] }]));
    const result = read([record(1, template, [uintValue(UINT32, 4, 42), stringValue('hello')])]);
    expectAgreement(result);
    expect(JSON.parse(result.fast[0]!)).toMatchObject({ Event: { EventData: { '42': 'hello' } } });
  });

  it('keeps a number value quoted where the general renderer quotes it (beside an empty text node)', () => {
    const template = event(element('Port', [text(''), sub(0, UINT32)]));
    const result = read([
      record(1, template, [uintValue(UINT32, 4, 445)]),
      record(2, template, [uintValue(UINT32, 4, 3389)]),
    ]);
    expectAgreement(result);
    expect(result.fields[1]?.get('Port')).toBe('3389');
  });

  it("never fills a template's own marker characters with another value, even when a value is left out", () => {
    // The unnamed Data beside a named one is not in the JSON, so the marker count alone balances.
    const computer = [text('\uE0000\uE001')];
    const template: RawTemplate = {
      content: [
        element('Event', [
          system(computer),
          element('EventData', [
            element('Data', [sub(0, STRING)], [{ name: 'Name', value: [text('User')] }]),
            element('Data', [sub(1, STRING)]),
          ]),
        ]),
      ],
    };
    const result = read([record(1, template, [stringValue('alice'), stringValue('left out')])]);
    expectAgreement(result);
    expect(result.fields[0]?.get('Computer')).toBe('\uE0000\uE001');
  });

  it('rejects a record whose value in an element the JSON leaves out does not decode, as the general path does', () => {
    const template = event(
      element('Data', [sub(0, STRING)], [{ name: 'Name', value: [text('User')] }]),
      element('Data', [sub(1, GUID)]),
    );
    const result = read([
      record(1, template, [stringValue('alice'), { type: GUID, bytes: new Uint8Array(16) }]),
      record(2, template, [stringValue('bob'), { type: GUID, bytes: new Uint8Array(3) }]),
    ]);
    expectAgreement(result);
    expect(result.fast).toHaveLength(1);
    expect(result.issues).toEqual(['BAD_SUBSTITUTION']);
  });

  it('gives a field holding a nested element as JSON text the same escapes and number forms as the general path', () => {
    const template = event(element('Data', [element('Port', [sub(0, UINT32)]), element('Name', [sub(1, STRING)])]));
    const result = read([record(1, template, [uintValue(UINT32, 4, 445), stringValue('a"b')])]);
    expectAgreement(result);
    expect(result.fields[0]?.get('Data')).toBe('{"Port":445,"Name":"a\\"b"}');
  });

  it('keeps apart two definitions that share a GUID and size but differ, in two chunks or in one', () => {
    const guid = new Uint8Array(16).fill(7);
    const named = (name: string): RawTemplate => ({
      guid,
      content: event(element('Data', [sub(0, STRING)], [{ name: 'Name', value: [text(name)] }])).content,
    });
    const result = read(
      [record(1, named('Alpha'), [stringValue('one')])],
      [record(2, named('Bravo'), [stringValue('two')])],
    );
    expectAgreement(result);
    expect(result.fields.map((fields) => [...fields.keys()].at(-1))).toEqual(['Alpha', 'Bravo']);
    const oneChunk = read([
      record(1, named('Alpha'), [stringValue('one')]),
      record(2, named('Bravo'), [stringValue('two')]),
    ]);
    expectAgreement(oneChunk);
    expect(oneChunk.fields.map((fields) => [...fields.keys()].at(-1))).toEqual(['Alpha', 'Bravo']);
  });
});
