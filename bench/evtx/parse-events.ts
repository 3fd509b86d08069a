/**
 * Benchmark child: parses EVTX files to events (no output) on N threads and prints the record count.
 * One thread: as the hunt's workers parse an EVTX work item (`pipeline/detect-item.ts`) — batch by
 * batch on this thread, each chunk's events made and handed on, the batch's buffer read into again
 * once its events are consumed. More threads: this thread and workers make the events and drop
 * them, the workers reporting counts only.
 * Usage: node dist-bench/bench/evtx/parse-events.js --threads N FILE…
 */
import { IssueCollector } from '../../src/event/index.js';
import {
  batchesOf,
  blockOf,
  CHUNK_SIZE,
  closeEvtx,
  FILE_HEADER_SIZE,
  openEvtx,
  processChunk,
  readEvtxFiles,
  recycleBatch,
} from '../../src/evtx/index.js';

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
      for (const batch of batchesOf(file)) {
        for (let i = 0; i < batch.count; i++) {
          const index = batch.first + i;
          const location = { file: path, index, fileOffset: FILE_HEADER_SIZE + index * CHUNK_SIZE };
          const output = processChunk(blockOf(batch, i), location, { output: 'events' });
          for (const issue of output.issues) sink.report(issue);
          records += output.events.length;
        }
        recycleBatch(batch);
      }
    } finally {
      closeEvtx(file);
    }
  }
}
process.stdout.write(`${records}\n`);
