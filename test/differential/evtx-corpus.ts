/** Where the shared corpus lies (beside the repository, never copied in) and its EVTX files. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
export const LOGS = join(CORPUS, 'logs');
export const SIGMA = join(CORPUS, 'sigma');

/** Every `.evtx` file under `dir`, sorted, as absolute paths. */
export function evtxFilesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.evtx')) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}
