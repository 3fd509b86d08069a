import { describe, expect, it } from 'vitest';
import { IssueCollector } from '../event/index.js';
import { LineSplitter, type TextLine } from './line-splitter.js';

function split(chunks: readonly string[], maxLineBytes?: number): { lines: TextLine[]; issues: IssueCollector } {
  const issues = new IssueCollector();
  const splitter = new LineSplitter('f.log', issues, maxLineBytes);
  const lines: TextLine[] = [];
  for (const chunk of chunks) splitter.push(Buffer.from(chunk), lines);
  splitter.end(lines);
  return { lines, issues };
}

describe('LineSplitter', () => {
  it('joins lines cut across chunks and gives each its number and byte offset', () => {
    const { lines } = split(['first\r\nsec', 'ond\n', 'thi', 'rd']);
    expect(lines).toEqual([
      { text: 'first', line: 1, offset: 0 },
      { text: 'second', line: 2, offset: 7 },
      { text: 'third', line: 3, offset: 14 },
    ]);
  });

  it('passes over a byte order mark before the first line only, even one cut across chunks', () => {
    const { lines, issues } = split(['\uFEFFtype=A\n\uFEFFB\n']);
    expect(lines).toEqual([
      { text: 'type=A', line: 1, offset: 3 },
      { text: '\uFEFFB', line: 2, offset: 10 },
    ]);
    expect(issues.total).toBe(0);
    const splitter = new LineSplitter('f.log', new IssueCollector());
    const cut: TextLine[] = [];
    for (const piece of [[0xef], [0xbb, 0xbf, 0x61], [0x0a]]) splitter.push(Buffer.from(piece), cut);
    expect(cut).toEqual([{ text: 'a', line: 1, offset: 3 }]);
  });

  it('skips a line longer than the limit, reports it with its number, and reads the next line', () => {
    const { lines, issues } = split(['short\n', 'x'.repeat(30), 'y'.repeat(30), '\nafter\n'], 40);
    expect(lines.map((l) => [l.text, l.line])).toEqual([
      ['short', 1],
      ['after', 3],
    ]);
    expect(issues.issues).toEqual([
      expect.objectContaining({ code: 'LINE_TOO_LONG', line: 2, offset: 6, skipped: 'record' }),
    ]);
  });
});
