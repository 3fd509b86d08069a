// Hand-assembled BinXML records, for the shapes the description-level writer never makes: any
// token (value tokens of any type, CDATA, character and entity references, processing
// instructions), attributes and `Data` names from substitutions, any dependency id, nested
// fragments that are not one template instance, and template GUIDs chosen by the test (two
// definitions that share a GUID but differ). MS-EVEN6 §2.2.12 (BinXml); libyal's EVTX notes.
import { ByteWriter } from './byte-writer.js';
import { TOKEN, writeFragmentHeader } from './binxml-template-body.js';
import { ChunkTables } from './chunk-tables.js';
import { writeChunkHeader } from './chunk-builder.js';
import { CHUNK_FIELD, CHUNK_HEADER_SIZE, CHUNK_SIZE, writeChunkCrcs } from './chunk-layout.js';
import { fileHeader } from './file-header.js';
import { guidBytesFromText } from './guid.js';
import { frameRecord } from './record-encoder.js';

const TOKEN_CDATA = 0x07;
const TOKEN_CHAR_REF = 0x08;
const TOKEN_ENTITY_REF = 0x09;
const TOKEN_PI_TARGET = 0x0a;
const TOKEN_PI_DATA = 0x0b;
const STRING_TYPE = 0x01;
const NO_DEPENDENCY = 0xffff;

export interface RawAttribute {
  readonly name: string;
  readonly value: readonly RawNode[];
}

export type RawNode =
  | {
      readonly kind: 'element';
      readonly name: string;
      /** The substitution the element depends on; default none (0xffff). */
      readonly dependency?: number;
      readonly attributes?: readonly RawAttribute[];
      readonly children?: readonly RawNode[];
    }
  /** A value token of string type. */
  | { readonly kind: 'text'; readonly text: string }
  /** A value token of a fixed-size type, with its bytes. */
  | { readonly kind: 'value'; readonly type: number; readonly bytes: Uint8Array }
  | { readonly kind: 'substitution'; readonly index: number; readonly type: number; readonly optional?: boolean }
  | { readonly kind: 'cdata'; readonly text: string }
  | { readonly kind: 'charref'; readonly code: number }
  | { readonly kind: 'entityref'; readonly name: string }
  | { readonly kind: 'pi'; readonly target: string; readonly data?: string };

/** A template definition; records of one chunk that name the same object share one definition. */
export interface RawTemplate {
  /** The 16-byte template GUID (default: derived from `content`). */
  readonly guid?: Uint8Array;
  readonly content: readonly RawNode[];
}

/** A substitution value: type and bytes, a nested instance, or a nested fragment of any content. */
export type RawValue =
  | { readonly type: number; readonly bytes: Uint8Array }
  | { readonly nested: RawInstance }
  | { readonly fragment: readonly RawNode[] };

export interface RawInstance {
  readonly template: RawTemplate;
  readonly values: readonly RawValue[];
}

export interface RawRecord {
  readonly id: bigint;
  /** The record's content: one template instance (as Windows writes) or direct BinXML nodes. */
  readonly instance?: RawInstance;
  readonly direct?: readonly RawNode[];
  /** The record header's written time, as a FILETIME (default 0). */
  readonly written?: bigint;
}

/** A string value (UTF-16LE, no terminator). */
export function stringValue(text: string): RawValue {
  return { type: STRING_TYPE, bytes: Buffer.from(text, 'utf16le') };
}

/** A value of `type` with a little-endian unsigned integer of `size` bytes. */
export function uintValue(type: number, size: 1 | 2 | 4 | 8, value: number | bigint): RawValue {
  const bytes = Buffer.alloc(size);
  if (size === 8) bytes.writeBigUInt64LE(BigInt(value));
  else bytes.writeUIntLE(Number(value), 0, size);
  return { type, bytes };
}

export function element(
  name: string,
  children: readonly RawNode[] = [],
  attributes: readonly RawAttribute[] = [],
  dependency?: number,
): RawNode {
  return dependency === undefined
    ? { kind: 'element', name, attributes, children }
    : { kind: 'element', name, attributes, children, dependency };
}

export function text(value: string): RawNode {
  return { kind: 'text', text: value };
}

export function sub(index: number, type: number, optional = true): RawNode {
  return { kind: 'substitution', index, type, optional };
}

function guidOf(template: RawTemplate): Uint8Array {
  return template.guid ?? guidBytesFromText(JSON.stringify(template.content));
}

/** Writes BinXML into one chunk: names and template definitions inline on first use, by offset after. */
class RawChunkWriter {
  private readonly tables = new ChunkTables();
  private readonly templates = new Map<RawTemplate, number>();
  private readonly chunk = Buffer.alloc(CHUNK_SIZE);
  private free = CHUNK_HEADER_SIZE;
  private first: bigint | undefined;
  private last: bigint = 0n;
  private lastOffset = 0;

