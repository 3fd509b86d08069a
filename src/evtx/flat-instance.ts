/**
 * A template instance with its nested template instances unfolded into one substitution vector.
 * Event payloads often arrive as a BinXML substitution (type 0x21) that is itself a template
 * instance (`EventData`, `UserData` of classic and forwarded events); unfolding it lets the compiled
 * path treat the record as one template variant. Other nested shapes are left to the general path.
 */
import type { BinXmlReader } from './binxml/binxml-reader.js';
import { MAX_FRAGMENT_NESTING } from './binxml/limits.js';
import type { TemplateDefinition } from './binxml/template-definition.js';
import { readTemplateInstance, type TemplateInstance } from './binxml/template-instance.js';
import { TOKEN_EOF, TOKEN_FRAGMENT_HEADER, TOKEN_TEMPLATE_INSTANCE } from './binxml/tokens.js';
import { VALUE_ANSI_STRING, VALUE_BINXML, VALUE_NULL, VALUE_STRING } from './binxml/value-types.js';
import { structureId } from './template-structure.js';

/** A nested instance unfolded at `base`: its substitution `i` is flat index `base + i`. */
export interface NestedInstance {
  readonly template: TemplateDefinition;
  readonly base: number;
  readonly count: number;
}

export interface FlatInstance {
  readonly template: TemplateDefinition;
  readonly count: number;
  readonly types: number[];
  readonly sizes: number[];
  readonly offsets: number[];
  /** Per flat index: whether the value renders as nothing (NULL, size 0, an empty string). */
  readonly empty: boolean[];
  /** Per flat index: the nested instance its BinXML value unfolds into, if any. */
  readonly nested: (NestedInstance | undefined)[];
  /** Per flat index: the structure id of the nested template, or -1. */
  readonly nestedIds: number[];
  /**
   * FNV-1a hash of types, emptiness and nested structures: instances of a template with equal
   * types, emptiness and nesting render the same structure (the compiled variant), and this picks
   * the candidates to compare.
   */
  hash: number;
}

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ value, 16777619);
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

function append(reader: BinXmlReader, instance: TemplateInstance, flat: FlatInstance, depth: number): boolean {
  const base = flat.types.length;
  const bytes = reader.bytes;
  for (let i = 0; i < instance.count; i++) {
    const type = instance.types[i]!;
    const empty = isEmptySubstitution(bytes, type, instance.sizes[i]!, instance.offsets[i]!);
    flat.types.push(type);
    flat.sizes.push(instance.sizes[i]!);
    flat.offsets.push(instance.offsets[i]!);
    flat.empty.push(empty);
    flat.nested.push(undefined);
    flat.nestedIds.push(-1);
    flat.hash = mix(flat.hash, empty ? type | 0x100 : type);
  }
  for (let i = 0; i < instance.count; i++) {
    const size = instance.sizes[i]!;
    if (instance.types[i] !== VALUE_BINXML || size === 0) continue;
    const at = instance.offsets[i]!;
    // The nested value is a template instance token, with or without a fragment header before it.
    const token = bytes[at] === TOKEN_FRAGMENT_HEADER ? at + 4 : at;
    if (depth >= MAX_FRAGMENT_NESTING || bytes[token] !== TOKEN_TEMPLATE_INSTANCE) return false;
    const inner = readTemplateInstance(reader, token, at + size);
    // Anything after the instance but an end-of-stream token (e.g. a RenderingInfo fragment in
    // forwarded events) is more content: the general path renders it.
    const rest = at + size - inner.end;
    if (rest > 1 || (rest === 1 && bytes[inner.end] !== TOKEN_EOF)) return false;
    flat.nested[base + i] = { template: inner.template, base: flat.types.length, count: inner.count };
    const id = structureId(inner.template);
    flat.nestedIds[base + i] = id;
    flat.hash = mix(flat.hash, 0x10000 + id);
    if (!append(reader, inner, flat, depth + 1)) return false;
  }
  return true;
}

/** Unfolds an instance; undefined when a BinXML value is not a plain template instance. */
export function flattenInstance(reader: BinXmlReader, instance: TemplateInstance): FlatInstance | undefined {
  const flat: FlatInstance = {
    template: instance.template,
    count: instance.count,
    types: [],
    sizes: [],
    offsets: [],
    empty: [],
    nested: [],
    nestedIds: [],
    hash: 0x811c9dc5,
  };
  return append(reader, instance, flat, 1) ? flat : undefined;
}
