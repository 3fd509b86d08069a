/**
 * A zip archive read front to back by its local file headers (PKWARE APPNOTE 4.3.6–4.3.9), for
 * when the central directory at its end cannot be read (an archive cut short by a failed download
 * or copy). Every entry whose header is there is yielded; its data is decompressed and checked
 * against its CRC-32 as it is read. What cannot be read is an item saying where and why, and the
 * walk goes on at the next local header. Zip64 entries (sizes in the extra field, 8-byte sizes in
 * the data descriptor) are read too. Memory holds one header and one inflate slice.
 */
import { ByteInput } from './byte-input.js';
import { DecompressionError } from './inner-log.js';
import { localEntryData, type WalkPosition } from './zip-local-data.js';
import { readLocalHeader, type LocalHeader } from './zip-local-header.js';

/** What the walk finds, in archive order; every `offset` is bytes from the start of the archive. */
export type LocalZipItem =
  /**
   * An entry whose data can be read: `data` yields it decompressed and throws a
   * `DecompressionError` at `offset` when it is cut, damaged or fails its CRC-32. It must be read
   * (or left) before the next item is asked for.
   */
  | { readonly kind: 'entry'; readonly offset: number; readonly name: string; readonly data: AsyncIterable<Buffer> }
  /** An entry that cannot be read; `name` is undefined when the archive ends inside it. */
  | { readonly kind: 'unreadable'; readonly offset: number; readonly name: string | undefined; readonly reason: string }
  /** Bytes where a record should start that are none, skipped up to the next local header. */
  | { readonly kind: 'skipped'; readonly offset: number; readonly sizeBytes: number };

const SIGNATURE_BYTES = 4;
const LOCAL_HEADER = 0x04034b50;
/**
 * Records after the last entry (APPNOTE 4.3.6): central directory header, digital signature, end
 * of central directory, Zip64 end record and locator, archive extra data.
 */
const AFTER_ENTRIES = new Set([0x02014b50, 0x05054b50, 0x06054b50, 0x06064b50, 0x07064b50, 0x08064b50]);
const LOCAL_HEADER_BYTES = 30;
/**
 * While looking for the next header inside other bytes, `PK\3\4` followed by a version needed above
 * APPNOTE's highest (6.3) or a method number above 99 is data, not a header.
 */
const MAX_VERSION_NEEDED = 63;
const MAX_METHOD = 99;

/** Whether a local header may start at `at`; the bytes cut by the end of the input give it the benefit. */
function isPlausibleHeader(bytes: Buffer, at: number): boolean {
  if (bytes.length < at + LOCAL_HEADER_BYTES) return true;
  return (bytes.readUInt16LE(at + 4) & 0xff) <= MAX_VERSION_NEEDED && bytes.readUInt16LE(at + 8) <= MAX_METHOD;
}

/**
 * The first record start in `bytes`: a local header (or, at the end of the input, the first bytes of
 * one), or with `withEnd` a record after the entries. 'more' when a candidate needs more bytes to be
 * judged; undefined when there is none.
 */
function findRecord(
  bytes: Buffer,
  withEnd: boolean,
  ended: boolean,
): { at: number; kind: 'local' | 'end' | 'more' } | undefined {
  for (let at = bytes.indexOf('PK', 0, 'latin1'); at >= 0; at = bytes.indexOf('PK', at + 1, 'latin1')) {
    if (bytes.length < at + SIGNATURE_BYTES) {
      if (!ended) return { at, kind: 'more' };
      const head = Buffer.alloc(SIGNATURE_BYTES);
      head.writeUInt32LE(LOCAL_HEADER);
      return head.subarray(0, bytes.length - at).equals(bytes.subarray(at)) ? { at, kind: 'local' } : undefined;
    }
    const signature = bytes.readUInt32LE(at);
    if (signature === LOCAL_HEADER) {
      if (!ended && bytes.length < at + LOCAL_HEADER_BYTES) return { at, kind: 'more' };
      if (isPlausibleHeader(bytes, at)) return { at, kind: 'local' };
    } else if (withEnd && AFTER_ENTRIES.has(signature)) {
      return { at, kind: 'end' };
    }
  }
  return undefined;
}

