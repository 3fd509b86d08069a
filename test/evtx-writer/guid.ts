// GUIDs as BinXML stores them (MS-DTYP §2.3.4.2): the first three groups little-endian, the last
// two as written. Also a stable GUID made from text, for template identifiers the writer invents.
import { createHash } from 'node:crypto';

const GUID_TEXT = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

/** The 16 stored bytes of a GUID written as `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}` (braces optional). */
export function guidBytes(text: string): Uint8Array {
  const m = GUID_TEXT.exec(text);
  if (m === null) throw new TypeError(`not a GUID: ${text}`);
  const bytes = Buffer.alloc(16);
  bytes.writeUInt32LE(Number.parseInt(m[1] ?? '', 16), 0);
  bytes.writeUInt16LE(Number.parseInt(m[2] ?? '', 16), 4);
  bytes.writeUInt16LE(Number.parseInt(m[3] ?? '', 16), 6);
  Buffer.from(`${m[4] ?? ''}${m[5] ?? ''}`, 'hex').copy(bytes, 8);
  return bytes;
}

/** 16 bytes that depend only on `text`; Windows derives template GUIDs from content in the same spirit. */
export function guidBytesFromText(text: string): Uint8Array {
  return createHash('md5').update(text, 'utf8').digest();
}
