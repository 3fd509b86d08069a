/**
 * The svchunt command line: each subcommand lives in its own file and registers itself here.
 * Registration loads only commander and light modules; a command loads the parts it runs on (the
 * EVTX parser, the Sigma engine, the pipeline) when it runs — start-up cost ~0.1 s less per call.
 */
import { Command, CommanderError } from 'commander';
import { printableText } from '../event/index.js';
import { svchuntVersion } from '../package-paths.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { registerDumpCommand } from './dump-command.js';
import { registerHuntCommand } from './hunt-command.js';
import { registerGraphCommand } from './graph-command.js';
import { registerRulesCommand } from './rules-command.js';
import { UsageError } from './usage-error.js';

/** Runs the CLI and resolves to the process exit code (see `exit-codes.ts`). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('svchunt')
    .description('Hunt abuse of system services (ATT&CK T1569) in Windows, Linux and macOS logs')
    .version(svchuntVersion(), '-V, --version', "print svchunt's version")
    .showHelpAfterError()
    .exitOverride()
    .addHelpText('after', EXIT_CODES_HELP);
  let exitCode = EXIT_OK;
  const setExitCode = (code: number): void => {
    exitCode = Math.max(exitCode, code);
  };
  for (const register of COMMANDS) register(program, setExitCode);
  // A reader that stops early (`svchunt dump x.evtx | head`) closes the pipe: that ends the run
  // quietly with the code it has so far, as for any Unix filter. Any other failure (a full disk)
  // is exit 2 with one line, also when it comes after the command returned (a last buffered write).
  let stdoutFailed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(exitCode);
    if (stdoutFailed) return;
    stdoutFailed = true;
    process.stderr.write(`svchunt: cannot write the standard output: ${error.message}\n`);
    process.exitCode = Math.max(Number(process.exitCode ?? 0), EXIT_USAGE);
  });
  // Standard error carries diagnostics only: when its reader is gone (`2>&1 | head -1`), the run
  // goes on with its findings and exit code rather than dying of the unhandled error. Any other
  // failure (a full disk behind `2>file`) lost diagnostics: the run ends with exit 2 at least.
  let stderrFailed = false;
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    stderrFailed = true;
    // Also when it comes after the command returned (the summary is the last write).
    process.exitCode = Math.max(Number(process.exitCode ?? 0), EXIT_USAGE);
  });
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successful exits; every other parse failure is a usage error.
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`svchunt: ${printableText(err.message)}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof Error && err.name === 'OutputError') {
      // A FIFO given as -o whose reader stopped early: the end of the run, like `| head`.
      if ((err as Error & { readerGone?: boolean }).readerGone === true) return exitCode;
      if (!stdoutFailed) process.stderr.write(`svchunt: ${printableText(err.message)}\n`);
      return EXIT_USAGE;
    }
    // The Sigma engine is loaded only by the commands that use it, so this checks by name.
    if (err instanceof Error && err.name === 'RuleIssueError') {
      const { formatRuleIssue, RuleIssueError } = await import('../sigma/index.js');
      if (err instanceof RuleIssueError) {
        process.stderr.write(`svchunt: ${formatRuleIssue(err.issue)}\n`);
        return EXIT_USAGE;
      }
    }
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`svchunt: internal error, please report it: ${detail}\n`);
    return EXIT_INTERNAL;
  }
  return stdoutFailed || stderrFailed ? Math.max(exitCode, EXIT_USAGE) : exitCode;
}

const EXIT_CODES_HELP = `
Exit codes:
  0   success (findings do not change this unless --fail-on says so)
  1   findings at or above --fail-on; invalid rules under "rules check"; failing fixtures under "rules test"
  2   bad usage (unknown option, bad value, unreadable option file, output that cannot be written)
  3   an input could not be read at all
  70  internal error (a bug in svchunt: please report it)`;

/** A subcommand adds itself to the program and reports its exit code through `setExitCode`. */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

const COMMANDS: readonly RegisterCommand[] = [
  registerHuntCommand,
  registerRulesCommand,
  registerDumpCommand,
  registerGraphCommand,
];
