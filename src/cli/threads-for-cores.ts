/**
 * A `--threads` value fitted to the machine: more threads than the cores the process may use
 * (`os.availableParallelism()`) only add engines that wait for a core — 100 threads on 2 cores took
 * 39 s and 2.7 GB where 2 took a few seconds — so the count is lowered to the cores, with a notice
 * for stderr that says so.
 */

export interface FittedThreads {
  readonly threads: number;
  /** One line (no newline) for stderr when the count was lowered; undefined when it was kept. */
  readonly notice: string | undefined;
}

/** `requested` threads, at most `cores`; `cores` is injected (the CLI passes `availableParallelism()`). */
export function threadsForCores(requested: number, cores: number): FittedThreads {
  const usable = Math.max(1, Math.floor(cores));
  if (requested <= usable) return { threads: requested, notice: undefined };
  return {
    threads: usable,
    notice: `svchunt: --threads ${requested} is more than the ${usable} core${usable === 1 ? '' : 's'} here; using ${usable}`,
  };
}
