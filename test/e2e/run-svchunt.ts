/** Runs the built `svchunt` command (`npm run build` first) as a user would, for the end-to-end tests. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The repository root: the default working directory. */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** The built command's entry point. */
export const SVCHUNT_BIN = join(REPO, 'bin', 'svchunt.js');

const run = promisify(execFile);

export interface CliResult {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit code (null when a signal ended the process). */
  readonly code: number | null;
}

/** Runs `svchunt …args` to its end (`env` added to this process's); a non-zero exit is a result, not an error. */
export async function runSvchunt(
  args: readonly string[],
  cwd: string = REPO,
  env: Readonly<Record<string, string>> = {},
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SVCHUNT_BIN, ...args], {
      cwd,
      maxBuffer: 256 * 2 ** 20,
      env: { ...process.env, ...env },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number | string | null };
    // A failure to start (ENOENT …) has no exit code: that is an error of the test, not a result.
    if (typeof failed.code === 'string' || failed.stdout === undefined) throw error;
    return { stdout: failed.stdout, stderr: failed.stderr ?? '', code: failed.code ?? null };
  }
}
