/** The UTF-8 byte order mark some Windows tools write before text; the readers pass over it. */
export const UTF8_BOM: readonly number[] = [0xef, 0xbb, 0xbf];

/** Whether `bytes` hold a UTF-8 byte order mark at `at`. */
export function hasUtf8Bom(bytes: Uint8Array, at = 0): boolean {
  return bytes[at] === 0xef && bytes[at + 1] === 0xbb && bytes[at + 2] === 0xbf;
}
