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
  /** Marker characters put in values so far (two per marker). */
  markers: number;
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
      const dependency = node.dependency;
      if (dependency !== NO_DEPENDENCY && (dependency >= count || types[base + dependency] === VALUE_NULL)) continue;
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
            ctx.markers += 2;
          }
        }
        continue;
      }
      out.push({ kind: 'value', type, value: marker(index, -1) });
      ctx.markers += 2;
    } else {
      out.push(node);
    }
  }
  return true;
}

/** Marker start and end characters in a text. */
export function countMarkers(text: string): number {
  let count = 0;
  for (let at = text.indexOf(MARK_START); at >= 0; at = text.indexOf(MARK_START, at + 1)) count++;
  for (let at = text.indexOf(MARK_END); at >= 0; at = text.indexOf(MARK_END, at + 1)) count++;
  return count;
}
