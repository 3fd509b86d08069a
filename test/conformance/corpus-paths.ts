/**
 * Where the shared test corpus lies: `../shared/corpus/` beside the repository root (or
 * `SVCHUNT_CORPUS`). Tests and benchmarks read it in place and never copy it into the repo.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'src'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the svchunt repository root');
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = repositoryRoot();
export const CORPUS = process.env['SVCHUNT_CORPUS'] ?? resolve(REPO_ROOT, '..', 'shared', 'corpus');
export const SIGMA_CORPUS = join(CORPUS, 'sigma');
export const LOG_CORPUS = join(CORPUS, 'logs');
