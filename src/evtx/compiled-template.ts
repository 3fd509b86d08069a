/**
 * The compiled fast path. Records that share a template and the same substitution types and
 * emptiness render to the same JSON structure, only values differ. So each such *variant* is
 * rendered once by the general renderer with marker values, and the result is cut into a skeleton
 * (JSON text with holes) and a field plan. Later records of the variant decode their values and fill
 * the holes. Variants the skeleton cannot express (nested BinXML that is not a template instance,
 * field names from substitutions) fall back to the general path; `evtx-fields.test.ts` (under
 * test/differential) checks both paths agree on the corpus.
 */
import { flattenWindowsEventJson } from '../event/index.js';
import { NO_DEPENDENCY, type XmlElement, type XmlNode } from './binxml/nodes.js';
import { MAX_EXPANDED_ELEMENTS } from './binxml/limits.js';
import { findOwnSubstitution } from './binxml/own-substitution.js';
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
  /** The array item the hole shows, or -1 for a scalar value. */
  readonly item: number;
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
  readonly arrayShape: readonly number[];
}

function sameShape(shape: Shape, flat: FlatInstance): boolean {
  const { types, empty, nestedIds } = flat;
  if (shape.types.length !== types.length || shape.nestedIds.length !== nestedIds.length) return false;
  for (let i = 0; i < types.length; i++) if (shape.types[i] !== types[i] || shape.empty[i] !== empty[i]) return false;
  for (let i = 0; i < nestedIds.length; i++) if (shape.nestedIds[i] !== nestedIds[i]) return false;
  const arrays = flat.arrayShape;
  if (shape.arrayShape.length !== arrays.length) return false;
  for (let i = 0; i < arrays.length; i++) if (shape.arrayShape[i] !== arrays[i]) return false;
  return true;
}

/** Item emptiness of each array value, by flat index, read back from `arrayShape`. */
function arrayItems(shape: Shape): Map<number, readonly boolean[]> {
  const items = new Map<number, readonly boolean[]>();
  const encoded = shape.arrayShape;
  for (let i = 0; i < encoded.length;) {
    const index = encoded[i]!;
    const count = encoded[i + 1]!;
    items.set(
      index,
      encoded.slice(i + 2, i + 2 + count).map((flag) => flag === 1),
    );
    i += 2 + count;
  }
  return items;
}

/** What `markerTree` needs besides the nodes: the shape, array items and arrays pinned to one item. */
interface MarkerContext {
  readonly shape: Shape;
  readonly arrays: Map<number, readonly boolean[]>;
  readonly pinned: Map<number, number>;
  /** Elements made so far; past `MAX_EXPANDED_ELEMENTS` the variant is left to the general path. */
  elements: number;
}

function marker(index: number, item: number): string {
  return item < 0 ? `${MARK_START}${index}${MARK_END}` : `${MARK_START}${index}:${item}${MARK_END}`;
}

/** As `resolve-template.ts` finds it: the first array with more than one item among an element's own values. */
function firstArray(element: XmlElement, ctx: MarkerContext, base: number, count: number): number | undefined {
  const found = findOwnSubstitution(element, (node) => {
    const index = base + node.index;
    return (
      node.index < count &&
      !ctx.pinned.has(index) &&
      !ctx.shape.empty[index] &&
      (ctx.arrays.get(index)?.length ?? 0) > 1
    );
  });
  return found === undefined ? undefined : base + found.index;
}

function markerElement(node: XmlElement, ctx: MarkerContext, base: number, count: number, out: XmlNode[]): boolean {
  if (++ctx.elements > MAX_EXPANDED_ELEMENTS) return false;
  const children: XmlNode[] = [];
  if (!markerTree(node.children, ctx, base, count, children)) return false;
  const attributes = [];
  for (const attribute of node.attributes) {
    const value: XmlNode[] = [];
    if (!markerTree(attribute.value, ctx, base, count, value)) return false;
    attributes.push({ name: attribute.name, value });
  }
  out.push({ kind: 'element', name: node.name, dependency: NO_DEPENDENCY, attributes, children });
  return true;
}

/**
 * The template tree with marker values in place of substitutions, resolved exactly as
 * `resolve-template.ts` resolves real values (left-out elements, dropped empty values, arrays
 * repeating their element). Substitutions of one level map to flat indexes `base + i` for `i < count`.
 */
