/**
 * A template instance with its nested template instances unfolded into one substitution vector.
 * Event payloads often arrive as a BinXML substitution (type 0x21) that is itself a template
 * instance (`EventData`, `UserData` of classic and forwarded events); unfolding it lets the compiled
 * path treat the record as one template variant. Other nested shapes are left to the general path.
 * One `FlatInstance` per chunk run is reused record after record: its arrays are scratch space.
 */
import type { BinXmlReader } from './binxml/binxml-reader.js';
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
  readonly template: TemplateDefinition;
  readonly base: number;
  readonly count: number;
}

/** Whether a substitution renders as nothing (the general path drops it the same way). */
export function isEmptySubstitution(bytes: Uint8Array, type: number, size: number, at: number): boolean {
  if (type === VALUE_NULL || size === 0) return true;
  if (type === VALUE_STRING) return size < 2 || (bytes[at] === 0 && bytes[at + 1] === 0);
  if (type === VALUE_ANSI_STRING) {
    for (let i = at; i < at + size; i++) if (bytes[i] !== 0) return false;
    return true;
  }
  return false;
}

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ value, 16777619);
}

export class FlatInstance {
  template: TemplateDefinition | undefined = undefined;
  /** Substitutions of the outer instance (nested ones follow them in the flat vector). */
  count = 0;
  readonly types: number[] = [];
  readonly sizes: number[] = [];
  readonly offsets: number[] = [];
  /** Per flat index: whether the value renders as nothing (NULL, size 0, an empty string). */
  readonly empty: boolean[] = [];
  /** By flat index (sparse): the nested instance a BinXML value unfolds into. */
  readonly nested: (NestedInstance | undefined)[] = [];
  /** Flat index and structure id of each unfolded nested instance, in pairs. */
  readonly nestedIds: number[] = [];
  /** By flat index (sparse): the decoded items of an array value. */
  readonly arrays: (readonly Scalar[] | undefined)[] = [];
  /** Per array value: flat index, item count, then 1 for each empty item and 0 for the others. */
  readonly arrayShape: number[] = [];
  /**
   * FNV-1a hash of types, emptiness and nested structures: instances of a template with equal
   * types, emptiness and nesting render the same structure (the compiled variant), and this picks
   * the candidates to compare.
   */
  hash = 0;
  /** Chunk offset just after the outer instance's values. */
  end = 0;

  /**
   * Reads and unfolds the instance whose token is at `at`. False when a BinXML value is not a plain
   * template instance (the record then takes the general path); throws `EvtxFormatError` on bad data.
   */
  read(reader: BinXmlReader, at: number, end: number): boolean {
    this.types.length = 0;
    this.sizes.length = 0;
    this.offsets.length = 0;
    this.empty.length = 0;
    this.nested.length = 0;
    this.nestedIds.length = 0;
    this.arrays.length = 0;
    this.arrayShape.length = 0;
    this.hash = 0x811c9dc5;
    const header = readInstanceHeader(reader, at, end);
    this.template = header.template;
    this.count = header.count;
    this.end = readDescriptors(reader, header, end, this);
    return this.append(reader, header.count, 0, 1);
  }

  /** Decodes an array value; its item count and empty items are part of the shape (arrays repeat elements). */
  private readArrayAt(reader: BinXmlReader, index: number): boolean {
    let items: Scalar[];
    try {
      items = readArray(reader.bytes, reader.view, this.types[index]!, this.offsets[index]!, this.sizes[index]!);
    } catch {
      return false; // the general path decodes it only if the template uses it, and reports it then
    }
    this.arrays[index] = items;
    this.arrayShape.push(index, items.length);
    this.hash = mix(mix(this.hash, index), items.length);
    for (const item of items) {
      const empty = item === '' ? 1 : 0;
      this.arrayShape.push(empty);
      this.hash = mix(this.hash, empty);
    }
    return true;
  }

  private append(reader: BinXmlReader, count: number, base: number, depth: number): boolean {
    const bytes = reader.bytes;
    for (let i = base; i < base + count; i++) {
      const type = this.types[i]!;
      const empty = isEmptySubstitution(bytes, type, this.sizes[i]!, this.offsets[i]!);
      this.empty.push(empty);
      this.hash = mix(this.hash, empty ? type | 0x100 : type);
      if (type & VALUE_ARRAY_BIT && !empty && !this.readArrayAt(reader, i)) return false;
    }
    for (let i = base; i < base + count; i++) {
      const size = this.sizes[i]!;
      if (this.types[i] !== VALUE_BINXML || size === 0) continue;
      const at = this.offsets[i]!;
      // The nested value is a template instance token, with or without a fragment header before it.
      const token = bytes[at] === TOKEN_FRAGMENT_HEADER ? at + 4 : at;
      if (depth >= MAX_FRAGMENT_NESTING || bytes[token] !== TOKEN_TEMPLATE_INSTANCE) return false;
      const header = readInstanceHeader(reader, token, at + size);
      const innerBase = this.types.length;
      const innerEnd = readDescriptors(reader, header, at + size, this);
      // Another token than end-of-stream after the instance (e.g. a RenderingInfo fragment in
      // forwarded events) is more content: the general path renders it. Bytes after it are not read.
      if (innerEnd < at + size && bytes[innerEnd] !== TOKEN_EOF) return false;
      this.nested[i] = { template: header.template, base: innerBase, count: header.count };
      const id = structureId(header.template);
      this.nestedIds.push(i, id);
      this.hash = mix(this.hash, 0x10000 + id);
      if (!this.append(reader, header.count, innerBase, depth + 1)) return false;
    }
    return true;
  }
}
