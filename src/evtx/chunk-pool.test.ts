/**
 * The pool's handling of a dying worker. The worker script is the build's (`npm test` builds first).
 */
import type { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ChunkPool } from './chunk-pool.js';
import { closeEvtx, openEvtxSync } from './open-evtx.js';

const SYSTEM = fileURLToPath(
  new URL('../../../shared/corpus/logs/omerbenamram-evtx/samples/system.evtx', import.meta.url),
);

/** Makes the pool's worker `i` report an error, as a worker that died would. */
function kill(pool: ChunkPool, i: number, error: Error): void {
  (pool as unknown as { workers: EventEmitter[] }).workers[i]!.emit('error', error);
}

describe('ChunkPool', () => {
  it('sends no more jobs to a worker that died, and fails them at once when none is left', async () => {
    const file = openEvtxSync(SYSTEM);
    const pool = new ChunkPool(2);
    try {
      kill(pool, 0, new Error('worker 0 died'));
      const outputs = await pool.submit(file.path, file.fd, { first: 0, count: 2 }, { output: 'jsonl' });
      expect(outputs).toHaveLength(2);
      kill(pool, 1, new Error('worker 1 died'));
      await expect(pool.submit(file.path, file.fd, { first: 2, count: 1 }, { output: 'jsonl' })).rejects.toThrow(
        /worker [01] died/,
      );
    } finally {
      await pool.close();
      closeEvtx(file);
    }
  });
});
