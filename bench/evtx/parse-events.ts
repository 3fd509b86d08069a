/**
 * Benchmark child: parses EVTX files to events (no output) on N threads and prints the record count.
 * Usage: node dist-bench/bench/evtx/parse-events.js --threads N FILE…
 */
import { IssueCollector } from '../../src/event/index.js';
import { ChunkPool, readEvtxEvents } from '../../src/evtx/index.js';

const args = process.argv.slice(2);
const threadsAt = args.indexOf('--threads');
const threads = threadsAt >= 0 ? Number(args[threadsAt + 1]) : 1;
const files = args.filter((_, i) => i !== threadsAt && i !== threadsAt + 1);
const pool = threads > 1 ? new ChunkPool(threads) : undefined;
let records = 0;
const sink = new IssueCollector();
for (const file of files) {
  for await (const events of readEvtxEvents(file, sink, pool === undefined ? { threads: 1 } : { pool })) {
    records += events.length;
  }
}
await pool?.close();
process.stdout.write(`${records}\n`);
