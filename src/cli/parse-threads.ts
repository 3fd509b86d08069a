/**
 * The `--threads N` value of `hunt` and `dump`: a whole number from 1 to `MAX_THREADS`, written in
 * decimal digits (`1e2` and `0x10` are typos more often than plans). A value above the cores the
 * process may use is accepted here and lowered when the command runs (`threads-for-cores.ts`).
 */
import { InvalidArgumentError } from 'commander';

/**
 * Above this a value is a usage error on any machine, not a count to lower quietly: it is as many
 * logical cores as a two-socket server of 64-core CPUs with SMT has, and each worker thread is a
 * JavaScript engine of its own (100 threads took 2.7 GB RSS on the 2-core VM, ~27 MB each). A
 * value past it (`--threads 100000`, an extra zero) is a typo to point out.
 */
export const MAX_THREADS = 256;

const DECIMAL = /^\d+$/;

export function parseThreads(value: string): number {
  const text = value.trim();
  const threads = Number(text);
  if (!DECIMAL.test(text) || threads < 1)
    throw new InvalidArgumentError(`expected a whole number of threads from 1 to ${MAX_THREADS}`);
  if (threads > MAX_THREADS)
    throw new InvalidArgumentError(`at most ${MAX_THREADS} (each thread is a JavaScript engine of its own, ~27 MB)`);
  return threads;
}
