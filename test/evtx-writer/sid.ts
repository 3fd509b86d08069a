// Security identifiers as BinXML stores them (MS-DTYP §2.4.2.2): revision, sub-authority count,
// a 48-bit big-endian identifier authority, then 32-bit little-endian sub-authorities.

const SID_TEXT = /^S-1-(\d+)((?:-\d+)*)$/;
const MAX_SUB_AUTHORITIES = 15; // the format's own limit

/** The stored bytes of a SID written as `S-1-5-21-…`. */
export function sidBytes(text: string): Uint8Array {
  const m = SID_TEXT.exec(text);
  if (m === null) throw new TypeError(`not a SID: ${text}`);
  const subAuthorities = (m[2] ?? '').split('-').slice(1).map(Number);
  if (subAuthorities.length > MAX_SUB_AUTHORITIES) throw new TypeError(`too many sub-authorities: ${text}`);
  const bytes = Buffer.alloc(8 + 4 * subAuthorities.length);
  bytes[0] = 1;
  bytes[1] = subAuthorities.length;
  bytes.writeUIntBE(Number(m[1]), 2, 6);
  subAuthorities.forEach((value, i) => bytes.writeUInt32LE(value, 8 + 4 * i));
  return bytes;
}
