import { describe, expect, it } from 'vitest';
import { JsonValueScanner } from './json-value-scanner.js';

type Outcome =
  | { kind: 'value'; value: unknown; line: number; offset: number }
  | { kind: 'issue'; code: string; line: number; column: number; offset: number; skipped: string };

/** Every outcome of scanning `input` fed in pieces of `chunkBytes` (whole when omitted). */
function scan(input: string | Buffer, chunkBytes = Number.MAX_SAFE_INTEGER, maxValueBytes?: number): Outcome[] {
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  const scanner = new JsonValueScanner(maxValueBytes);
  const out: Outcome[] = [];
  let at = 0;
  for (;;) {
    const step = scanner.next();
    if (step === 'end') return out;
    if (step === 'more') {
      if (at >= bytes.length) scanner.end();
      else scanner.push(Buffer.from(bytes.subarray(at, at + chunkBytes)));
      at += chunkBytes;
    } else if (step === 'value') {
      out.push({ kind: 'value', value: scanner.value, line: scanner.valueLine, offset: scanner.valueOffset });
    } else {
      const { code, line, column, offset, skipped } = scanner.issue!;
      out.push({ kind: 'issue', code, line, column, offset, skipped });
    }
  }
}

const values = (outcomes: Outcome[]): unknown[] => outcomes.filter((o) => o.kind === 'value').map((o) => o.value);
const issues = (outcomes: Outcome[]) => outcomes.filter((o) => o.kind === 'issue');

