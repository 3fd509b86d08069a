/**
 * Worker-thread entry: receives whole chunks (their ArrayBuffers transferred, never copied), runs
 * `processChunk`, and posts the output back; events travel as plan + rows data (`chunk-events.ts`).
 */
import { parentPort } from 'node:worker_threads';
import { encodeEvents } from './chunk-events.js';
import type { ChunkLocation } from './chunk.js';
import { processChunk, type ChunkOptions } from './process-chunk.js';

export interface ChunkJob {
  readonly id: number;
  readonly buffer: ArrayBuffer;
  readonly length: number;
  readonly location: ChunkLocation;
  readonly options: ChunkOptions;
}

if (parentPort !== null) {
  const port = parentPort;
  port.on('message', (job: ChunkJob) => {
    try {
      const output = processChunk(new Uint8Array(job.buffer, 0, job.length), job.location, job.options);
      port.postMessage({ id: job.id, output: { ...output, events: [] }, events: encodeEvents(output.events) });
    } catch (error) {
      port.postMessage({ id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
}
