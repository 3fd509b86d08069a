/**
 * The catalogue in rules/README.md lists every rule of the pack (id, file, level, title, techniques)
 * and nothing else: it is checked against the rules themselves, so it cannot drift. After adding or
 * changing rules, rewrite it with SVCHUNT_UPDATE_CATALOGUE=1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRules, loadRules } from '../../src/sigma/index.js';

const PACK = fileURLToPath(new URL('../../rules/', import.meta.url));
const README = fileURLToPath(new URL('../../rules/README.md', import.meta.url));
const HEADER = '| id | file | level | title | techniques |\n| --- | --- | --- | --- | --- |\n';

interface Entry {
  readonly meta: {
    readonly id?: string | undefined;
    readonly title: string;
    readonly level?: string | undefined;
    readonly tags: readonly string[];
  };
  readonly location: { readonly file: string };
  readonly type?: string;
}

function row(entry: Entry): { file: string; title: string; line: string } {
  const file = relative(PACK, entry.location.file).split('\\').join('/');
  const title = entry.type === undefined ? entry.meta.title : `${entry.meta.title} (correlation: ${entry.type})`;
  const techniques = entry.meta.tags
    .filter((t) => /^attack\.t\d{4}/.test(t))
    .map((t) => t.slice('attack.'.length).toUpperCase())
    .join(', ');
  return {
    file,
    title,
    line: `| \`${entry.meta.id ?? ''}\` | ${file} | ${entry.meta.level ?? ''} | ${title} | ${techniques} |`,
  };
}

async function catalogue(): Promise<string> {
  const checked = checkRules(await loadRules([PACK]));
  const rows = [...checked.rules, ...checked.correlations].map((r) => row(r as Entry));
  rows.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.title < b.title ? -1 : a.title > b.title ? 1 : 0,
  );
  return HEADER + rows.map((r) => `${r.line}\n`).join('');
}

describe('rules/README.md catalogue', () => {
  it('lists exactly the rules of the pack', async () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(HEADER);
    expect(start, 'the catalogue table header').toBeGreaterThan(0);
    let end = start + HEADER.length;
    while (readme.startsWith('| `', end)) end = readme.indexOf('\n', end) + 1;
    const expected = await catalogue();
    if (process.env.SVCHUNT_UPDATE_CATALOGUE === '1')
      writeFileSync(README, readme.slice(0, start) + expected + readme.slice(end));
    else expect(readme.slice(start, end)).toBe(expected);
  });
});
