/**
 * Benchmark child: parses EVTX files to events (no output) on N threads and prints the record count.
 * One thread: `readEvtxEvents` on this thread, as a reader's consumer gets them. More threads:
 * this thread and workers make the events and drop them, the workers reporting counts only —
 * parsing stays where it happens, as in the hunt pipeline, whose workers parse and match chunks
 * themselves (`detect-item.ts`).
 * Usage: node dist-bench/bench/evtx/parse-events.js --threads N FILE…
 */
import { IssueCollector } from '../../src/event/index.js';
import { readEvtxEvents, readEvtxFiles } from '../../src/evtx/index.js';

const args = process.argv.slice(2);
const threadsAt = args.indexOf('--threads');
const threads = threadsAt >= 0 ? Number(args[threadsAt + 1]) : 1;
const files = args.filter((_, i) => i !== threadsAt && i !== threadsAt + 1);
let records = 0;
if (threads > 1) {
  for await (const item of readEvtxFiles(files, { output: 'events', threads, dropEvents: true })) {
    if (item.kind === 'chunk') records += item.output.recordCount;
  }
} else {
  const sink = new IssueCollector();
  for (const file of files) {
    for await (const events of readEvtxEvents(file, sink, { threads: 1 })) records += events.length;
  }
}
process.stdout.write(`${records}\n`);
