/**
 * What one audit log has said so far about each process id of each host (`node=`; a log gathered
 * from several hosts repeats pids): its current program (every SYSCALL
 * record names `exe`) and, after an execve, its command line. Parent fields of derived
 * process_creation events come from here when the log does not carry them itself. Bounded: past
 * `MAX_PROCESSES` ids the least recently seen are forgotten (a pid is reused anyway).
 */

/** Process ids remembered; a busy host runs tens of thousands of processes between two reboots. */
export const MAX_PROCESSES = 65_536;

export interface ProcessFacts {
  readonly exe: string;
  readonly commandLine: string | undefined;
}

/** The pid alone when the log names no host, so single-host logs build no key string. */
function processKey(node: string | undefined, pid: string): string {
  return node === undefined ? pid : `${node}\u0000${pid}`;
}

export class ProcessTable {
  private readonly byPid = new Map<string, ProcessFacts>();
  private readonly maxProcesses: number;

  constructor(maxProcesses = MAX_PROCESSES) {
    this.maxProcesses = maxProcesses;
  }

  get(node: string | undefined, pid: string): ProcessFacts | undefined {
    return this.byPid.get(processKey(node, pid));
  }

  /** Records that `pid` of `node` runs `exe`; a new command line replaces the old, none keeps it for the same exe. */
  note(node: string | undefined, pid: string, exe: string, commandLine: string | undefined): void {
    const key = processKey(node, pid);
    const before = this.byPid.get(key);
    this.byPid.delete(key);
    const kept = commandLine ?? (before !== undefined && before.exe === exe ? before.commandLine : undefined);
    this.byPid.set(key, { exe, commandLine: kept });
    if (this.byPid.size > this.maxProcesses) {
      const oldest = this.byPid.keys().next().value;
      if (oldest !== undefined) this.byPid.delete(oldest);
    }
  }
}
