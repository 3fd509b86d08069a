/**
 * Expands rule paths: a file is taken as given, a folder is walked for `.yml`/`.yaml` files, sorted.
 * Synchronous calls, as the rule files are read: one thread-pool round trip per folder idled the thread.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FIXTURE_SUFFIX } from '../fixtures/rule-fixture.js';

const RULE_FILE = /\.ya?ml$/i;
// Rule fixtures (`<rule>.tests.yml`) sit beside rules but are no Sigma. One name for both the loader
// and the fixture runner: any other spelling is read as a rule and reported, never silently skipped.

export interface RuleFileList {
  readonly files: readonly string[];
  /** Paths that do not exist or cannot be read, with the reason. */
  readonly unreadable: readonly { readonly path: string; readonly reason: string }[];
}

async function walk(dir: string, out: string[], unreadable: { path: string; reason: string }[]): Promise<void> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    unreadable.push({ path: dir, reason: (err as NodeJS.ErrnoException).code ?? String(err) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out, unreadable);
    else if (entry.isFile() && RULE_FILE.test(entry.name) && !entry.name.endsWith(FIXTURE_SUFFIX)) out.push(path);
  }
}

/**
 * The rule files under `paths`, each once (`--rules R --rules R/sub` names R/sub's files twice,
 * which would run those rules twice), and none of `skip` (files loaded already: the built-in pack).
 * Files are told apart by absolute path; the walk does not follow links to folders.
 */
export async function findRuleFiles(paths: readonly string[], skip: readonly string[] = []): Promise<RuleFileList> {
  const found: string[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  for (const path of paths) {
    try {
      const info = statSync(path);
      if (info.isDirectory()) await walk(path, found, unreadable);
      else found.push(path);
    } catch (err) {
      unreadable.push({ path, reason: (err as NodeJS.ErrnoException).code ?? String(err) });
    }
  }
  const seen = new Set(skip.map((file) => resolve(file)));
  const files = found.filter((file) => {
    const absolute = resolve(file);
    if (seen.has(absolute)) return false;
    seen.add(absolute);
    return true;
  });
  return { files, unreadable };
}
