/**
 * The compiled fast path. Records that share a template and the same substitution types and
 * emptiness render to the same JSON structure, only values differ. So each such *variant* is
 * rendered once by the general renderer with marker values, and the result is cut into a skeleton
 * (JSON text with holes) and a field plan. Later records of the variant decode their values and fill
 * the holes. Variants the skeleton cannot express (arrays, nested BinXML, names from substitutions)
 * are marked so records fall back to the general path; `test/differential/evtx-fields.test.ts` checks
 * both agree on the corpus.
 */
import { flattenWindowsEventJson } from '../event/index.js';
import { NO_DEPENDENCY, type XmlNode } from './binxml/nodes.js';
import { isJsonNumberType, VALUE_ARRAY_BIT, VALUE_BINXML, VALUE_NULL } from './binxml/value-types.js';
import { makeFieldPlan, type FieldPlan, type FieldSlot } from './field-plan.js';
import type { FlatInstance, NestedInstance } from './flat-instance.js';
import { renderJsonText } from './render-json.js';
import { onStructureReset, structureId } from './template-structure.js';

/**
 * Variants kept per template structure; past this its further variants take the general path.
 * Guards compile work and memory against a file of ever-new shapes. Corpus: 127 for one template
 * (optional fields come and go), 268 template structures in all.
 */
const MAX_VARIANTS_PER_TEMPLATE = 256;

const MARK_START = '\uE000';
const MARK_END = '\uE001';

export interface JsonHole {
  readonly index: number;
  /** Text holes sit inside a JSON string; value holes are a whole JSON value. */
  readonly isText: boolean;
  /** For value holes: written bare (integer, boolean) rather than as a JSON string. */
  readonly isBare: boolean;
}

export interface TemplateVariant extends Shape {
  /** JSON text around the holes: `parts.length === holes.length + 1`; undefined when not compilable. */
  readonly parts: readonly string[] | undefined;
  readonly holes: readonly JsonHole[];
  /** Substitution indexes the holes read, each once. */
  readonly used: readonly number[];
  /** The marker JSON the field plan is cut from (undefined when not compilable). */
  readonly markerJson: string | undefined;
  /** The field plan, built on first use (`planOf`): dumps never need one. Null: not expressible. */
  plan: FieldPlan | null | undefined;
}

/** The variant's shape: types, emptiness and nested templates of the flat substitution vector. */
interface Shape {
  readonly types: readonly number[];
  readonly empty: readonly boolean[];
  readonly nested: readonly (NestedInstance | undefined)[];
  readonly nestedIds: readonly number[];
}

function sameShape(shape: Shape, flat: FlatInstance): boolean {
  const { types, empty, nestedIds } = flat;
  if (shape.types.length !== types.length || shape.nestedIds.length !== nestedIds.length) return false;
  for (let i = 0; i < types.length; i++) if (shape.types[i] !== types[i] || shape.empty[i] !== empty[i]) return false;
  for (let i = 0; i < nestedIds.length; i++) if (shape.nestedIds[i] !== nestedIds[i]) return false;
  return true;
}

/** Substitutions of one template level map to flat indexes `base + i` for `i < count`. */
function markerTree(nodes: readonly XmlNode[], shape: Shape, base: number, count: number, out: XmlNode[]): boolean {
  const { types, empty, nested } = shape;
  for (const node of nodes) {
    if (node.kind === 'element') {
      // Left out when its dependency is NULL, as `resolve-template.ts` does; types are part of the variant.
      const dependency = node.dependency;
      if (dependency !== NO_DEPENDENCY && (dependency >= count || types[base + dependency] === VALUE_NULL)) continue;
      const children: XmlNode[] = [];
      if (!markerTree(node.children, shape, base, count, children)) return false;
      const attributes = [];
      for (const attribute of node.attributes) {
        const value: XmlNode[] = [];
        if (!markerTree(attribute.value, shape, base, count, value)) return false;
        attributes.push({ name: attribute.name, value });
      }
      out.push({ kind: 'element', name: node.name, dependency: NO_DEPENDENCY, attributes, children });
    } else if (node.kind === 'substitution') {
      const index = base + node.index;
      if (node.index >= count || empty[index]) continue;
      const type = types[index]!;
      const inner = nested[index];
      if (inner !== undefined) {
        if (!markerTree(inner.template.nodes, shape, inner.base, inner.count, out)) return false;
        continue;
      }
      if (type & VALUE_ARRAY_BIT || type === VALUE_BINXML) return false;
      out.push({ kind: 'value', type, value: `${MARK_START}${index}${MARK_END}` });
    } else {
      out.push(node);
    }
  }
  return true;
}

