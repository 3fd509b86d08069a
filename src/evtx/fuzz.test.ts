/**
 * Mutated real chunks must end, and never throw: bit flips, truncation and random bytes in the
 * token streams of records. The PRNG is seeded, so every run tries the same inputs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/support/benign-events.js';
import { processChunk, UNCHECKED_READ, type ChunkOutputKind } from './process-chunk.js';

const SAMPLES = [
  'security.evtx',
  'system.evtx',
  'E_Windows_system32_winevt_logs_Microsoft-Windows-Shell-Core%4Operational.evtx',
];
const SAMPLE_DIR = fileURLToPath(new URL('../../../shared/corpus/logs/omerbenamram-evtx/samples/', import.meta.url));
/** Mutations per sample chunk; enough to reach every token kind, small enough for a quick test. */
const ITERATIONS = 150;

function mutate(chunk: Uint8Array, random: () => number): Uint8Array {
  const copy = chunk.slice();
  const kind = Math.floor(random() * 3);
  if (kind === 0) {
    for (let i = 0; i < 1 + Math.floor(random() * 16); i++) {
      const at = 512 + Math.floor(random() * (copy.length - 512));
      copy[at] = copy[at]! ^ (1 << Math.floor(random() * 8));
    }
    return copy;
  }
  if (kind === 1) return copy.subarray(0, Math.floor(random() * copy.length));
  const start = 512 + Math.floor(random() * 4096);
  for (let i = 0; i < 64; i++) copy[start + i] = Math.floor(random() * 256);
  return copy;
}

describe('parsing mutated chunks', () => {
  for (const sample of SAMPLES) {
    it(`ends without an exception for ${ITERATIONS} mutations of ${sample} in every output`, () => {
      const bytes = readFileSync(SAMPLE_DIR + sample);
      const chunk = bytes.subarray(4096, 4096 + 65536);
      const random = seededRandom(0x5eed ^ sample.length);
      const outputs: ChunkOutputKind[] = ['jsonl', 'xml', 'events'];
      let issues = 0;
      for (let i = 0; i < ITERATIONS; i++) {
        const mutated = mutate(chunk, random);
        for (const output of outputs) {
          const result = processChunk(mutated, { file: sample, index: 0, fileOffset: 4096 }, { output });
          issues += result.issues.length;
          // Every bad byte must be caught by a bounds check, never by a read past the chunk.
          for (const issue of result.issues) expect(issue.message).not.toContain(UNCHECKED_READ);
        }
      }
      expect(issues).toBeGreaterThan(0);
    });
  }
});
