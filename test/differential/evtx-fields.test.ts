/**
 * The Sigma engine sees EVTX events and JSON exports of them alike, so an event's fields must be
 * exactly `flattenWindowsEventJson(renderJson(record))`: same names, same order, same values. This
 * checks the compiled field plans against that definition on every record of the corpus, and the
 * compiled JSON skeletons against the general renderer.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flattenWindowsEventJson, KeywordSearch, type Event } from '../../src/event/index.js';
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

  it('answers keyword searches from the record bytes as a search of the decoded fields does', () => {
    const mimikatz = ['sekurlsa::', 'lsadump::', 'privilege::debug', 'mimidrv.sys', 'gentilkiwi.com'];
    /** The definition: each field's decoded value searched, code fields passed over when asked. */
    const byFields = (event: Event, search: KeywordSearch, skipCode: boolean): boolean =>
      event.fieldNames().some((name) => !(skipCode && event.isCodeField!(name)) && search.inValue(event.get(name)));
    let checked = 0;
    let found = 0;
    for (const [n, file] of files.entries()) {
      const events = parseEvtxBytes(readFileSync(file), file, { output: 'events' }).flatMap((chunk) => chunk.events);
      // Words cut from this file's own values (upper-cased), so the searches find something.
      const words = [...mimikatz];
      for (const event of events.filter((_, i) => i % 97 === n % 97)) {
        const texts = event
          .fieldNames()
          .map((name) => event.get(name))
          .filter((v): v is string => typeof v === 'string');
        const text = texts[(n + words.length) % Math.max(1, texts.length)] ?? '';
        const from = Math.floor(text.length / 3);
        const word = text.slice(from, from + 3 + ((n + words.length) % 9));
        if (word.length >= 3 && /^[\x20-\x7e]+$/.test(word)) words.push(word.toUpperCase());
      }
      const searches = [KeywordSearch.of(mimikatz)!, KeywordSearch.of(words)!];
      for (const event of events) {
        for (const search of searches) {
          for (const skipCode of [true, false]) {
            const expected = byFields(event, search, skipCode);
            expect(event.holdsKeyword!(search, skipCode), `${file} record ${event.provenance.recordId}`).toBe(expected);
            checked++;
            if (expected) found++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(150_000);
    expect(found).toBeGreaterThan(10_000);
    expect(checked - found).toBeGreaterThan(10_000);
  });
});
