/**
 * Runs a command (stdout discarded) under GNU time and returns wall seconds and peak resident memory:
 * the way every benchmark here measures a tool, ours and the reference alike. Needs /usr/bin/time
 * (Debian package `time`).
 */
import { spawn, spawnSync } from 'node:child_process';

export interface Measurement {
  readonly seconds: number;
  readonly maxRssMiB: number;
  readonly stdout: string;
  /** The command's exit status (null when a signal ended it). */
  readonly status: number | null;
}

export function measureCommand(command: string, args: readonly string[], keepStdout = false): Measurement {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], {
    encoding: 'utf8',
    maxBuffer: keepStdout ? 1024 * 2 ** 20 : 64 * 2 ** 20,
    stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.error !== undefined) throw result.error;
  const lines = (result.stderr ?? '').trim().split('\n');
  const rssKb = Number(lines[lines.length - 1]);
  return {
    seconds,
    maxRssMiB: Number.isFinite(rssKb) ? rssKb / 1024 : Number.NaN,
    stdout: result.stdout ?? '',
    status: result.status,
  };
}

/** `measureCommand` of a run that must succeed: a failed run would otherwise be timed as a result. */
export function measureSuccess(command: string, args: readonly string[], keepStdout = false): Measurement {
  const m = measureCommand(command, args, keepStdout);
  if (m.status !== 0) throw new Error(`${command} ${args.slice(0, 3).join(' ')} … exited with ${m.status}`);
  return m;
}

/** The same command over many argument lists, one after the other: total time, largest peak RSS. */
export function measureEach(command: string, argLists: readonly (readonly string[])[]): Measurement {
  let seconds = 0;
  let maxRssMiB = 0;
  let status: number | null = 0;
  for (const args of argLists) {
    const m = measureCommand(command, args);
    seconds += m.seconds;
    maxRssMiB = Math.max(maxRssMiB, m.maxRssMiB);
    if (m.status !== 0) status = m.status;
  }
  return { seconds, maxRssMiB, stdout: '', status };
}

/** The measurement with the median wall time (of an odd number). */
export function median(measurements: readonly Measurement[]): Measurement {
  const sorted = [...measurements].sort((a, b) => a.seconds - b.seconds);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The median of `runs` (odd) repetitions of `measure`. */
export function medianOf(runs: number, measure: () => Measurement): Measurement {
  return median(Array.from({ length: runs }, measure));
}

/**
 * `copies` runs of one command started together, each on its own: wall time until the last ends,
 * the largest peak RSS. Shows what the machine itself gives to independent work on several cores
 * (shared caches, memory bandwidth, each process's GC threads), the ceiling for threads in one process.
 */
export async function measureSideBySide(
  command: string,
  args: readonly string[],
  copies: number,
): Promise<Measurement> {
  const started = performance.now();
  const runs = await Promise.all(
    Array.from(
      { length: copies },
      () =>
        new Promise<{ rssKb: number; status: number | null }>((resolve, reject) => {
          const child = spawn('/usr/bin/time', ['-f', '%M', command, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
          child.on('error', reject);
          child.on('close', (status) => {
            const lines = stderr.trim().split('\n');
            resolve({ rssKb: Number(lines[lines.length - 1]), status });
          });
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const failed = runs.find((run) => run.status !== 0);
  if (failed !== undefined) throw new Error(`${command} ${args.slice(0, 3).join(' ')} … exited with ${failed.status}`);
  return { seconds, maxRssMiB: Math.max(...runs.map((run) => run.rssKb / 1024)), stdout: '', status: 0 };
}
