/**
 * Benchmark child: parses EVTX files to events (no output) on N threads and prints the record count.
 * One thread: as the hunt's workers parse an EVTX work item (`chunkEventsOnce`, as
 * `pipeline/detect-item.ts` reads): each chunk's events made and handed on, the batch's buffer read
 * into again once its events are consumed. More threads: this thread and workers make the events and drop
 * them, the workers reporting counts only.
 * Usage: node dist-bench/bench/evtx/parse-events.js --threads N FILE…
 */
import { IssueCollector } from '../../src/event/index.js';
import { chunkEventsOnce, closeEvtx, openEvtx, readEvtxFiles } from '../../src/evtx/index.js';

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
  for (const path of files) {
    const file = await openEvtx(path);
    try {
      for (const output of chunkEventsOnce(file, 0, file.blockCount)) {
        for (const issue of output.issues) sink.report(issue);
        records += output.events.length;
      }
    } finally {
      closeEvtx(file);
    }
  }
}
process.stdout.write(`${records}\n`);
