// What a test says it wants in an EVTX file: records with their System fields and EventData or
// UserData values. The writer turns this into chunks, templates and typed substitutions; nothing here
// knows about bytes. Field names follow the Event XML schema (MS-EVEN6 §2.2.13 and the event schema).

/** BinXML value type names, as MS-EVEN6 §2.2.18 names them without the `Type` suffix. */
export type ValueTypeName =
  | 'Null'
  | 'String'
  | 'AnsiString'
  | 'Int8'
  | 'UInt8'
  | 'Int16'
  | 'UInt16'
  | 'Int32'
  | 'UInt32'
  | 'Int64'
  | 'UInt64'
  | 'Real32'
  | 'Real64'
  | 'Boolean'
  | 'Binary'
  | 'Guid'
  | 'FileTime'
  | 'SystemTime'
  | 'Sid'
  | 'HexInt32'
  | 'HexInt64';

/** A scalar as a test writes it; 64-bit values may be a bigint or a decimal/`0x` string. */
export type ScalarInput = string | number | bigint | boolean | Uint8Array;

/**
 * A value with its BinXML type spelled out. An array `value` makes an array type (type | 0x80);
 * `Null` is an empty value that still occupies its substitution slot.
 */
export type TypedValue =
  | { readonly type: 'Null' }
  | { readonly type: Exclude<ValueTypeName, 'Null'>; readonly value: ScalarInput | readonly ScalarInput[] };

/**
 * A value as a test writes it. Plain values get a default type: a string is `String`, a whole number
 * `UInt32` (`UInt64` when larger, `Int32`/`Int64` when negative), any other number `Real64`, a bigint
 * `UInt64`, a boolean `Boolean`, bytes `Binary`, `null` `Null`, and an array the array of its first
 * element's type. A `Null` value fills an optional substitution, so its element is left out of the
 * rendered XML; an empty string or array renders an empty element.
 */
export type ValueInput = TypedValue | ScalarInput | null | readonly ScalarInput[];

/** The `<System>` part of an event. Times are ISO 8601 UTC with up to 7 fractional digits. */
export interface SystemDescription {
  readonly providerName: string;
  /** `{xxxxxxxx-xxxx-…}`; absent leaves the Guid attribute out, as classic providers do. */
  readonly providerGuid?: string;
  /** Written by classic (pre-manifest) providers such as the Service Control Manager. */
  readonly eventSourceName?: string;
  readonly eventId: number;
  /** The high 16 bits of a classic event identifier; absent leaves the attribute out. */
  readonly qualifiers?: number;
  readonly version?: number;
  readonly level: number;
  readonly task: number;
  readonly opcode: number;
  /** A 64-bit mask: `0x8020000000000000`, a bigint or a safe integer. */
  readonly keywords: string | bigint | number;
  readonly channel: string;
  readonly computer: string;
  readonly processId: number;
  readonly threadId: number;
  /** A SID string such as `S-1-5-18`; absent renders `<Security/>`. */
  readonly userId?: string;
  readonly activityId?: string;
  readonly relatedActivityId?: string;
}

/** `<UserData>` holds one provider-defined element with simple child elements. */
export interface UserDataDescription {
  readonly name: string;
  readonly xmlns?: string;
  readonly fields: Readonly<Record<string, ValueInput>>;
}

export interface RecordDescription {
  /** Defaults to one more than the previous record's identifier, starting at 1. */
  readonly eventRecordId?: number | bigint;
  readonly timeCreated: string;
  /** The record header's written time; defaults to `timeCreated`. */
  readonly writtenTime?: string;
  readonly system: SystemDescription;
  /** `<Data Name="…">` elements in this order. Give `eventData` or `userData`, not both. */
  readonly eventData?: Readonly<Record<string, ValueInput>>;
  /** An `<EventData><Binary>` element after the Data elements, as classic providers write it. */
  readonly binary?: Uint8Array;
  readonly userData?: UserDataDescription;
}

export interface EvtxDescription {
  readonly records: readonly RecordDescription[];
  /** At most this many records per chunk (a chunk also ends when its 64 KiB are full). */
  readonly chunkCapacity?: number;
}
