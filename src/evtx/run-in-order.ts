/**
 * Runs jobs on worker threads or on the calling thread and yields their results in the order the
 * jobs came, with at most `limit` started and not yet yielded (memory stays flat). Workers are kept
 * fed first; the calling thread takes a job itself only while the result at the head is not ready,
 * then lets the event loop deliver the workers' replies before it decides again. Deciding ahead
 * (a fixed share per thread) left the worker idle half the time: replies wait in the event loop
 * while the calling thread parses, so it saw the worker busy long after it was done.
 */

/** A job that can run here, or on a worker. */
export interface Job<T> {
  readonly here: () => T;
  /** Sends the job to a worker; absent when it is cheap or must run here. */
  readonly away?: () => Promise<T>;
}

/** Whether a worker can take another job now. */
export type HasRoom = () => boolean;

interface Started<T> {
  readonly result: Promise<T>;
  settled: boolean;
}

function start<T>(result: Promise<T>): Started<T> {
  const started: Started<T> = { result, settled: false };
  result.then(
    () => (started.settled = true),
    () => (started.settled = true), // awaited in order below; this only marks it and keeps it handled
  );
  return started;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs a job here; a failure is kept for its turn, as a worker's would be. */
function runHere<T>(job: Job<T>): Started<T> {
  try {
    return start(Promise.resolve(job.here()));
  } catch (error) {
    return start(Promise.reject(error instanceof Error ? error : new Error(String(error))));
  }
}

/** Yields the jobs' results in order; `hasRoom` undefined runs every job here, one at a time. */
export async function* runInOrder<T>(jobs: Iterator<Job<T>>, limit: number, hasRoom?: HasRoom): AsyncGenerator<T> {
  try {
    yield* runJobsInOrder(jobs, limit, hasRoom);
  } finally {
    // A consumer that stops early still ends the jobs' source: it closes what it opened.
    jobs.return?.();
  }
}

async function* runJobsInOrder<T>(jobs: Iterator<Job<T>>, limit: number, hasRoom?: HasRoom): AsyncGenerator<T> {
  const started: Started<T>[] = [];
  let next = jobs.next();
  for (;;) {
    while (next.done !== true && started.length < limit) {
      const job = next.value;
      if (job.away === undefined || hasRoom === undefined) {
        if (job.away !== undefined && started.length > 0) break; // real work here waits for its turn below
        started.push(runHere(job));
      } else if (hasRoom()) {
        started.push(start(job.away()));
      } else {
        break;
      }
      next = jobs.next();
    }
    const head = started[0];
    if (head === undefined) {
      if (next.done === true) return;
      started.push(runHere(next.value));
      next = jobs.next();
      continue;
    }
    if (head.settled || next.done === true || started.length >= limit) {
      started.shift();
      yield await head.result;
      continue;
    }
    // The head is a worker's and not back yet: parse the next job here meanwhile.
    started.push(runHere(next.value));
    next = jobs.next();
    if (hasRoom !== undefined) await nextTurn();
  }
}
