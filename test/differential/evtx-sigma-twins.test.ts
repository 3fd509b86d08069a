/**
 * A second oracle: SigmaHQ's regression data pairs each .evtx sample with a JSON export made by the
 * Rust `evtx_dump`. Our JSON rendering of the EVTX must equal the twin record by record, after the
 * normalisations in `normalise` below (each one says why).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEvtxBytes } from '../../src/evtx/index.js';
import { SIGMA } from './evtx-corpus.js';

interface IndexEntry {
  readonly sample_path: string;
  readonly json_sample_path: string;
}

/**
 * Known content differences between a twin and its .evtx, by twin path and field: the twin was
 * exported from another capture than the binary sample. evtxexport reads the .evtx as we do.
 */
const TWIN_CONTENT_DIFFERENCES: Readonly<Record<string, readonly string[]>> = {
  'proc_creation_win_susp_right_to_left_override/ad691d92-15f2-4181-9aa4-723c74f9ddc3.json': ['ParentCommandLine'],
};

/** The one place where formatting differences between evtx_dump versions and us are evened out. */
function normalise(document: unknown, ignoredFields: readonly string[]): unknown {
  const text = JSON.stringify(document)
    // One twin comes from an evtx_dump version that printed nanoseconds; FILETIME has 100 ns ticks
    // and the other 201 twins (and we) print microseconds.
    .replace(/(\.\d{6})\d{3}Z"/g, '$1Z"');
  return JSON.parse(text, (key, value: unknown) => {
    if (ignoredFields.includes(key)) return undefined;
    // evtx_dump trims trailing whitespace off strings (`cmd.exe" ` becomes `cmd.exe"`); we keep the
    // value as written, as evtxexport does, because a rule may look at it.
    return typeof value === 'string' ? value.trimEnd() : value;
  });
}

/** The twins hold one or more pretty-printed JSON objects back to back. */
function splitObjects(text: string): unknown[] {
  const objects: unknown[] = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' && depth++ === 0) start = i;
    else if (c === '}' && --depth === 0) objects.push(JSON.parse(text.slice(start, i + 1)));
  }
  return objects;
}

const entries = JSON.parse(readFileSync(join(SIGMA, 'regression-index.json'), 'utf8')) as IndexEntry[];

describe('EVTX JSON against the SigmaHQ evtx_dump twins', () => {
  it('lists 202 sample pairs', () => {
    expect(entries).toHaveLength(202);
  });

  it('renders every sample record by record as its JSON twin', () => {
    let records = 0;
    for (const entry of entries) {
      const ignored =
        Object.entries(TWIN_CONTENT_DIFFERENCES).find(([suffix]) => entry.json_sample_path.endsWith(suffix))?.[1] ?? [];
      const file = join(SIGMA, entry.sample_path);
      const ours = parseEvtxBytes(readFileSync(file), file, { output: 'jsonl' })
        .flatMap((chunk) => chunk.text.split('\n'))
        .filter((line) => line !== '')
        .map((line) => normalise(JSON.parse(line), ignored));
      const twins = splitObjects(readFileSync(join(SIGMA, entry.json_sample_path), 'utf8')).map((doc) =>
        normalise(doc, ignored),
      );
      expect(ours, entry.sample_path).toEqual(twins);
      records += ours.length;
    }
    expect(records).toBe(238);
  });
});
