// Substitution values of a template instance: a value as a test wrote it → its BinXML type code and
// stored bytes (MS-EVEN6 §2.2.18 type system; arrays §2.2.18.1 set 0x80 and store items back to
// back, strings ending in a NUL each). Plain JS values get the defaults documented on ValueInput.
import type { ScalarInput, TypedValue, ValueInput, ValueTypeName } from './evtx-description.js';
import { guidBytes } from './guid.js';
import { sidBytes } from './sid.js';
import { filetimeFromIso, systemTimeBytes } from './windows-time.js';

export const VALUE_TYPE_CODES = {
  Null: 0x00,
  String: 0x01,
  AnsiString: 0x02,
  Int8: 0x03,
  UInt8: 0x04,
  Int16: 0x05,
  UInt16: 0x06,
  Int32: 0x07,
  UInt32: 0x08,
  Int64: 0x09,
  UInt64: 0x0a,
  Real32: 0x0b,
  Real64: 0x0c,
  Boolean: 0x0d,
  Binary: 0x0e,
  Guid: 0x0f,
  FileTime: 0x11,
  SystemTime: 0x12,
  Sid: 0x13,
  HexInt32: 0x14,
  HexInt64: 0x15,
} as const satisfies Record<ValueTypeName, number>;

export const ARRAY_TYPE_FLAG = 0x80;
/** A value that is itself a BinXML fragment: how Windows nests EventData inside the System template. */
export const BINXML_TYPE_CODE = 0x21;

export interface EncodedValue {
  readonly typeCode: number;
  readonly bytes: Uint8Array;
}

type ScalarType = Exclude<ValueTypeName, 'Null'>;

function int(bytes: number, signed: boolean): (v: ScalarInput) => Uint8Array {
  return (v) => {
    const b = Buffer.alloc(bytes);
    const n = toBigInt(v);
    if (bytes === 8) {
      if (signed) b.writeBigInt64LE(n);
      else b.writeBigUInt64LE(BigInt.asUintN(64, n));
    } else if (signed) b.writeIntLE(Number(n), 0, bytes);
    else b.writeUIntLE(Number(n), 0, bytes);
    return b;
  };
}

function float(bytes: 4 | 8): (v: ScalarInput) => Uint8Array {
  return (v) => {
    const b = Buffer.alloc(bytes);
    if (bytes === 4) b.writeFloatLE(Number(v));
    else b.writeDoubleLE(Number(v));
    return b;
  };
}

function toBigInt(v: ScalarInput): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string') return BigInt(v); // accepts decimal and 0x… text
  if (typeof v === 'boolean') return v ? 1n : 0n;
  throw new TypeError(`not an integer: ${String(v)}`);
}

function text(v: ScalarInput): string {
  if (typeof v !== 'string') throw new TypeError(`expected a string, got ${typeof v}`);
  return v;
}

/** How each type stores one item; `inArray` adds the NUL that separates strings in an array. */
const SCALAR_ENCODERS = {
  String: (v, inArray) => Buffer.from(inArray ? `${text(v)}\0` : text(v), 'utf16le'),
  AnsiString: (v, inArray) => Buffer.from(inArray ? `${text(v)}\0` : text(v), 'latin1'),
  Int8: int(1, true),
  UInt8: int(1, false),
  Int16: int(2, true),
  UInt16: int(2, false),
  Int32: int(4, true),
  UInt32: int(4, false),
  Int64: int(8, true),
  UInt64: int(8, false),
  Real32: float(4),
  Real64: float(8),
  Boolean: int(4, false), // a 32-bit 0 or 1
  Binary: (v) => {
    if (!(v instanceof Uint8Array)) throw new TypeError('Binary values are Uint8Array');
    return v;
  },
  Guid: (v) => guidBytes(text(v)),
  FileTime: (v) => (typeof v === 'string' ? int(8, false)(filetimeFromIso(v)) : int(8, false)(v)),
  SystemTime: (v) => systemTimeBytes(text(v)),
  Sid: (v) => sidBytes(text(v)),
  HexInt32: int(4, false),
  HexInt64: int(8, false),
} as const satisfies Record<ScalarType, (v: ScalarInput, inArray: boolean) => Uint8Array>;

function defaultType(v: ScalarInput): ScalarType {
  if (typeof v === 'string') return 'String';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'bigint') return v < 0n ? 'Int64' : 'UInt64';
  if (v instanceof Uint8Array) return 'Binary';
  if (!Number.isInteger(v)) return 'Real64';
  if (v < 0) return v >= -0x8000_0000 ? 'Int32' : 'Int64';
  return v <= 0xffff_ffff ? 'UInt32' : 'UInt64';
}

/** The typed form of a value: what the writer would encode for it. */
export function typedValue(input: ValueInput): TypedValue {
  if (input === null) return { type: 'Null' };
  if (Array.isArray(input)) {
    const items: readonly ScalarInput[] = input;
    return { type: items[0] === undefined ? 'String' : defaultType(items[0]), value: items };
  }
  if (typeof input === 'object' && !(input instanceof Uint8Array)) return input as TypedValue;
  return { type: defaultType(input as ScalarInput), value: input as ScalarInput };
}

/** Type code and bytes of a substitution value. */
export function encodeValue(input: ValueInput): EncodedValue {
  const typed = typedValue(input);
  if (typed.type === 'Null') return { typeCode: VALUE_TYPE_CODES.Null, bytes: new Uint8Array(0) };
  const encode = SCALAR_ENCODERS[typed.type];
  const code = VALUE_TYPE_CODES[typed.type];
  if (!Array.isArray(typed.value)) return { typeCode: code, bytes: encode(typed.value as ScalarInput, false) };
  const items: readonly ScalarInput[] = typed.value;
  return { typeCode: code | ARRAY_TYPE_FLAG, bytes: Buffer.concat(items.map((item) => encode(item, true))) };
}
