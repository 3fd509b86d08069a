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

  it('answers keyword searches from the record bytes as an expression over the decoded fields does', () => {
    const mimikatz = ['sekurlsa::', 'lsadump::', 'privilege::debug', 'mimidrv.sys', 'gentilkiwi.com'];
    const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const text = (value: unknown): string => (value === null ? '' : String(value));
    /** The definition: `/…/iu` of the words over each decoded value, code fields passed over when asked. */
    const byFields = (event: Event, words: readonly string[], skipCode: boolean): boolean => {
      const regex = new RegExp(words.map(escape).join('|'), 'iu');
      return event.fieldNames().some((name) => {
        if (skipCode && event.isCodeField!(name)) return false;
        const value = event.get(name);
        if (value === undefined || value === null) return false;
        return Array.isArray(value) ? value.some((item) => regex.test(text(item))) : regex.test(text(value));
      });
    };
    let checked = 0;
    let found = 0;
    const steps = new Set<number>();
    for (const [n, file] of files.entries()) {
      const events = parseEvtxBytes(readFileSync(file), file, { output: 'events' }).flatMap((chunk) => chunk.events);
      // Words cut from this file's own values (upper-cased), so the searches find something: short
      // ones (3 to 11 characters: small steps) and long ones (10 to 17: the largest step, 8).
      const short: string[] = [];
      const long: string[] = [];
      for (const [i, event] of events.filter((_, i) => i % 97 === n % 97).entries()) {
        const texts = event
          .fieldNames()
          .map((name) => event.get(name))
          .filter((v): v is string => typeof v === 'string' && /^[\x20-\x7e]+$/.test(v));
        const value = texts[(n + i) % Math.max(1, texts.length)] ?? '';
        const from = Math.floor(value.length / 3);
        const shortWord = value.slice(from, from + 3 + ((n + i) % 9));
        const longWord = value.slice(from, from + 10 + ((n + i) % 8));
        if (shortWord.length >= 3) short.push(shortWord.toUpperCase());
        if (longWord.length >= 10) long.push(longWord.toUpperCase());
      }
      // The last list cannot be scanned undecoded (a 2-character and a non-ASCII word): decoded values.
      const wordLists = [mimikatz, [...mimikatz, ...short], [...mimikatz, ...long], [...short, 'SY', 'ÜBER']];
      for (const words of wordLists) {
        const search = KeywordSearch.of(words);
        steps.add(search.step);
        for (const event of events) {
          for (const skipCode of [true, false]) {
            const expected = byFields(event, words, skipCode);
            expect(event.holdsKeyword!(search, skipCode), `${file} record ${event.provenance.recordId}`).toBe(expected);
            checked++;
            if (expected) found++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(280_000);
    expect(found).toBeGreaterThan(10_000);
    expect(checked - found).toBeGreaterThan(10_000);
    // Step 1 (a 3-character word) up to the Mimikatz words' 7: the sampling is exercised on real
    // data; step 0 is the decoded path.
    expect([...steps].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
