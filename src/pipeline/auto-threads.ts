/**
 * How many threads to use when the user names none. Each worker thread starts its own V8, warms the
 * EVTX parser and compiles its own template variants (and, in a hunt, the rules it meets: 0.4–0.7 s
 * with SigmaHQ's Windows rules). On this 2-core VM two threads measured slower than one on the
 * 117 MB corpus and on a 200 MB dense file (dump 1.25 → 1.45 s, hunt 3.63 → 4.19 s), about even
 * on 512 MB (dump 2.09 → 1.98 s, hunt with built-in rules 2.38 → 2.57 s, with SigmaHQ's 5.94 →
 * 5.36 s) and faster on 1 GB (dump 3.91 → 3.27 s, hunt 12.43 → 8.85 s): one thread per 512 MB.
 */
import { availableParallelism } from 'node:os';

/** Input bytes one more thread must have to pay for itself. */
const BYTES_PER_EXTRA_THREAD = 512 * 2 ** 20;

/** One thread per `BYTES_PER_EXTRA_THREAD` of input, at least one, at most every core. */
export function autoThreads(inputBytes: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.ceil(inputBytes / BYTES_PER_EXTRA_THREAD)));
}
