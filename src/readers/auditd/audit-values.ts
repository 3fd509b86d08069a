/**
 * auditd's value encodings: untrusted strings (file names, arguments, the command line) are
 * written as `"text"` when safe and as bare upper-case hex of their bytes otherwise; PROCTITLE's
 * hex holds the argument vector separated by NUL bytes; `key` may hold several rule keys.
 */
import { AUDIT_ENCODED_FIELDS, type FieldValue } from '../../event/index.js';

const HEX = /^[0-9A-Fa-f]+$/;
const EXECVE_ARGUMENT = /^a\d+(?:\[\d+\])?$/;

/** Whether an unquoted value of `name` (in a record of `type`) is hex-encoded text. */
export function isEncodedField(type: string, name: string): boolean {
  if (type === 'EXECVE') return EXECVE_ARGUMENT.test(name);
  return AUDIT_ENCODED_FIELDS.has(name);
}

/** The bytes of a hex string, or undefined when it is not an even run of hex digits. */
export function hexBytes(text: string): Buffer | undefined {
  if (text.length % 2 !== 0 || !HEX.test(text)) return undefined;
  return Buffer.from(text, 'hex');
}

/** A decoded argument vector as one command line: NUL separators become spaces, a final NUL goes. */
export function joinNulSeparated(bytes: Buffer): string {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0 ? bytes.length - 1 : bytes.length;
  return bytes.toString('utf8', 0, end).replaceAll('\u0000', ' ');
}

/** An EXECVE argument from its pieces: the bytes joined first, so a character cut between two pieces survives. */
export function argumentText(pieces: readonly Buffer[]): string {
  return Buffer.concat(pieces).toString('utf8');
}

/** The kernel's AUDIT_KEY_SEPARATOR (include/uapi/linux/audit.h): several rule keys in one `key` field. */
const KEY_SEPARATOR = '\u0001';

/** A decoded `key`: one key as text, several (joined by the kernel with 0x01) as a list. */
export function splitKeys(bytes: Buffer): string | readonly string[] {
  const text = bytes.toString('utf8');
  return text.includes(KEY_SEPARATOR) ? text.split(KEY_SEPARATOR) : text;
}

/** Values auditd writes for "nothing": `(null)` becomes null, as laurel writes it. */
export function isNullText(text: string): boolean {
  return text === '(null)';
}

/** A record field's value as text; undefined when it is missing, null or a list. */
export function fieldText(value: FieldValue | undefined): string | undefined {
  return value === undefined || value === null || Array.isArray(value) ? undefined : String(value);
}
