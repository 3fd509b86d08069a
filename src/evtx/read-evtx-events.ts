/**
 * The reader face of this part: an EVTX file as batches of `Event`s (one batch per chunk), with
 * every data issue reported to the caller's sink in file order.
 */
import type { Event, IssueSink } from '../event/index.js';
import { openEvtx } from './open-evtx.js';
import { readEvtxChunks, type ReadEvtxOptions } from './read-evtx.js';

/** Options of `readEvtxEvents`. */
export interface ReadEvtxEventsOptions {
  /** Threads that parse: the calling thread and `threads - 1` workers. Default: every core. */
  readonly threads?: number;
}

/**
 * Yields the events of one EVTX file, a chunk at a time.
 * @throws the system error when the file cannot be opened or read at all.
 */
export async function* readEvtxEvents(
  path: string,
  sink: IssueSink,
  options: ReadEvtxEventsOptions = {},
): AsyncGenerator<Event[]> {
  const file = await openEvtx(path);
  for (const issue of file.issues) sink.report(issue);
  const readOptions: ReadEvtxOptions =
    options.threads !== undefined ? { output: 'events', threads: options.threads } : { output: 'events' };
  for await (const chunk of readEvtxChunks(file, readOptions)) {
    for (const issue of chunk.issues) sink.report(issue);
    if (chunk.events.length > 0) yield chunk.events.slice();
  }
}
