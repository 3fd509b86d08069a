/**
 * Fills a template definition with one record's substitution values: placeholders become typed
 * values, an optional or null substitution disappears, nested BinXML (type 0x21) is parsed and
 * spliced in, and an array repeats its enclosing element once per item (MS-EVEN6 §3.1.4.7.5,
 * "Array Types"). The result is a tree without placeholders, ready for any renderer.
 */
import { EvtxFormatError } from '../evtx-format-error.js';
import { DIRECT_STREAM, type BinXmlReader } from './binxml-reader.js';
import { MAX_EXPANDED_ELEMENTS, MAX_FRAGMENT_NESTING } from './limits.js';
import { NO_DEPENDENCY, type Scalar, type XmlAttribute, type XmlElement, type XmlNode } from './nodes.js';
import { findOwnSubstitution } from './own-substitution.js';
import { readTemplateInstance, type TemplateInstance } from './template-instance.js';
import { VALUE_ARRAY_BIT, VALUE_BINXML, VALUE_NULL } from './value-types.js';
import { readArray, readScalar } from './values.js';

/** A decoded substitution: nothing, one scalar, array items, or spliced nodes. */
type Resolved =
  | { readonly kind: 'empty' }
  | { readonly kind: 'scalar'; readonly type: number; readonly value: Scalar }
  | { readonly kind: 'array'; readonly type: number; readonly items: readonly Scalar[] }
  | { readonly kind: 'nodes'; readonly nodes: readonly XmlNode[]; readonly elements: number };

const EMPTY: Resolved = { kind: 'empty' };

class Resolution {
  readonly reader: BinXmlReader;
  readonly instance: TemplateInstance;
  readonly depth: number;
  private readonly decoded: (Resolved | undefined)[];
  /** Array substitutions pinned to one item while their element is being repeated. */
  readonly pinned = new Map<number, Scalar>();
  /** Elements this instance renders to, nested fragments' elements included (one per use). */
  private expanded = 0;

  constructor(reader: BinXmlReader, instance: TemplateInstance, depth: number) {
    this.reader = reader;
    this.instance = instance;
    this.depth = depth;
    this.decoded = new Array<Resolved | undefined>(instance.count);
  }

  /** Counts `elements` more rendered elements; throws past `MAX_EXPANDED_ELEMENTS`. */
  count(elements: number): void {
    this.expanded += elements;
    if (this.expanded > MAX_EXPANDED_ELEMENTS)
      throw new EvtxFormatError(
        'LIMIT_EXCEEDED',
        this.instance.end,
        `more than ${MAX_EXPANDED_ELEMENTS} elements in one record`,
      );
  }

  value(index: number): Resolved {
    if (index >= this.instance.count) return EMPTY;
    let resolved = this.decoded[index];
    if (resolved === undefined) {
      resolved = this.decode(index);
      this.decoded[index] = resolved;
    }
    return resolved;
  }

  private decode(index: number): Resolved {
    const { types, sizes, offsets } = this.instance;
    const type = types[index]!;
    const size = sizes[index]!;
    const at = offsets[index]!;
    const { bytes, view } = this.reader;
    if (type === VALUE_NULL || size === 0) return EMPTY;
    if (type === VALUE_BINXML) {
      if (this.depth + 1 > MAX_FRAGMENT_NESTING) {
        throw new EvtxFormatError('LIMIT_EXCEEDED', at, `BinXML nested deeper than ${MAX_FRAGMENT_NESTING} fragments`);
      }
      const [nodes] = this.reader.parseFragment(at, at + size, DIRECT_STREAM, this.depth + 1);
      return { kind: 'nodes', nodes, elements: countElements(nodes, new Map()) };
    }
    if (type & VALUE_ARRAY_BIT)
      return { kind: 'array', type: type & ~VALUE_ARRAY_BIT, items: readArray(bytes, view, type, at, size) };
    const value = readScalar(bytes, view, type, at, size);
    return value === '' ? EMPTY : { kind: 'scalar', type, value };
  }
}

/**
 * The elements `nodes` render to, counting a shared subtree once per place it appears (`seen`
 * remembers each element's count, so the walk is linear in the nodes however often they repeat).
 */