/** Cuts marker JSON into parts and holes; also returns the text with every hole as a string marker. */
function cutSkeleton(text: string, types: readonly number[]): [string[], JsonHole[], string] {
  const parts: string[] = [];
  const holes: JsonHole[] = [];
  let plain = '';
  let inString = false;
  let partStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === MARK_START) {
      const close = text.indexOf(MARK_END, i);
      const index = Number(text.slice(i + 1, close));
      const wholeString = inString && text[i - 1] === '"' && text[i - 2] !== '\\' && text[close + 1] === '"';
      const isText = inString && !wholeString;
      const start = wholeString ? i - 1 : i;
      const end = wholeString ? close + 2 : close + 1;
      parts.push(text.slice(partStart, start));
      holes.push({ index, isText, isBare: !isText && isJsonNumberType(types[index]!) });
      const marker = `${MARK_START}${holes.length - 1}${MARK_END}`;
      plain += text.slice(partStart, start) + (isText ? marker : `"${marker}"`);
      partStart = end;
      i = end - 1;
      if (wholeString) inString = false;
      continue;
    }
    if (inString && c === '\\') i++;
    else if (c === '"') inString = !inString;
  }
  parts.push(text.slice(partStart));
  plain += text.slice(partStart);
  return [parts, holes, plain];
}

const MARKER = /\uE000(\d+)\uE001/g;

function slotFor(value: unknown, holes: readonly JsonHole[]): FieldSlot | undefined {
  if (Array.isArray(value)) {
    const items: FieldSlot[] = [];
    for (const item of value) {
      const slot = slotFor(item, holes);
      if (slot === undefined || slot.kind === 'list') return undefined;
      items.push(slot);
    }
    return { kind: 'list', items };
  }
  if (typeof value !== 'string')
    return typeof value === 'object' && value !== null ? undefined : { kind: 'const', value: value as null };
  const parts: string[] = [];
  const indexes: number[] = [];
  let last = 0;
  for (const match of value.matchAll(MARKER)) {
    parts.push(value.slice(last, match.index));
    indexes.push(Number(match[1]));
    last = match.index + match[0].length;
  }
  parts.push(value.slice(last));
  if (indexes.length === 0) return { kind: 'const', value };
  if (indexes.length === 1 && parts[0] === '' && parts[1] === '') {
    const hole = holes[indexes[0]!]!;
    return hole.isText ? { kind: 'text', index: hole.index } : { kind: 'json', index: hole.index };
  }
  return { kind: 'concat', parts, indexes: indexes.map((h) => holes[h]!.index) };
}

function compilePlan(plain: string, holes: readonly JsonHole[]): FieldPlan | undefined {
  const fields = flattenWindowsEventJson(JSON.parse(plain));
  if (fields === undefined) return undefined;
  const names: string[] = [];
  const slots: FieldSlot[] = [];
  for (const [name, value] of fields) {
    if (name.includes(MARK_START)) return undefined;
    const slot = slotFor(value, holes);
    if (slot === undefined) return undefined;
    names.push(name);
    slots.push(slot);
  }
  return makeFieldPlan(names, slots);
}

function compileVariant(flat: FlatInstance, shape: Shape): TemplateVariant {
  const tree: XmlNode[] = [];
  if (flat.template === undefined || !markerTree(flat.template.nodes, shape, 0, flat.count, tree)) {
    return { ...shape, parts: undefined, holes: [], used: [], markerJson: undefined, plan: null };
  }
  const [parts, holes, plain] = cutSkeleton(renderJsonText(tree), shape.types);
  const used = [...new Set(holes.map((hole) => hole.index))];
  return { ...shape, parts, holes, used, markerJson: plain, plan: undefined };
}

/** The variant's field plan, compiled on first use; undefined when fields need the general path. */
export function planOf(variant: TemplateVariant): FieldPlan | undefined {
  if (variant.plan === undefined)
    variant.plan = variant.markerJson === undefined ? null : (compilePlan(variant.markerJson, variant.holes) ?? null);
  return variant.plan ?? undefined;
}

/** Compiled variants by template structure, then by the instance hash (`flat-instance.ts`). */
const variantsByStructure = new Map<number, Map<number, TemplateVariant[]>>();
onStructureReset(() => variantsByStructure.clear());

/** Finds or compiles the variants of (unfolded) template instances. */
export class CompiledTemplates {
  /** The variant for this (unfolded) instance, compiled on first sight; undefined past the per-template limit. */
  variant(flat: FlatInstance): TemplateVariant | undefined {
    if (flat.template === undefined) return undefined;
    const key = structureId(flat.template);
    let variants = variantsByStructure.get(key);
    if (variants === undefined) {
      variants = new Map();
      variantsByStructure.set(key, variants);
    }
    let sameHash = variants.get(flat.hash);
    for (const candidate of sameHash ?? []) if (sameShape(candidate, flat)) return candidate;
    if (variants.size >= MAX_VARIANTS_PER_TEMPLATE) return undefined;
    const compiled = compileVariant(flat, {
      types: flat.types.slice(),
      empty: flat.empty.slice(),
      nested: flat.nested.slice(),
      nestedIds: flat.nestedIds.slice(),
    });
    if (sameHash === undefined) {
      sameHash = [];
      variants.set(flat.hash, sameHash);
    }
    sameHash.push(compiled);
    return compiled;
  }
}
