/**
 * Syscall numbers → names per architecture, for RAW logs (the ENRICHED format and laurel write
 * `SYSCALL=name` themselves). A SYSCALL record's `arch` is the kernel's AUDIT_ARCH_* value
 * (include/uapi/linux/audit.h) in hex. Only the calls events are derived from: program starts and
 * file changes, as in `SYSCALL_NAMES_X86_64`. Numbers from the kernel's tables:
 * arch/x86/entry/syscalls/syscall_32.tbl (i386) and include/uapi/asm-generic/unistd.h (aarch64,
 * which has no open, creat, link, unlink, rename, mkdir or symlink of its own).
 */
import { AUDIT_ARCH_X86_64, SYSCALL_NAMES_X86_64 } from '../../event/index.js';

const SYSCALL_NAMES_I386: Readonly<Record<number, string>> = {
  5: 'open',
  8: 'creat',
  9: 'link',
  10: 'unlink',
  11: 'execve',
  14: 'mknod',
  15: 'chmod',
  38: 'rename',
  39: 'mkdir',
  40: 'rmdir',
  83: 'symlink',
  92: 'truncate',
  93: 'ftruncate',
  193: 'truncate64',
  194: 'ftruncate64',
  295: 'openat',
  296: 'mkdirat',
  297: 'mknodat',
  301: 'unlinkat',
  302: 'renameat',
  303: 'linkat',
  304: 'symlinkat',
  306: 'fchmodat',
  353: 'renameat2',
  358: 'execveat',
  437: 'openat2',
};

const SYSCALL_NAMES_AARCH64: Readonly<Record<number, string>> = {
  33: 'mknodat',
  34: 'mkdirat',
  35: 'unlinkat',
  36: 'symlinkat',
  37: 'linkat',
  38: 'renameat',
  45: 'truncate',
  46: 'ftruncate',
  53: 'fchmodat',
  56: 'openat',
  221: 'execve',
  276: 'renameat2',
  281: 'execveat',
  437: 'openat2',
};

/** `arch` as raw logs write it → that architecture's syscall names. */
export const SYSCALL_NAMES_BY_ARCH: ReadonlyMap<string, Readonly<Record<number, string>>> = new Map([
  [AUDIT_ARCH_X86_64, SYSCALL_NAMES_X86_64],
  ['40000003', SYSCALL_NAMES_I386], // AUDIT_ARCH_I386, also 32-bit programs on x86_64
  ['c00000b7', SYSCALL_NAMES_AARCH64], // AUDIT_ARCH_AARCH64
]);
