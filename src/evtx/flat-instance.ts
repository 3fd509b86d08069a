/**
 * A template instance with its nested template instances unfolded into one substitution vector.
 * Event payloads often arrive as a BinXML substitution (type 0x21) that is itself a template
 * instance (`EventData`, `UserData` of classic and forwarded events); unfolding it lets the compiled
 * path treat the record as one template variant. Other nested shapes are left to the general path.
 * One `FlatInstance` per chunk run is reused record after record: its typed arrays are scratch
 * space that only grows, so reading a record allocates nothing but decoded array values.
 */
import type { BinXmlReader } from './binxml/binxml-reader.js';
import { EvtxFormatError } from './evtx-format-error.js';
import { MAX_FRAGMENT_NESTING } from './binxml/limits.js';
import type { TemplateDefinition } from './binxml/template-definition.js';
import { readDescriptors, readInstanceHeader } from './binxml/template-instance.js';
import { TOKEN_EOF, TOKEN_FRAGMENT_HEADER, TOKEN_TEMPLATE_INSTANCE } from './binxml/tokens.js';
import type { Scalar } from './binxml/nodes.js';
import { VALUE_ANSI_STRING, VALUE_ARRAY_BIT, VALUE_BINXML, VALUE_NULL, VALUE_STRING } from './binxml/value-types.js';
import { readArray } from './binxml/values.js';
import { structureId } from './template-structure.js';

/** A nested instance unfolded at `base`: its substitution `i` is flat index `base + i`. */
export interface NestedInstance {
  /** The flat index of the BinXML value it unfolds. */
  readonly index: number;
  readonly template: TemplateDefinition;
  readonly base: number;
  readonly count: number;
}

/** Whether a substitution renders as nothing (the general path drops it the same way). */
export function isEmptySubstitution(bytes: Uint8Array, type: number, size: number, at: number): boolean {
  if (type === VALUE_NULL || size === 0) return true;
  if (type === VALUE_STRING) return size < 2 || (bytes[at] === 0 && bytes[at + 1] === 0);
  if (type === VALUE_ANSI_STRING) return bytes[at] === 0; // text ends at the first NUL
  return false;
}

/** Key entry of a substitution: its type, plus this bit when it renders as nothing. */
const EMPTY_BIT = 0x100;

function grown(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(size, array.length * 2));
  bigger.set(array);
  return bigger;
}

export class FlatInstance {
  template: TemplateDefinition | undefined = undefined;
  /** Substitutions of the outer instance (nested ones follow them in the flat vector). */
  count = 0;
  /** Flat substitutions read: the outer instance's and every unfolded nested one's. */
  length = 0;
  /** Per flat index: value type, size in bytes, chunk offset of the value (valid below `length`). */
  types = new Int32Array(64);
  sizes = new Int32Array(64);
  offsets = new Int32Array(64);
  /** Per flat index: whether the value renders as nothing (NULL, size 0, an empty string). */
  empty = new Uint8Array(64);
  /** The unfolded nested instances of this record, in the order they were found. */
  readonly nested: NestedInstance[] = [];
  private nestedCount = 0;
  /** By flat index (sparse): the decoded items of an array value; `arrayIndexes` lists the set ones. */
  readonly arrays: (readonly Scalar[] | undefined)[] = [];
  readonly arrayIndexes: number[] = [];
  /**
   * The variant key: per instance its substitution count, then per substitution its type and
   * emptiness (and after an array its item count and item emptiness), then per unfolded nested
   * instance its structure id and its own entries. Instances of one template with equal keys render
   * the same structure (the compiled variant); the encoding is prefix-free, so equal keys mean equal
   * shapes. Valid below `keyLength`.
   */
  key = new Int32Array(256);
  keyLength = 0;
  /** FNV-1a hash of the key, to pick the candidates to compare. */
  hash = 0;
  /** Chunk offset just after the outer instance's values. */
  end = 0;

  /** The unfolded nested instances of the record just read. */
  nestedInstances(): readonly NestedInstance[] {
    return this.nested.slice(0, this.nestedCount);
  }

