/**
 * auditd field facts as data (Linux audit userspace: the record fields documented in
 * linux-audit's field dictionary, and the kernel's x86_64 syscall table for numbers).
 *
 * One audit event (one serial) has several records; svchunt makes one `service: auditd` event per
 * record, keeping auditd's own names, so that SYSCALL's register arguments `a0`…`a3` and EXECVE's
 * argument strings `a0`…`aN` never collide. The facts every record of the event shares (which
 * program, which user, which rule key) are copied from the SYSCALL record into each of them, so a
 * rule on a PATH or EXECVE record can still ask for `key`, `exe` or `auid`.
 */

/** Fields of the SYSCALL record copied into every other record of the same serial. */
export const AUDIT_SHARED_FIELDS: readonly string[] = [
  'arch',
  'syscall',
  'success',
  'exit',
  'ppid',
  'pid',
  'auid',
  'uid',
  'gid',
  'euid',
  'ses',
  'tty',
  'comm',
  'exe',
  'key',
  // ENRICHED log format (and laurel): names resolved by auditd when it wrote the record.
  'ARCH',
  'SYSCALL',
  'AUID',
  'UID',
  'GID',
  'EUID',
];

/**
 * Fields auditd writes hex-encoded (without quotes) when the value holds a space, a quote or a
 * control character: untrusted strings (auparse's "escaped" field types). EXECVE's `aN` and
 * `aN[i]` are matched by pattern.
 */
export const AUDIT_ENCODED_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'path',
  'comm',
  'exe',
  'cwd',
  'proctitle',
  'cmd',
  'acct',
  'key',
  'data',
  'dir',
  'file',
  'ocomm',
  'root_dir',
  'grp',
  'new_group',
  'old_group',
  'new-user',
  'old-user',
  'vm',
  'watch',
]);

/**
 * x86_64 syscall numbers → names, for logs written without the ENRICHED format (which adds
 * `SYSCALL=name` itself). Only the calls the readers and rules reason about: process start and
 * file changes.
 */
export const SYSCALL_NAMES_X86_64: Readonly<Record<number, string>> = {
  2: 'open',
  59: 'execve',
  76: 'truncate',
  77: 'ftruncate',
  82: 'rename',
  83: 'mkdir',
  84: 'rmdir',
  85: 'creat',
  86: 'link',
  87: 'unlink',
  88: 'symlink',
  90: 'chmod',
  133: 'mknod',
  257: 'openat',
  258: 'mkdirat',
  259: 'mknodat',
  263: 'unlinkat',
  264: 'renameat',
  265: 'linkat',
  266: 'symlinkat',
  268: 'fchmodat',
  316: 'renameat2',
  322: 'execveat',
  437: 'openat2',
};

/** The audit architecture value of x86_64 (AUDIT_ARCH_X86_64), as raw logs write it. */
export const AUDIT_ARCH_X86_64 = 'c000003e';

/** Syscalls that start a new program image. */
export const AUDIT_EXEC_SYSCALLS: ReadonlySet<string> = new Set(['execve', 'execveat']);

/**
 * Syscalls whose PATH records name files being created or written, and how to read them. A CREATE
 * path is a file the call made, whatever the call. A NORMAL path is a file that was there before:
 * - `flags`, for the open family: where the open flags are, a SYSCALL register (hex) or `OPENAT2`,
 *   the `oflag` (octal) of the OPENAT2 record; the path counts only when they truncate it (see
 *   `OPEN_WRITE_FLAGS`);
 * - `writesExisting`: every NORMAL path of the call is written (creat, truncate);
 * - neither: it does not count (link's source).
 *
 * `movesNames` (rename family): the DELETE paths name the source, which lives on under the new
 * name, and the file the destination held before, whose name now holds the moved file; neither is
 * a file removed, so they make no file_delete (the destination shows as the CREATE path's
 * file_event, as an O_TRUNC overwrite does). unlink and rmdir keep theirs.
 */
export const AUDIT_WRITE_SYSCALLS: Readonly<
  Record<
    string,
    {
      readonly flags?: 'a1' | 'a2' | 'OPENAT2';
      readonly writesExisting?: boolean;
      readonly movesNames?: boolean;
    }
  >
> = {
  open: { flags: 'a1' },
  openat: { flags: 'a2' },
  // openat2(dirfd, name, struct open_how *how, size): the flags are in memory, a2 is their address.
  openat2: { flags: 'OPENAT2' },
  creat: { writesExisting: true },
  truncate: { writesExisting: true },
  rename: { movesNames: true },
  renameat: { movesNames: true },
  renameat2: { movesNames: true },
  link: {},
  linkat: {},
  symlink: {},
  symlinkat: {},
  mkdir: {},
  mkdirat: {},
  mknod: {},
  mknodat: {},
};

/**
 * O_TRUNC (Linux asm-generic/fcntl.h): an open that replaces an existing file's content. A new file
 * shows as a CREATE path whatever the flags; appends (`>>`, O_APPEND) are left out, as Sysmon's
 * FileCreate leaves them out, so one unit written line by line is one file_event, not one per line
 * (the auditd record events still show every write).
 */
export const OPEN_WRITE_FLAGS = 0x200;

/**
 * Sigma `process_creation` fields of a derived event and where each comes from: a field of one of
 * the audit event's records (the first present wins), or a value the reader computes (`argv`: the
 * decoded EXECVE arguments joined by spaces; `parentImage` / `parentCommandLine`: what the log says
 * of the parent process). Extra auditd facts follow the Sigma names so rules can narrow by key.
 */
export const AUDIT_PROCESS_CREATION_FIELDS: readonly {
  readonly field: string;
  readonly from: readonly string[];
}[] = [
  { field: 'Image', from: ['SYSCALL.exe'] },
  { field: 'CommandLine', from: ['argv'] },
  { field: 'CurrentDirectory', from: ['CWD.cwd'] },
  { field: 'User', from: ['SYSCALL.UID', 'SYSCALL.uid'] },
  { field: 'ProcessId', from: ['SYSCALL.pid'] },
  { field: 'ParentProcessId', from: ['SYSCALL.ppid'] },
  { field: 'ParentImage', from: ['parentImage'] },
  { field: 'ParentCommandLine', from: ['parentCommandLine'] },
  // The audit session stands for the logon session: auditd's `ses` is set at login with `auid`.
  { field: 'LogonId', from: ['SYSCALL.ses'] },
  { field: 'LoginUser', from: ['SYSCALL.AUID', 'SYSCALL.auid'] },
  { field: 'key', from: ['SYSCALL.key'] },
  { field: 'comm', from: ['SYSCALL.comm'] },
];

/** Sigma `file_event` / `file_delete` fields of a derived event (`path`: the PATH record's name made absolute). */
export const AUDIT_FILE_EVENT_FIELDS: readonly { readonly field: string; readonly from: readonly string[] }[] = [
  { field: 'TargetFilename', from: ['path'] },
  { field: 'Image', from: ['SYSCALL.exe'] },
  { field: 'User', from: ['SYSCALL.UID', 'SYSCALL.uid'] },
  { field: 'ProcessId', from: ['SYSCALL.pid'] },
  { field: 'LogonId', from: ['SYSCALL.ses'] },
  { field: 'LoginUser', from: ['SYSCALL.AUID', 'SYSCALL.auid'] },
  { field: 'key', from: ['SYSCALL.key'] },
  { field: 'comm', from: ['SYSCALL.comm'] },
  { field: 'SYSCALL', from: ['SYSCALL.SYSCALL'] },
  { field: 'nametype', from: ['PATH.nametype'] },
];