describe('JsonValueScanner', () => {
  it('reads NDJSON with the line and byte offset of each object', () => {
    const out = scan('{"a":1}\n{"b":"é"}\n{"c":3}\n');
    expect(out).toEqual([
      { kind: 'value', value: { a: 1 }, line: 1, offset: 0 },
      { kind: 'value', value: { b: 'é' }, line: 2, offset: 8 },
      { kind: 'value', value: { c: 3 }, line: 3, offset: 19 },
    ]);
  });

  it('reads pretty-printed objects run together, each at the line of its opening brace', () => {
    const out = scan('{\n  "a": {\n    "x": 1\n  }\n}\n{\n  "b": 2\n}');
    expect(out).toEqual([
      { kind: 'value', value: { a: { x: 1 } }, line: 1, offset: 0 },
      { kind: 'value', value: { b: 2 }, line: 6, offset: 28 },
    ]);
  });

  it('yields the items of a top-level array one by one, compact or pretty', () => {
    expect(scan('[{"a":1},{"b":2}]')).toEqual([
      { kind: 'value', value: { a: 1 }, line: 1, offset: 1 },
      { kind: 'value', value: { b: 2 }, line: 1, offset: 9 },
    ]);
    const pretty = scan('[\n  {\n    "a": 1\n  },\n  {\n    "b": 2\n  }\n]\n');
    expect(pretty.map((o) => [o.kind, o.line])).toEqual([
      ['value', 2],
      ['value', 5],
    ]);
  });

  it('reads a mix of layouts, CRLF line ends and a UTF-8 byte order mark', () => {
    const out = scan('\uFEFF{"a":1}\r\n[{"b":2},\r\n{"c":3}]\r\n{\r\n "d": 4\r\n} {"e":5}');
    expect(values(out)).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }, { d: 4 }, { e: 5 }]);
    expect(out.map((o) => o.line)).toEqual([1, 2, 3, 4, 6]);
    expect(out[0]).toMatchObject({ offset: 3 });
  });

  it('skips a byte order mark at the start of a later line too (files joined with cat), at any chunking', () => {
    const input = '{"a":1}\n\uFEFF{"b":2}\n\uFEFF\uFEFF{"c":3}\n';
    const whole = scan(input);
    expect(values(whole)).toEqual([{ a: 1 }, { b: 2 }]);
    // A second mark is no mark: the line is reported, and the next lines are read.
    expect(issues(whole).map((i) => [i.code, i.line])).toEqual([['BAD_JSON', 3]]);
    expect(whole[1]).toMatchObject({ line: 2, offset: 11 });
    for (let chunk = 1; chunk <= 12; chunk++) expect(scan(input, chunk)).toEqual(whole);
  });

  it('reports a truncated last line and keeps the lines before it', () => {
    const out = scan('{"a":1}\n{"b":2}\n{"c":');
    expect(values(out)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(issues(out)).toEqual([
      { kind: 'issue', code: 'BAD_JSON', line: 3, column: 1, offset: 16, skipped: 'record' },
    ]);
  });

  it('does not let a line cut inside a string swallow the lines after it', () => {
    const out = scan('{"a":1}\n{"b":"cut\n{"c":3}\n{"d":4}\n');
    expect(values(out)).toEqual([{ a: 1 }, { c: 3 }, { d: 4 }]);
    expect(issues(out)).toEqual([
      { kind: 'issue', code: 'BAD_JSON', line: 2, column: 10, offset: 17, skipped: 'record' },
    ]);
  });

  it('does not let a line cut between members swallow the lines after it', () => {
    const out = scan('{"a":1}\n{"b":{"x":[1,2\n{"c":3}\n{"d":4}\n');
    expect(values(out)).toEqual([{ a: 1 }, { c: 3 }, { d: 4 }]);
    expect(issues(out)).toMatchObject([{ code: 'BAD_JSON', line: 2, column: 1, offset: 8 }]);
  });

  it('reports a line that parses badly at the character where it goes wrong', () => {
    const out = scan('{"a":1}\n{"b":2,}\n{"c":3}\n');
    expect(values(out)).toEqual([{ a: 1 }, { c: 3 }]);
    expect(issues(out)).toEqual([
      { kind: 'issue', code: 'BAD_JSON', line: 2, column: 8, offset: 15, skipped: 'record' },
    ]);
  });

  it('skips a broken pretty-printed object between good ones', () => {
    const missingComma = '{\n  "a": 1\n}\n{\n  "b": 1\n  "c": 2\n}\n{\n  "d": 4\n}\n';
    const out = scan(missingComma);
    expect(values(out)).toEqual([{ a: 1 }, { d: 4 }]);
    expect(issues(out)).toMatchObject([{ code: 'BAD_JSON', line: 6, column: 3 }]);

    const missingBrace = '{\n  "a": {\n    "x": 1\n}\n{\n  "d": 4\n}\n';
    const cut = scan(missingBrace);
    expect(values(cut)).toEqual([{ d: 4 }]);
    expect(issues(cut)).toMatchObject([{ code: 'BAD_JSON', line: 1, column: 1, offset: 0 }]);
  });

  it('yields top-level scalars as values and reports garbage once per line', () => {
    const out = scan('42\n"text"\ntrue\nnot json at all\n{"a":1}\n');
    expect(values(out)).toEqual([42, 'text', true, { a: 1 }]);
    expect(issues(out)).toMatchObject([{ code: 'BAD_JSON', line: 4, column: 1 }]);
  });

  it('reports invalid UTF-8 at its byte and still reads the object', () => {
    const input = Buffer.concat([Buffer.from('{"a":1}\n{"b":"x'), Buffer.from([0xc3, 0x28]), Buffer.from('y"}\n')]);
    const out = scan(input);
    expect(out[1]).toEqual({ kind: 'issue', code: 'BAD_UTF8', line: 2, column: 8, offset: 15, skipped: 'none' });
    expect(values(out)).toEqual([{ a: 1 }, { b: 'x\uFFFD(y' }]);
  });

  it('reports nothing and yields nothing for empty or blank input', () => {
    expect(scan('')).toEqual([]);
    expect(scan(' \n\t\r\n  ')).toEqual([]);
  });

  it('gives up on a value larger than its limit and goes on at the next line that starts one', () => {
    const big = `{"a":"${'x'.repeat(200)}",\n"b":${'1,'.repeat(100)}\n{"c":3}\n`;
    const out = scan(big, 16, 100);
    expect(issues(out)).toMatchObject([{ code: 'JSON_TOO_LARGE', line: 1 }]);
    expect(values(out)).toEqual([{ c: 3 }]);
  });

  it('reads a JSON text sequence (RFC 7464): RS is framing, and an RS inside a value cuts it off', () => {
    const input = '\u001e{"a":1}\n\u001e{\n "b": 2\n}\n\u001e{"c":"cut\u001e{"d":4}\n\u001e{"e":[1,\u001e7\n';
    const whole = scan(input);
    expect(values(whole)).toEqual([{ a: 1 }, { b: 2 }, { d: 4 }, 7]);
    expect(issues(whole)).toEqual([
      { kind: 'issue', code: 'BAD_JSON', line: 5, column: 2, offset: 23, skipped: 'record' },
      { kind: 'issue', code: 'BAD_JSON', line: 6, column: 2, offset: 42, skipped: 'record' },
    ]);
    for (let chunk = 1; chunk <= 12; chunk++) expect(scan(input, chunk)).toEqual(whole);
  });

  it("skips evtx_dump's `Record N` lines quietly and still reports any other line as BAD_JSON", () => {
    const input =
      'Record 1\n{\n  "a": 1\n}\nRecord 2\r\n{"b":2}\nRecord two\n{"c":3}\nRecords 3\n{"d":4}\n Record 4\n{"e":5}\nRecord 5';
    const whole = scan(input);
    expect(values(whole)).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }, { d: 4 }, { e: 5 }]);
    expect(whole[0]).toEqual({ kind: 'value', value: { a: 1 }, line: 2, offset: 9 });
    expect(issues(whole)).toMatchObject([
      { code: 'BAD_JSON', line: 7, column: 1 },
      { code: 'BAD_JSON', line: 9, column: 1 },
      { code: 'BAD_JSON', line: 11, column: 2 },
    ]);
    for (let chunk = 1; chunk <= 12; chunk++) expect(scan(input, chunk)).toEqual(whole);
  });

  it('gives the same outcomes whatever the chunk boundaries', () => {
    const input = Buffer.concat([
      Buffer.from('\uFEFF{"a":"ü€😀"}\n[{"b":2},\n{"c":[1,{"d":"}"}]}]\n{\n  "e": "\\"{"\n}\n'),
      Buffer.from('{"f":"cut\n{"g":{"h":1\n{"i":1,}\n7\n"s"\ngarbage here\n{"j":"'),
      Buffer.from([0xff]),
      Buffer.from('"}\n{"k":1}'),
    ]);
    const whole = scan(input);
    expect(values(whole)).toHaveLength(8);
    expect(issues(whole).map((i) => i.code)).toEqual(['BAD_JSON', 'BAD_JSON', 'BAD_JSON', 'BAD_JSON', 'BAD_UTF8']);
    for (let chunk = 1; chunk <= 40; chunk++) expect(scan(input, chunk)).toEqual(whole);
  });
});