  /**
   * Reads and unfolds the instance whose token is at `at`. False when a BinXML value is not a plain
   * template instance (the record then takes the general path); throws `EvtxFormatError` on bad data.
   */
  read(reader: BinXmlReader, at: number, end: number): boolean {
    for (let i = 0; i < this.arrayIndexes.length; i++) this.arrays[this.arrayIndexes[i]!] = undefined;
    this.arrayIndexes.length = 0;
    this.nestedCount = 0;
    this.keyLength = 0;
    this.length = 0;
    const header = readInstanceHeader(reader, at, end);
    this.template = header.template;
    if (header.template.structureId < 0) structureId(header.template, reader.bytes, reader.view);
    this.count = header.count;
    this.reserve(header.count);
    this.end = readDescriptors(reader, header, end, this, 0);
    this.length = header.count;
    if (!this.append(reader, header.count, 0, 1)) return false;
    let hash = 0x811c9dc5;
    const key = this.key;
    for (let i = 0; i < this.keyLength; i++) hash = Math.imul(hash ^ key[i]!, 16777619);
    this.hash = hash;
    return true;
  }

  /** Makes room for `more` flat substitutions (and their key entries). */
  private reserve(more: number): void {
    const size = this.length + more;
    if (size > this.types.length) {
      this.types = grown(this.types, size);
      this.sizes = grown(this.sizes, size);
      this.offsets = grown(this.offsets, size);
      const empty = new Uint8Array(this.types.length);
      empty.set(this.empty);
      this.empty = empty;
    }
    this.reserveKey(more + 4);
  }

  private reserveKey(more: number): void {
    if (this.keyLength + more > this.key.length) this.key = grown(this.key, this.keyLength + more);
  }

  private pushKey(value: number): void {
    this.key[this.keyLength++] = value;
  }

  /** Decodes an array value; its item count and empty items are part of the key (arrays repeat elements). */
  private readArrayAt(reader: BinXmlReader, index: number): boolean {
    let items: Scalar[];
    try {
      items = readArray(reader.bytes, reader.view, this.types[index]!, this.offsets[index]!, this.sizes[index]!);
    } catch (error) {
      if (!(error instanceof EvtxFormatError)) throw error;
      return false; // the general path decodes it only if the template uses it, and reports it then
    }
    this.arrays[index] = items;
    this.arrayIndexes.push(index);
    this.reserveKey(items.length + 1);
    this.pushKey(items.length);
    for (let i = 0; i < items.length; i++) this.pushKey(items[i] === '' ? 1 : 0);
    return true;
  }

  private append(reader: BinXmlReader, count: number, base: number, depth: number): boolean {
    const bytes = reader.bytes;
    const types = this.types;
    const sizes = this.sizes;
    const offsets = this.offsets;
    const empty = this.empty;
    this.pushKey(count);
    for (let i = base; i < base + count; i++) {
      const type = types[i]!;
      const isEmpty = isEmptySubstitution(bytes, type, sizes[i]!, offsets[i]!);
      empty[i] = isEmpty ? 1 : 0;
      this.pushKey(isEmpty ? type | EMPTY_BIT : type);
      if (type & VALUE_ARRAY_BIT && !isEmpty && !this.readArrayAt(reader, i)) return false;
    }
    for (let i = base; i < base + count; i++) {
      const size = this.sizes[i]!;
      if (this.types[i] !== VALUE_BINXML || size === 0) continue;
      const at = this.offsets[i]!;
      // The nested value is a template instance token, with or without a fragment header before it.
      const token = bytes[at] === TOKEN_FRAGMENT_HEADER ? at + 4 : at;
      if (depth >= MAX_FRAGMENT_NESTING || bytes[token] !== TOKEN_TEMPLATE_INSTANCE) return false;
      const header = readInstanceHeader(reader, token, at + size);
      const innerBase = this.length;
      this.reserve(header.count);
      const innerEnd = readDescriptors(reader, header, at + size, this, innerBase);
      this.length = innerBase + header.count;
      // Another token than end-of-stream after the instance (e.g. a RenderingInfo fragment in
      // forwarded events) is more content: the general path renders it. Bytes after it are not read.
      if (innerEnd < at + size && bytes[innerEnd] !== TOKEN_EOF) return false;
      this.addNested(i, header.template, innerBase, header.count);
      this.pushKey(i);
      const template = header.template;
      this.pushKey(template.structureId >= 0 ? template.structureId : structureId(template, bytes, reader.view));
      if (!this.append(reader, header.count, innerBase, depth + 1)) return false;
    }
    return true;
  }

  private addNested(index: number, template: TemplateDefinition, base: number, count: number): void {
    const slot = this.nested[this.nestedCount];
    if (slot?.index !== index || slot.template !== template || slot.base !== base || slot.count !== count)
      this.nested[this.nestedCount] = { index, template, base, count };
    this.nestedCount++;
  }
}
