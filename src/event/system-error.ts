/**
 * An error of the system — a file that cannot be opened or read (ENOENT, EACCES, EIO …): Node's
 * errors of a system call carry the call's name. Readers throw only these (bad data is a reported
 * issue), so anything else that escapes a reader is a bug, not an unreadable input.
 */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
