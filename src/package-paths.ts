/**
 * Where svchunt's package lies and what it is: found from this module's own location, which is
 * `src/` in development, `dist/` when built, `dist-bench/src/` for the benchmarks — so the root is
 * looked for upwards rather than fixed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest folder upwards holding both package.json and rules/. */
function findPackageRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start, i = 0; i < 4; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules'))) return dir;
  }
  throw new Error(`svchunt's package root (package.json and rules/) is not above ${start}`);
}

let root: string | undefined;
let version: string | undefined;

export function packageRoot(): string {
  root ??= findPackageRoot();
  return root;
}

/** The `rules/` folder shipped with the package: svchunt's own rule pack. */
export function builtinRulesPath(): string {
  return join(packageRoot(), 'rules');
}

/** svchunt's version, from its package.json (`--version`; a rule cache of another version is not trusted). */
export function svchuntVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
