/**
 * The absolute name of a file a PATH record names. The kernel writes the name as the program gave
 * it, so a relative name is joined to the directory it was relative to: the working directory
 * (CWD record) for plain calls and `*at` calls given AT_FDCWD. A PARENT record names that item's
 * directory only when the name has no `/` (kernel/audit.c `audit_log_name`: a directory part of
 * length 0 is written as the working directory), so it serves only then. A name relative to an
 * open directory handle cannot be resolved from the event and is left as written.
 */
import posix from 'node:path/posix';
import type { AuditRecord } from './audit-record.js';
import { fieldText } from './audit-values.js';

/**
 * The SYSCALL register holding the directory handle of each name a `*at` call takes, in the order
 * its non-PARENT PATH records come (rename: source, then destination). From the syscalls' man pages.
 */
const DIRFD_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  openat: ['a0'],
  openat2: ['a0'],
  execveat: ['a0'],
  unlinkat: ['a0'],
  mkdirat: ['a0'],
  mknodat: ['a0'],
  fchmodat: ['a0'],
  symlinkat: ['a1'],
  renameat: ['a0', 'a2'],
  renameat2: ['a0', 'a2'],
  linkat: ['a0', 'a2'],
};

/**
 * Which name of a rename (0 source, 1 destination) its k-th non-PARENT item is. The kernel logs the
 * source (DELETE), then the destination (CREATE; or DELETE, then CREATE, when it replaced a file),
 * and after a RENAME_EXCHANGE the source again (CREATE): fs/namei.c `vfs_rename` (may_delete,
 * may_create), include/linux/fsnotify.h `fsnotify_rename`.
 */
const RENAME_ITEM_NAMES: readonly number[] = [0, 1, 1, 0];
const RENAMES: ReadonlySet<string> = new Set(['rename', 'renameat', 'renameat2']);

/** AT_FDCWD (-100) as the log writes the register: 32 or 64 bits of two's complement hex. */
const AT_FDCWD = /^(?:ffffffff)?ffffff9c$/i;

/** Whether the `k`-th name of the call was given relative to an open directory, not the working directory. */
function isRelativeToHandle(syscall: AuditRecord, syscallName: string, k: number): boolean {
  const registers = DIRFD_ARGUMENTS[syscallName];
  if (registers === undefined) return false;
  const dirfd = fieldText(syscall.fields.get(registers[Math.min(k, registers.length - 1)]!));
  return dirfd !== undefined && !AT_FDCWD.test(dirfd);
}

/**
 * `record`'s name made absolute (see the file comment); the name as written when it cannot be,
 * undefined when the record names nothing.
 */
export function absolutePath(
  record: AuditRecord,
  records: readonly AuditRecord[],
  syscall: AuditRecord,
  syscallName: string,
): string | undefined {
  const name = fieldText(record.fields.get('name'));
  if (name === undefined || name === '') return undefined;
  if (name.startsWith('/')) return name;
  // The k-th name of the call goes with the k-th PARENT (rename: source dir, then destination dir).
  const parents: string[] = [];
  let k = 0;
  for (const other of records) {
    if (other.type !== 'PATH') continue;
    if (fieldText(other.fields.get('nametype')) === 'PARENT') parents.push(fieldText(other.fields.get('name')) ?? '');
    else if (other === record) break;
    else k++;
  }
  if (RENAMES.has(syscallName)) k = RENAME_ITEM_NAMES[k] ?? k;
  if (isRelativeToHandle(syscall, syscallName, k)) return name;
  if (!name.includes('/')) {
    const parent = parents[Math.min(k, parents.length - 1)];
    if (parent?.startsWith('/') === true) return posix.join(parent, name);
  }
  const cwd = fieldText(records.find((r) => r.type === 'CWD')?.fields.get('cwd'));
  return cwd?.startsWith('/') === true ? posix.join(cwd, name) : name;
}