function markerTree(
  nodes: readonly XmlNode[],
  ctx: MarkerContext,
  base: number,
  count: number,
  out: XmlNode[],
): boolean {
  const { types, empty, nested } = ctx.shape;
  for (const node of nodes) {
    if (node.kind === 'element') {
      // Left out when its dependency is NULL; types are part of the variant.
      const dependency = node.dependency;
      if (dependency !== NO_DEPENDENCY && (dependency >= count || types[base + dependency] === VALUE_NULL)) continue;
      const array = firstArray(node, ctx, base, count);
      if (array === undefined) {
        if (!markerElement(node, ctx, base, count, out)) return false;
        continue;
      }
      const items = ctx.arrays.get(array)!;
      for (let item = 0; item < items.length; item++) {
        ctx.pinned.set(array, item);
        if (!markerTree([node], ctx, base, count, out)) return false;
      }
      ctx.pinned.delete(array);
    } else if (node.kind === 'substitution') {
      const index = base + node.index;
      if (node.index >= count || empty[index]) continue;
      const type = types[index]!;
      const inner = nested[index];
      if (inner !== undefined) {
        if (!markerTree(inner.template.nodes, ctx, inner.base, inner.count, out)) return false;
        continue;
      }
      if (type === VALUE_BINXML) return false;
      const items = ctx.arrays.get(index);
      if (type & VALUE_ARRAY_BIT) {
        if (items === undefined) return false;
        const pinned = ctx.pinned.get(index);
        for (let item = 0; item < items.length; item++) {
          if ((pinned === undefined || pinned === item) && !items[item]) {
            out.push({ kind: 'value', type: type & ~VALUE_ARRAY_BIT, value: marker(index, item) });
          }
        }
        continue;
      }
      out.push({ kind: 'value', type, value: marker(index, -1) });
    } else {
      out.push(node);
    }
  }
  return true;
}

function countMarkers(text: string): number {
  let count = 0;
  for (let at = text.indexOf(MARK_START); at >= 0; at = text.indexOf(MARK_START, at + 1)) count++;
  for (let at = text.indexOf(MARK_END); at >= 0; at = text.indexOf(MARK_END, at + 1)) count++;
  return count;
}

/** Start and end characters of the markers `markerTree` put in values (every other text is the template's). */
function countValueMarkers(nodes: readonly XmlNode[]): number {
  let count = 0;
  for (const node of nodes) {
    if (node.kind === 'element') {
      count += countValueMarkers(node.children);
      for (const attribute of node.attributes) count += countValueMarkers(attribute.value);
    } else if (node.kind === 'value' && typeof node.value === 'string' && node.value.startsWith(MARK_START)) {
      count += 2;
    }
  }
  return count;
}

function parseMarker(text: string): [number, number] {
  const colon = text.indexOf(':');
  return colon < 0 ? [Number(text), -1] : [Number(text.slice(0, colon)), Number(text.slice(colon + 1))];
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
      const [index, item] = parseMarker(text.slice(i + 1, close));
      const wholeString = inString && text[i - 1] === '"' && text[i - 2] !== '\\' && text[close + 1] === '"';
      const isText = inString && !wholeString;
      const start = wholeString ? i - 1 : i;
      const end = wholeString ? close + 2 : close + 1;
      parts.push(text.slice(partStart, start));
      holes.push({ index, item, isText, isBare: !isText && isJsonNumberType(types[index]! & ~VALUE_ARRAY_BIT) });
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
    return hole.isText
      ? { kind: 'text', index: hole.index, item: hole.item }
      : { kind: 'json', index: hole.index, item: hole.item };
  }
  return {
    kind: 'concat',
    parts,
    indexes: indexes.map((h) => holes[h]!.index),
    items: indexes.map((h) => holes[h]!.item),
  };
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
  const ctx: MarkerContext = { shape, arrays: arrayItems(shape), pinned: new Map(), elements: 0 };
  const notCompiled: TemplateVariant = {
    ...shape,
    parts: undefined,
    holes: [],
    used: [],
    markerJson: undefined,
    plan: null,
  };
  if (flat.template === undefined || !markerTree(flat.template.nodes, ctx, 0, flat.count, tree)) return notCompiled;
  const json = renderJsonText(tree);
  // The markers must be ours alone: a template whose own text holds these private-use characters
  // (seen in fuzzed chunks) would be cut in the wrong places, so it keeps the general path.
  if (countMarkers(json) !== countValueMarkers(tree)) return notCompiled;
  const [parts, holes, plain] = cutSkeleton(json, shape.types);
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
      arrayShape: flat.arrayShape.slice(),
    });
    if (sameHash === undefined) {
      sameHash = [];
      variants.set(flat.hash, sameHash);
    }
    sameHash.push(compiled);
    return compiled;
  }
}
