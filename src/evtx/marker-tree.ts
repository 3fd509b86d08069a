/**
 * The marker tree of a template variant: the template resolved exactly as `resolve-template.ts`
 * resolves a record (left-out elements, dropped empty values, arrays repeating their element), but with
 * marker text in place of each value. Rendering it once gives the variant's JSON skeleton and field plan
 * (`compiled-template.ts`).
 */
import { MAX_EXPANDED_ELEMENTS } from './binxml/limits.js';
import { NO_DEPENDENCY, type XmlElement, type XmlNode } from './binxml/nodes.js';
import { findOwnSubstitution } from './binxml/own-substitution.js';
import { VALUE_ARRAY_BIT, VALUE_BINXML, VALUE_NULL } from './binxml/value-types.js';
import type { FlatInstance, NestedInstance } from './flat-instance.js';

/** Marker delimiters: private-use characters; a template holding them itself is not compiled. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

const MARK_START_CODE = 0xe000;
const MARK_END_CODE = 0xe001;

function hasMarkerChar(text: string): boolean {
  return text.includes(MARK_START) || text.includes(MARK_END);
}

/**
 * Whether a node of the template itself (not a marker value) could render a marker character: its
 * text, name, target, value or character reference. Counting markers in the rendered JSON cannot
 * tell: the renderer drops some values (unnamed `Data` beside named ones), so a template's own
 * marker text can stand in for a dropped one and be cut as a hole.
 */
function holdsMarkerChar(node: XmlNode): boolean {
  switch (node.kind) {
    case 'text':
      return hasMarkerChar(node.text);
    case 'value':
      return typeof node.value === 'string' && hasMarkerChar(node.value);
    case 'charref':
      return node.code === MARK_START_CODE || node.code === MARK_END_CODE;
    case 'entityref':
      return hasMarkerChar(node.name);
    case 'pi':
      return hasMarkerChar(node.target) || hasMarkerChar(node.data);
    case 'element':
      return hasMarkerChar(node.name);
    case 'substitution':
      return false;
    default:
      return node satisfies never;
  }
}

/**
 * A variant's shape, as compiling needs it: types, emptiness, unfolded nested instances and array
 * item emptiness of the flat substitution vector (variants are told apart by `FlatInstance.key`).
 */
export interface Shape {
  readonly types: readonly number[];
  readonly empty: readonly boolean[];
  /** By flat index (sparse): the nested instance a BinXML value unfolds into. */
  readonly nested: readonly (NestedInstance | undefined)[];
  /** By flat index of each array value: whether each of its items is empty. */
  readonly arrays: ReadonlyMap<number, readonly boolean[]>;
}

/** The shape of the instance `flat` holds now (compile time only: it copies). */
export function shapeOf(flat: FlatInstance): Shape {
  const types: number[] = [];
  const empty: boolean[] = [];
  for (let i = 0; i < flat.length; i++) {
    types.push(flat.types[i]!);
    empty.push(flat.empty[i] === 1);
  }
  const nested: (NestedInstance | undefined)[] = [];
  for (const instance of flat.nestedInstances()) nested[instance.index] = instance;
  const arrays = new Map<number, readonly boolean[]>();
  flat.arrays.forEach((items, index) => {
    if (items !== undefined)
      arrays.set(
        index,
        items.map((item) => item === ''),
      );
  });
  return { types, empty, nested, arrays };
}

/** What `markerTree` needs besides the nodes: the shape, array items and arrays pinned to one item. */
export interface MarkerContext {
  readonly shape: Shape;
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
      (ctx.shape.arrays.get(index)?.length ?? 0) > 1
    );
  });
  return found === undefined ? undefined : base + found.index;
}

function markerElement(node: XmlElement, ctx: MarkerContext, base: number, count: number, out: XmlNode[]): boolean {
  if (++ctx.elements > MAX_EXPANDED_ELEMENTS || holdsMarkerChar(node)) return false;
  const children: XmlNode[] = [];
  if (!markerTree(node.children, ctx, base, count, children)) return false;
  const attributes = [];
  for (const attribute of node.attributes) {
    if (hasMarkerChar(attribute.name)) return false;
    const value: XmlNode[] = [];
    if (!markerTree(attribute.value, ctx, base, count, value)) return false;
    attributes.push({ name: attribute.name, value });
  }
  out.push({ kind: 'element', name: node.name, dependency: NO_DEPENDENCY, attributes, children });
  return true;
}

function isLeftOut(element: XmlElement, shape: Shape, base: number, count: number): boolean {
  const dependency = element.dependency;
  return dependency !== NO_DEPENDENCY && (dependency >= count || shape.types[base + dependency] === VALUE_NULL);
}

/**
 * The scalar substitutions resolving a record of this shape decodes, added to `out` in the
 * order `resolve-template.ts` decodes them: per element its own values (children, then attribute
 * values) before its child elements; a nested instance's where its BinXML value is. Rendering
 * leaves some out of the JSON (an unnamed `Data` beside named ones) but the general path decodes
 * them all, so the compiled path checks these, not only its holes, and rejects the same records
 * with the same first issue. Arrays are decoded when the record is read (`flat-instance.ts`).
 */
export function decodeOrder(
  nodes: readonly XmlNode[],
  shape: Shape,
  base: number,
  count: number,
  out: Set<number>,
): void {
  for (const node of nodes) {
    if (node.kind === 'element') decodeElementOrder(node, shape, base, count, out);
    else decodeValueOrder(node, shape, base, count, out);
  }
}

function decodeElementOrder(element: XmlElement, shape: Shape, base: number, count: number, out: Set<number>): void {
  if (isLeftOut(element, shape, base, count)) return;
  for (const child of element.children) decodeValueOrder(child, shape, base, count, out);
  for (const attribute of element.attributes)
    for (const value of attribute.value) decodeValueOrder(value, shape, base, count, out);
  for (const child of element.children)
    if (child.kind === 'element') decodeElementOrder(child, shape, base, count, out);
}

function decodeValueOrder(node: XmlNode, shape: Shape, base: number, count: number, out: Set<number>): void {
  if (node.kind !== 'substitution' || node.index >= count) return;
  const index = base + node.index;
  if (shape.empty[index] || out.has(index)) return;
  const inner = shape.nested[index];
  const type = shape.types[index]!;
  if (inner !== undefined) decodeOrder(inner.template.nodes, shape, inner.base, inner.count, out);
  else if ((type & VALUE_ARRAY_BIT) === 0 && type !== VALUE_BINXML) out.add(index);
}

/**
 * The template tree with marker values in place of substitutions, resolved exactly as
 * `resolve-template.ts` resolves real values (left-out elements, dropped empty values, arrays
 * repeating their element). Substitutions of one level map to flat indexes `base + i` for `i < count`.
 */
export function markerTree(
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
      if (isLeftOut(node, ctx.shape, base, count)) continue;
      const array = firstArray(node, ctx, base, count);
      if (array === undefined) {
        if (!markerElement(node, ctx, base, count, out)) return false;
        continue;
      }
      const items = ctx.shape.arrays.get(array)!;
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
      const items = ctx.shape.arrays.get(index);
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
      if (holdsMarkerChar(node)) return false;
      out.push(node);
    }
  }
  return true;
}
