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
import { VALUE_BINXML } from './binxml/value-types.js';

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
  /** Per flat index: the nested instance its BinXML value unfolds into, if any. */
  readonly nested: (NestedInstance | undefined)[];
}

function append(reader: BinXmlReader, instance: TemplateInstance, flat: FlatInstance, depth: number): boolean {
  const base = flat.types.length;
  for (let i = 0; i < instance.count; i++) {
    flat.types.push(instance.types[i]!);
    flat.sizes.push(instance.sizes[i]!);
    flat.offsets.push(instance.offsets[i]!);
    flat.nested.push(undefined);
  }
  for (let i = 0; i < instance.count; i++) {
    const size = instance.sizes[i]!;
    if (instance.types[i] !== VALUE_BINXML || size === 0) continue;
    const at = instance.offsets[i]!;
    const bytes = reader.bytes;
    // The nested value is a template instance token, with or without a fragment header before it.
    const token = bytes[at] === TOKEN_FRAGMENT_HEADER ? at + 4 : at;
    if (depth >= MAX_FRAGMENT_NESTING || bytes[token] !== TOKEN_TEMPLATE_INSTANCE) return false;
    const inner = readTemplateInstance(reader, token, at + size);
    // Anything after the instance but an end-of-stream token (e.g. a RenderingInfo fragment in
    // forwarded events) is more content: the general path renders it.
    const rest = at + size - inner.end;
    if (rest > 1 || (rest === 1 && bytes[inner.end] !== TOKEN_EOF)) return false;
    flat.nested[base + i] = { template: inner.template, base: flat.types.length, count: inner.count };
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
    nested: [],
  };
  return append(reader, instance, flat, 1) ? flat : undefined;
}
