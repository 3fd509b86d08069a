/** Command-line options shared by the benchmark scripts. */

/** The value after `name` on the command line, if given. */
export function optionValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}

/** `--runs N`: repetitions per row, whose median is shown (default 3; for an even N, the upper middle run). */
export function benchRuns(): number {
  const runs = Number(optionValue('--runs') ?? '3');
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number from 1 up, not ${runs}`);
  return runs;
}
