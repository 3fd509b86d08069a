/**
 * The open flags of an audit event's open call, to tell a write from a read. open and openat pass
 * them in a register the SYSCALL record shows (hex). openat2 passes them inside `struct open_how`,
 * of which the SYSCALL record shows only the address, so they come from the OPENAT2 record Linux
 * 5.16 and later add to the event (kernel/auditsc.c `show_special`: `oflag=0%llo mode=0%llo
 * resolve=0x%llx`). Undefined when the event does not show them.
 */
import type { AuditRecord } from './audit-record.js';
import { fieldText } from './audit-values.js';

/** AUDIT_OPENAT2 (1337, include/uapi/linux/audit.h) as auditd and laurel name it, and as an auditd older than the type writes it. */
const OPENAT2_RECORD_TYPES: ReadonlySet<string> = new Set(['OPENAT2', 'UNKNOWN[1337]']);
/** The kernel's `0%llo`: a 0, then octal digits. */
const KERNEL_OCTAL = /^0[0-7]*$/;
/** The largest byte a pair of octal digits read as hex makes (0x77), and the bits no such pair sets. */
const MAX_OCTAL_PAIR = 0x77;
const NON_OCTAL_NIBBLE_BITS = 0x88;

/**
 * The octal digits of an `oflag`, as the kernel wrote them. laurel reads `oflag` (a "numeric"
 * field without a base in the audit field dictionary) as hex-encoded text first, so an even number
 * of digits reaches us as the bytes of their pairs (`02000000` → 02 00 00 00, written
 * `%02%00%00%00`); this turns those bytes back into digits. The kernel's leading 0 makes the first
 * such byte 0x00–0x07, never a digit, so the two forms cannot be mistaken for each other.
 */
function octalDigits(oflag: string): string | undefined {
  if (KERNEL_OCTAL.test(oflag)) return oflag;
  if (oflag === '' || oflag.charCodeAt(0) > 7) return undefined;
  let digits = '';
  for (let i = 0; i < oflag.length; i++) {
    const byte = oflag.charCodeAt(i);
    if (byte > MAX_OCTAL_PAIR || (byte & NON_OCTAL_NIBBLE_BITS) !== 0) return undefined;
    digits += byte.toString(16).padStart(2, '0');
  }
  return digits;
}

/**
 * The open flags of the call: from SYSCALL register `from` (`a1`, `a2`), or from the `oflag` of
 * the event's OPENAT2 record (`OPENAT2`); undefined when they are not there or not readable.
 */
export function openFlags(
  from: 'a1' | 'a2' | 'OPENAT2',
  syscall: AuditRecord,
  records: readonly AuditRecord[],
): number | undefined {
  if (from !== 'OPENAT2') {
    const flags = Number.parseInt(fieldText(syscall.fields.get(from)) ?? '', 16);
    return Number.isInteger(flags) ? flags : undefined;
  }
  for (const record of records) {
    if (!OPENAT2_RECORD_TYPES.has(record.type)) continue;
    const digits = octalDigits(fieldText(record.fields.get('oflag')) ?? '');
    return digits === undefined ? undefined : Number.parseInt(digits, 8);
  }
  return undefined;
}