  private node(w: ByteWriter, node: RawNode, inTemplate: boolean): void {
    switch (node.kind) {
      case 'element':
        this.element(w, node, inTemplate);
        return;
      case 'text':
        w.u8(TOKEN.VALUE).u8(STRING_TYPE).u16(node.text.length).utf16(node.text);
        return;
      case 'value':
        w.u8(TOKEN.VALUE).u8(node.type).raw(node.bytes);
        return;
      case 'substitution':
        w.u8(node.optional === false ? TOKEN.NORMAL_SUBSTITUTION : TOKEN.OPTIONAL_SUBSTITUTION)
          .u16(node.index)
          .u8(node.type);
        return;
      case 'cdata':
        w.u8(TOKEN_CDATA).u16(node.text.length).utf16(node.text);
        return;
      case 'charref':
        w.u8(TOKEN_CHAR_REF).u16(node.code);
        return;
      case 'entityref':
        w.u8(TOKEN_ENTITY_REF);
        this.tables.writeName(w, node.name);
        return;
      case 'pi':
        w.u8(TOKEN_PI_TARGET);
        this.tables.writeName(w, node.target);
        if (node.data !== undefined) w.u8(TOKEN_PI_DATA).u16(node.data.length).utf16(node.data);
        return;
      default:
        node satisfies never;
    }
  }

  private element(w: ByteWriter, el: Extract<RawNode, { kind: 'element' }>, inTemplate: boolean): void {
    const attributes = el.attributes ?? [];
    const children = el.children ?? [];
    w.u8(TOKEN.OPEN_START_ELEMENT | (attributes.length > 0 ? TOKEN.HAS_MORE : 0));
    if (inTemplate) w.u16(el.dependency ?? NO_DEPENDENCY);
    const sizeAt = w.size;
    w.u32(0);
    this.tables.writeName(w, el.name);
    if (attributes.length > 0) {
      const listAt = w.size;
      w.u32(0);
      attributes.forEach((attribute, i) => {
        w.u8(TOKEN.ATTRIBUTE | (i === attributes.length - 1 ? 0 : TOKEN.HAS_MORE));
        this.tables.writeName(w, attribute.name);
        for (const value of attribute.value) this.node(w, value, inTemplate);
      });
      w.patchU32(listAt, w.size - listAt - 4);
    }
    if (children.length === 0) {
      w.u8(TOKEN.CLOSE_EMPTY_ELEMENT);
    } else {
      w.u8(TOKEN.CLOSE_START_ELEMENT);
      for (const child of children) this.node(w, child, inTemplate);
      w.u8(TOKEN.END_ELEMENT);
    }
    w.patchU32(sizeAt, w.size - sizeAt - 4);
  }

  private instance(w: ByteWriter, instance: RawInstance): void {
    const template = instance.template;
    const guid = guidOf(template);
    w.u8(TOKEN.TEMPLATE_INSTANCE).u8(1).raw(guid.subarray(0, 4));
    const known = this.templates.get(template);
    if (known !== undefined) {
      w.u32(known);
    } else {
      const at = w.offset + 4;
      w.u32(at).u32(0).raw(guid);
      const sizeAt = w.size;
      w.u32(0);
      writeFragmentHeader(w);
      for (const node of template.content) this.node(w, node, true);
      w.u8(TOKEN.EOF);
      w.patchU32(sizeAt, w.size - sizeAt - 4);
      this.templates.set(template, at);
    }
    // Values are placed in order: a nested fragment's offsets depend on where it lands.
    let at = w.offset + 4 + 4 * instance.values.length;
    const encoded = instance.values.map((value) => {
      const bytes = this.value(value, at);
      at += bytes.bytes.length;
      return bytes;
    });
    w.u32(encoded.length);
    for (const value of encoded) w.u16(value.bytes.length).u8(value.type).u8(0);
    for (const value of encoded) w.raw(value.bytes);
  }

  private value(value: RawValue, at: number): { type: number; bytes: Uint8Array } {
    if ('type' in value) return value;
    const w = new ByteWriter(at);
    writeFragmentHeader(w);
    if ('nested' in value) this.instance(w, value.nested);
    else for (const node of value.fragment) this.node(w, node, false);
    w.u8(TOKEN.EOF);
    return { type: 0x21, bytes: w.toBuffer() };
  }

  /** Adds a record; throws when it does not fit. */
  add(record: RawRecord): number {
    const at = this.free;
    const bytes = frameRecord(at, record.id, record.written ?? 0n, (w) => {
      if (record.instance !== undefined) this.instance(w, record.instance);
      for (const node of record.direct ?? []) this.node(w, node, false);
    });
    if (at + bytes.length > CHUNK_SIZE) throw new RangeError('the record does not fit in the chunk');
    bytes.copy(this.chunk, at);
    this.free += bytes.length;
    this.first ??= record.id;
    this.last = record.id;
    this.lastOffset = at;
    return at;
  }

  finish(): Buffer {
    writeChunkHeader(this.chunk, this.first ?? 0n, this.last, this.lastOffset, this.free, this.tables);
    writeChunkCrcs(this.chunk);
    return Buffer.from(this.chunk);
  }
}

/** One 64 KiB chunk holding `records` in order, with its tables and CRCs. */
export function rawChunk(records: readonly RawRecord[]): Buffer {
  const writer = new RawChunkWriter();
  for (const record of records) writer.add(record);
  return writer.finish();
}

/** A file of these chunks behind a clean file header. */
export function rawEvtx(chunks: readonly Buffer[]): Buffer {
  let next = 1n;
  for (const chunk of chunks) next = chunk.readBigUInt64LE(CHUNK_FIELD.lastRecordId) + 1n;
  return Buffer.concat([fileHeader(chunks.length, next), ...chunks]);
}
