/**
 * auditd's value encodings: untrusted strings (file names, arguments, the command line) are
 * written as `"text"` when safe and as bare upper-case hex of their bytes otherwise; PROCTITLE's
 * hex holds the argument vector separated by NUL bytes.
 */
import { AUDIT_ENCODED_FIELDS } from '../../event/index.js';

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

/** Values auditd writes for "nothing": `(null)` becomes null, as laurel writes it. */
export function isNullText(text: string): boolean {
  return text === '(null)';
}