/**
 * Moves `input` to the next local header ('local') or past the entries ('end'). Bytes passed over
 * are yielded as one 'skipped' item unless `quiet` (they belong to an entry whose end is unknown;
 * then only a local header ends the search).
 */
async function* nextRecord(input: ByteInput, quiet: boolean): AsyncGenerator<LocalZipItem, 'local' | 'end'> {
  const start = input.offset;
  for (;;) {
    await input.fill(LOCAL_HEADER_BYTES);
    const found = findRecord(input.pending, !quiet, input.ended);
    if (found !== undefined && found.kind !== 'more') {
      input.skip(found.at);
      if (!quiet && input.offset > start) yield { kind: 'skipped', offset: start, sizeBytes: input.offset - start };
      return found.kind;
    }
    if (input.ended) {
      input.skip(input.pending.length);
      if (!quiet && input.offset > start) yield { kind: 'skipped', offset: start, sizeBytes: input.offset - start };
      return 'end';
    }
    // A signature may straddle this chunk and the next: keep its first bytes.
    input.skip(found?.at ?? Math.max(0, input.pending.length - (SIGNATURE_BYTES - 1)));
  }
}

/** Skips `size` bytes; false when the input ends first. */
async function skipBytes(input: ByteInput, size: number): Promise<boolean> {
  for (let left = size; left > 0;) {
    if (input.pending.length === 0 && !(await input.pull())) return false;
    const count = Math.min(left, input.pending.length);
    input.skip(count);
    left -= count;
  }
  return true;
}

const hex = (value: number): string => `0x${value.toString(16)}`;

/** `data` for the consumer: stopping early leaves it open, so the walk can skip the rest of it. */
function borrowed(data: AsyncGenerator<Buffer>): AsyncIterable<Buffer> {
  return { [Symbol.asyncIterator]: () => ({ next: () => data.next() }) };
}

/**
 * Moves past what the consumer left of an entry's data: by its size when the header tells it (a
 * large entry that is no log costs no inflating), else by decompressing it. Its failures are not
 * reported: the consumer stopped reading because the entry was of no use.
 */
async function leave(
  data: AsyncGenerator<Buffer>,
  input: ByteInput,
  header: LocalHeader,
  dataStart: number,
  position: WalkPosition,
): Promise<void> {
  if (header.dataBytes !== undefined && !header.hasDataDescriptor) {
    await data.return(undefined);
    const left = dataStart + header.dataBytes - input.offset;
    position.aligned = left >= 0 && (await skipBytes(input, left));
    return;
  }
  try {
    for (let next = await data.next(); next.done !== true; next = await data.next());
  } catch (error) {
    if (!(error instanceof DecompressionError)) throw error;
  }
}

/**
 * The entries of the zip archive `chunks`, front to back by their local headers.
 * Errors of `chunks` themselves pass through.
 */
export async function* localZipEntries(chunks: AsyncIterable<Buffer>): AsyncGenerator<LocalZipItem> {
  const source = chunks[Symbol.asyncIterator]();
  const input = new ByteInput(source);
  const position: WalkPosition = { aligned: true, dataEnded: false };
  let data: AsyncGenerator<Buffer> | undefined;
  try {
    for (;;) {
      const record = yield* nextRecord(input, !position.aligned);
      if (record === 'end') return;
      position.aligned = true;
      const header = await readLocalHeader(input);
      if (header.kind === 'cut') {
        const reason = `the archive ends at ${hex(input.offset + input.pending.length)}, inside this entry's local header`;
        yield { kind: 'unreadable', offset: header.offset, name: header.name, reason };
        return;
      }
      if (header.unreadable !== undefined) {
        yield { kind: 'unreadable', offset: header.offset, name: header.name, reason: header.unreadable };
        // Without its size, only the next local header tells where the entry ends.
        position.aligned = header.dataBytes !== undefined && (await skipBytes(input, header.dataBytes));
        continue;
      }
      const dataStart = input.offset;
      position.dataEnded = false;
      data = localEntryData(input, header, position);
      yield { kind: 'entry', offset: header.offset, name: header.name, data: borrowed(data) };
      if (!position.dataEnded) await leave(data, input, header, dataStart, position);
      data = undefined;
    }
  } finally {
    await data?.return(undefined); // a consumer that stopped the walk inside an entry: free its inflater
    await source.return?.();
  }
}
