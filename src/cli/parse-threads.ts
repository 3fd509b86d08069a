/** The `--threads N` value of `hunt` and `dump`: a whole number, at least 1. */
import { InvalidArgumentError } from 'commander';

export function parseThreads(value: string): number {
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1)
    throw new InvalidArgumentError('expected a whole number of threads, at least 1');
  return threads;
}
