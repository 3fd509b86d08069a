/**
 * One zip local file header (PKWARE APPNOTE 4.3.7): the fixed 30 bytes, the name and the extra
 * field, read from the front of a `ByteInput` that starts at its signature, and what the header
 * says about the data behind it: how it is compressed, where it ends, whether svchunt can read it.
 */
import yauzl from 'yauzl';
import type { ExtraField } from 'yauzl';
import type { ByteInput } from './byte-input.js';
import { zipEntryName } from './zip-entry-name.js';

const FIXED_BYTES = 30;
/** General purpose bit flags (APPNOTE 4.4.4). */
const ENCRYPTED = 0x0001;
const HAS_DATA_DESCRIPTOR = 0x0008;
/** Compression methods (APPNOTE 4.4.5) read here; others are named as unreadable. */
const STORED = 0;
const DEFLATED = 8;
/** Zip64 extended information extra field (APPNOTE 4.5.3) and the size value that defers to it. */
const ZIP64_EXTRA_ID = 0x0001;
const ZIP64_SIZE = 0xffffffff;

/** A local header read whole. */
export interface LocalHeader {
  readonly kind: 'header';
  /** Bytes from the start of the archive to the header's signature. */
  readonly offset: number;
  readonly name: string;
  readonly method: 'stored' | 'deflated';
  /** Set (bit 3): CRC-32 and sizes follow the data in a data descriptor, the header's are zero. */
  readonly hasDataDescriptor: boolean;
  readonly crc32: number;
  readonly uncompressedSize: number;
  /**
   * A Zip64 extra field is present: the sizes there are 8 bytes, and so are those of its data
   * descriptor (APPNOTE 4.3.9.2).
   */
  readonly isZip64: boolean;
  /** A folder entry (its name ends in `/`): it has no data, whatever its flags say. */
  readonly isFolder: boolean;
  /** Why the data cannot be read (encrypted, another method); undefined when it can. */
  readonly unreadable: string | undefined;
  /** The compressed bytes of the data when the header tells them, else undefined. */
  readonly dataBytes: number | undefined;
}

/** A local header the archive ends inside of; `name` is known when its bytes are all there. */
export interface CutLocalHeader {
  readonly kind: 'cut';
  readonly offset: number;
  readonly name: string | undefined;
}

/**
 * The extra fields, or none and why when they are malformed (the name then comes from the name
 * field; sizes deferred to a Zip64 field cannot be had, and the entry says why).
 */
function extraFieldsOf(raw: Buffer): { fields: ExtraField[]; malformed?: string } {
  try {
    return { fields: yauzl.parseExtraFields(raw) };
  } catch (error) {
    return { fields: [], malformed: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The sizes the header set to 0xFFFFFFFF, from the Zip64 extra field, which holds them in this
 * order: uncompressed, then compressed (APPNOTE 4.5.3). Undefined for a size the field lacks.
 */
function zip64Sizes(
  field: ExtraField | undefined,
  compressedSize: number,
  uncompressedSize: number,
): { compressed: number | undefined; uncompressed: number | undefined } {
  let at = 0;
  const next = (header: number): number | undefined => {
    if (header !== ZIP64_SIZE) return header;
    if (field === undefined || field.data.length < at + 8) return undefined;
    const value = Number(field.data.readBigUInt64LE(at));
    at += 8;
    return value;
  };
  const uncompressed = next(uncompressedSize);
  return { uncompressed, compressed: next(compressedSize) };
}

/**
 * Reads the local header at the front of `input` and leaves the input at its data.
 * `input.pending` must start with the header's signature.
 */
export async function readLocalHeader(input: ByteInput): Promise<LocalHeader | CutLocalHeader> {
  const offset = input.offset;
  if (!(await input.fill(FIXED_BYTES))) return { kind: 'cut', offset, name: undefined };
  const fixed = input.pending;
  const flags = fixed.readUInt16LE(6);
  const methodId = fixed.readUInt16LE(8);
  const crc32 = fixed.readUInt32LE(14);
  const compressedSize = fixed.readUInt32LE(18);
  const uncompressedSize = fixed.readUInt32LE(22);
  const nameBytes = fixed.readUInt16LE(26);
  const extraBytes = fixed.readUInt16LE(28);
  if (!(await input.fill(FIXED_BYTES + nameBytes))) return { kind: 'cut', offset, name: undefined };
  const nameRaw = input.pending.subarray(FIXED_BYTES, FIXED_BYTES + nameBytes);
  const complete = await input.fill(FIXED_BYTES + nameBytes + extraBytes);
  const extra = extraFieldsOf(input.pending.subarray(FIXED_BYTES + nameBytes, FIXED_BYTES + nameBytes + extraBytes));
  const extraFields = extra.fields;
  const name = zipEntryName(flags, nameRaw, complete ? extraFields : []);
  if (!complete) return { kind: 'cut', offset, name };
  input.skip(FIXED_BYTES + nameBytes + extraBytes);

  const hasDataDescriptor = (flags & HAS_DATA_DESCRIPTOR) !== 0;
  const zip64 = extraFields.find((field) => field.id === ZIP64_EXTRA_ID);
  const sizes = zip64Sizes(zip64, compressedSize, uncompressedSize);
  // A folder has no data, whatever the flags say (some writers stream folders as stored with bit 3).
  const isFolder = name.endsWith('/');
  let dataBytes: number | undefined = sizes.compressed;
  if (hasDataDescriptor) dataBytes = isFolder ? 0 : undefined;

  let unreadable: string | undefined;
  if ((flags & ENCRYPTED) !== 0) unreadable = 'it is encrypted';
  else if (!hasDataDescriptor && (sizes.compressed === undefined || sizes.uncompressed === undefined)) {
    unreadable =
      extra.malformed === undefined
        ? 'its sizes are 0xFFFFFFFF and it has no Zip64 extra field that holds them'
        : `its sizes are 0xFFFFFFFF and its extra field, which should hold them, is malformed (${extra.malformed})`;
  } else if (methodId !== STORED && methodId !== DEFLATED)
    unreadable = `compression method ${methodId} is not supported`;
  return {
    kind: 'header',
    offset,
    name,
    method: methodId === STORED ? 'stored' : 'deflated',
    hasDataDescriptor,
    crc32,
    uncompressedSize: sizes.uncompressed ?? uncompressedSize,
    isZip64: zip64 !== undefined,
    isFolder,
    unreadable,
    dataBytes,
  };
}
