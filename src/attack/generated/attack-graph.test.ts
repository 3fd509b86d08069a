/**
 * The committed table is what the generator makes from the corpus, byte for byte, and it holds
 * facts only: no description, procedure, note or discussion text from the corpus.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAttackGraph, OUTPUT_FILE } from '../../../scripts/generate-attack-graph.js';
import { CORPUS, REPO_ROOT } from '../../../test/conformance/corpus-paths.js';

const INPUT = join(CORPUS, 'attack', 't1569-graph.json');
const OUTPUT = join(REPO_ROOT, OUTPUT_FILE);

/** Corpus prose fields; a fragment this long is not a name by accident. */
const PROSE_FRAGMENT_CHARS = 40;

function proseFragments(corpus: { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] }): string[] {
  const texts = [
    ...corpus.nodes.map((n) => n['description']),
    ...corpus.edges.map((e) => e['note']),
    ...corpus.nodes.flatMap((n) =>
      Array.isArray(n['log_sources']) ? n['log_sources'].map((s: { channel?: unknown }) => s.channel) : [],
    ),
  ];
  return texts
    .filter((t): t is string => typeof t === 'string' && t.length > PROSE_FRAGMENT_CHARS)
    .map((t) => t.slice(0, PROSE_FRAGMENT_CHARS));
}

describe('the generated attack graph', () => {
  it('has its source corpus to compare with (set SVCHUNT_CORPUS if it lies elsewhere)', () => {
    expect(existsSync(INPUT), INPUT).toBe(true);
  });

  it('is byte-identical to a fresh run of the generator on the corpus', async () => {
    const fresh = await renderAttackGraph(readFileSync(INPUT), basename(INPUT), OUTPUT);
    const committed = readFileSync(OUTPUT, 'utf8');
    const committedLines = committed.split('\n');
    const line = fresh.split('\n').findIndex((text, i) => text !== committedLines[i]) + 1;
    expect(fresh === committed, `differs from line ${line}: run npm run generate:attack`).toBe(true);
  });

  it('contains no description, note or channel text of the corpus', () => {
    const corpus = JSON.parse(readFileSync(INPUT, 'utf8')) as Parameters<typeof proseFragments>[0];
    const table = readFileSync(OUTPUT, 'utf8');
    const fragments = proseFragments(corpus);
    expect(fragments.length).toBeGreaterThan(500);
    expect(fragments.filter((f) => table.includes(f))).toEqual([]);
  });
});
