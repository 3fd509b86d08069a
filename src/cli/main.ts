/** The svchunt command line: each subcommand lives in its own file and registers itself here. */
import { Command } from 'commander';
import { registerDumpCommand } from './dump-command.js';

/** Runs the CLI and resolves to the process exit code (see `exit-codes.ts`). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('svchunt')
    .description('Hunt abuse of system services (ATT&CK T1569) in Windows, Linux and macOS logs')
    .showHelpAfterError();
  let exitCode = 0;
  const setExitCode = (code: number): void => {
    exitCode = Math.max(exitCode, code);
  };
  for (const register of COMMANDS) register(program, setExitCode);
  await program.parseAsync(argv as string[]);
  return exitCode;
}

/** A subcommand adds itself to the program and reports its exit code through `setExitCode`. */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

const COMMANDS: readonly RegisterCommand[] = [registerDumpCommand];