function countElements(nodes: readonly XmlNode[], seen: Map<XmlElement, number>): number {
  let total = 0;
  for (const node of nodes) {
    if (node.kind !== 'element') continue;
    let count = seen.get(node);
    if (count === undefined) {
      count = 1 + countElements(node.children, seen);
      seen.set(node, count);
    }
    total += count;
    if (total > MAX_EXPANDED_ELEMENTS) return total; // enough to refuse the record
  }
  return total;
}

function pushScalar(out: XmlNode[], type: number, value: Scalar): void {
  if (value !== '') out.push({ kind: 'value', type, value });
}

function resolveNodes(nodes: readonly XmlNode[], r: Resolution, out: XmlNode[]): void {
  for (const node of nodes) {
    if (node.kind === 'element') {
      resolveElement(node, r, out);
    } else if (node.kind === 'substitution') {
      const pinned = r.pinned.get(node.index);
      const resolved = r.value(node.index);
      if (pinned !== undefined && resolved.kind === 'array') {
        pushScalar(out, resolved.type, pinned);
        continue;
      }
      switch (resolved.kind) {
        case 'empty':
          break;
        case 'scalar':
          out.push({ kind: 'value', type: resolved.type, value: resolved.value });
          break;
        case 'array':
          // Outside an element that could repeat, or a single item: the items in place.
          for (const item of resolved.items) pushScalar(out, resolved.type, item);
          break;
        case 'nodes':
          // Spliced by reference: a fragment used k times at each of n nesting levels would render
          // k^n elements from a few hundred bytes, so each use counts all of its elements.
          r.count(resolved.elements);
          for (const child of resolved.nodes) out.push(child);
          break;
        default:
          resolved satisfies never;
      }
    } else {
      out.push(node);
    }
  }
}

/** The first array substitution with more than one item among an element's own values. */
function firstArray(element: XmlElement, r: Resolution): [number, readonly Scalar[]] | undefined {
  const found = findOwnSubstitution(element, (node) => {
    if (r.pinned.has(node.index)) return false;
    const resolved = r.value(node.index);
    return resolved.kind === 'array' && resolved.items.length > 1;
  });
  if (found === undefined) return undefined;
  const resolved = r.value(found.index);
  return resolved.kind === 'array' ? [found.index, resolved.items] : undefined;
}

/** Whether the element depends on a substitution whose value is NULL (then it is left out, as libevtx does). */
function isDependencyNull(element: XmlElement, r: Resolution): boolean {
  if (element.dependency === NO_DEPENDENCY) return false;
  return element.dependency >= r.instance.count || r.instance.types[element.dependency] === VALUE_NULL;
}

function resolveElement(element: XmlElement, r: Resolution, out: XmlNode[]): void {
  if (isDependencyNull(element, r)) return;
  const array = firstArray(element, r);
  if (array !== undefined) {
    const [index, items] = array;
    for (const item of items) {
      r.pinned.set(index, item);
      resolveElement(element, r, out);
    }
    r.pinned.delete(index);
    return;
  }
  r.count(1);
  const attributes: XmlAttribute[] = [];
  for (const attribute of element.attributes) {
    const value: XmlNode[] = [];
    resolveNodes(attribute.value, r, value);
    attributes.push({ name: attribute.name, value });
  }
  const children: XmlNode[] = [];
  resolveNodes(element.children, r, children);
  out.push({ kind: 'element', name: element.name, dependency: NO_DEPENDENCY, attributes, children });
}

/** The resolved nodes of one template instance. */
export function resolveInstance(reader: BinXmlReader, instance: TemplateInstance, depth: number): XmlNode[] {
  const out: XmlNode[] = [];
  resolveNodes(instance.template.nodes, new Resolution(reader, instance, depth), out);
  return out;
}

/** The `InstanceHandler` a reader uses for template instances inside direct token streams. */
export function resolveInstanceAt(reader: BinXmlReader, at: number, end: number, depth: number): [XmlNode[], number] {
  if (depth > MAX_FRAGMENT_NESTING) {
    throw new EvtxFormatError('LIMIT_EXCEEDED', at, `template instances nested deeper than ${MAX_FRAGMENT_NESTING}`);
  }
  const instance = readTemplateInstance(reader, at, end);
  return [resolveInstance(reader, instance, depth), instance.end];
}
