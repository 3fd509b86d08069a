/** Where the shared test corpus lies; tests read it in place and never copy it into the repo. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
export const SIGMA_CORPUS = join(CORPUS, 'sigma');
export const LOG_CORPUS = join(CORPUS, 'logs');
