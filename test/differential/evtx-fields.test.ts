/**
 * The Sigma engine sees EVTX events and JSON exports of them alike, so an event's fields must be
 * exactly `flattenWindowsEventJson(renderJson(record))`: same names, same order, same values. This
 * checks the compiled field plans against that definition on every record of the corpus, and the
 * compiled JSON skeletons against the general renderer.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flattenWindowsEventJson } from '../../src/event/index.js';
import { parseEvtxBytes } from '../../src/evtx/index.js';
import { evtxFilesUnder, CORPUS } from './evtx-corpus.js';

const files = evtxFilesUnder(CORPUS);

describe('EVTX events and rendered JSON', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(700);
  });

  it('gives every event the fields flattenWindowsEventJson finds in its rendered JSON', () => {
    let records = 0;
    for (const file of files) {
      const bytes = readFileSync(file);
      const events = parseEvtxBytes(bytes, file, { output: 'events' }).flatMap((chunk) => chunk.events);
      const lines = parseEvtxBytes(bytes, file, { output: 'jsonl', compiled: false }).flatMap((chunk) =>
        chunk.text.split('\n').filter((line) => line !== ''),
      );
      expect(events.length, file).toBe(lines.length);
      events.forEach((event, i) => {
        const expected = flattenWindowsEventJson(JSON.parse(lines[i]!));
        const actual = new Map(event.fieldNames().map((name) => [name, event.get(name)]));
        if (expected === undefined) throw new Error(`${file} record ${i}: no System element`);
        expect(actual, `${file} record ${event.provenance.recordId}`).toEqual(expected);
        records++;
      });
    }
    expect(records).toBeGreaterThan(39_000);
  });

  it('renders the same JSON through compiled skeletons as through the general renderer', () => {
    for (const file of files) {
      const bytes = readFileSync(file);
      const fast = parseEvtxBytes(bytes, file, { output: 'jsonl' }).map((chunk) => chunk.text);
      const general = parseEvtxBytes(bytes, file, { output: 'jsonl', compiled: false }).map((chunk) => chunk.text);
      expect(fast, file).toEqual(general);
    }
  });
});
