import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectReadBack } from './expect-read-back.js';
import { runEvtxexportOnFile } from './libevtx-oracle.js';
import { EXAMPLE_FILES, exampleBytes, writeExamples } from './make-examples.js';

const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));
const regenerate = process.env['SVCHUNT_REGENERATE_EXAMPLES'] === '1';

describe('examples', () => {
  it.runIf(regenerate)('regenerates the example files when SVCHUNT_REGENERATE_EXAMPLES=1', () => {
    expect(writeExamples(EXAMPLES_DIR)).toHaveLength(Object.keys(EXAMPLE_FILES).length);
  });

  it.each([...exampleBytes()])('%s is committed byte for byte as the writer makes it', (path, bytes) => {
    const file = `${EXAMPLES_DIR}${path}`;
    expect(existsSync(file), `${file} is missing: run with SVCHUNT_REGENERATE_EXAMPLES=1`).toBe(true);
    expect(readFileSync(file).equals(bytes), `${path} differs: run with SVCHUNT_REGENERATE_EXAMPLES=1`).toBe(true);
  });

  it.each(Object.entries(EXAMPLE_FILES))('%s reads back with evtxexport as described', (path, description) => {
    const out = runEvtxexportOnFile(`${EXAMPLES_DIR}${path}`);
    expect(out.exitCode).toBe(0);
    expect(out.events).toHaveLength(description.records.length);
    let id = 0n;
    description.records.forEach((r, i) => {
      id = r.eventRecordId === undefined ? id + 1n : BigInt(r.eventRecordId);
      expectReadBack(out.events[i], r, id);
    });
  });

  it('the examples README names every example file', () => {
    const readme = readFileSync(`${EXAMPLES_DIR}README.md`, 'utf8');
    for (const path of Object.keys(EXAMPLE_FILES)) expect(readme).toContain(path);
  });
});
