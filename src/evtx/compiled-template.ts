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
import type { TemplateDefinition } from './binxml/template-definition.js';
import type { XmlNode } from './binxml/nodes.js';
import { isJsonNumberType, VALUE_ARRAY_BIT } from './binxml/value-types.js';
import { scalarMayNotFit } from './binxml/values.js';
import { makeFieldPlan, type FieldPlan, type FieldSlot } from './field-plan.js';
import type { FlatInstance } from './flat-instance.js';
import { makeJsonSkeleton, type JsonSkeleton } from './json-skeleton.js';
import {
  decodeOrder,
  MARK_END,
  MARK_START,
  markerTree,
  shapeOf,
  type MarkerContext,
  type Shape,
} from './marker-tree.js';
import { renderJsonText } from './render-json.js';
import { onStructureReset } from './template-structure.js';

/**
 * Variants kept per template structure; past this its further variants take the general path.
 * Guards compile work and memory against a file of ever-new shapes. Corpus: 127 for one template
 * (optional fields come and go), 268 template structures in all.
 */
const MAX_VARIANTS_PER_TEMPLATE = 256;

export interface JsonHole {
  readonly index: number;
  /** The array item the hole shows, or -1 for a scalar value. */
  readonly item: number;
  /** Text holes sit inside a JSON string; value holes are a whole JSON value. */
  readonly isText: boolean;
  /** For value holes: written bare (integer, boolean) rather than as a JSON string. */
  readonly isBare: boolean;
}

/**
 * A compiled variant. Of its shape it keeps the substitution types only: the nested instances name
 * their chunk's template definitions, which would keep those chunks' bytes alive.
 */
export interface TemplateVariant {
  /** Per flat substitution: its value type (`Shape.types`). */
  readonly types: readonly number[];
  /** `FlatInstance.key` of the variant's records. */
  readonly key: Int32Array;
  /** JSON text around the holes: `parts.length === holes.length + 1`; undefined when not compilable. */
  readonly parts: readonly string[] | undefined;
  readonly holes: readonly JsonHole[];
  /**
   * The scalars the general path decodes (`decodeOrder`), in its order, of types `readScalar` may
   * reject: each must decode, which reading a record checks (`checkValues`) before anything of it
   * is used.
   */
  readonly checked: readonly number[];
  /** The marker JSON the field plan is cut from (undefined when not compilable). */
  readonly markerJson: string | undefined;
  /** The field plan, built on first use (`planOf`): dumps never need one. Null: not expressible. */
  plan: FieldPlan | null | undefined;
  /** The JSON skeleton as bytes, built on first use (`skeletonOf`): events never need one. */
  skeleton: JsonSkeleton | undefined;
}

function parseMarker(text: string): [number, number] {
  const colon = text.indexOf(':');
  return colon < 0 ? [Number(text), -1] : [Number(text.slice(0, colon)), Number(text.slice(colon + 1))];
}

/** What the cut stops at: quotes and backslashes (string state) and marker starts. */
const CUT_STOP = /["\\\uE000]/g;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Cuts marker JSON into parts and holes; also returns the text with every hole as a string marker.
 * It jumps between stops with `RegExp.test` (no match objects), not over every character.
 */
function cutSkeleton(text: string, types: readonly number[]): [string[], JsonHole[], string] {
  const parts: string[] = [];
  const holes: JsonHole[] = [];
  let plain = '';
  let inString = false;
  let partStart = 0;
  CUT_STOP.lastIndex = 0;
  while (CUT_STOP.test(text)) {
    const i = CUT_STOP.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      CUT_STOP.lastIndex = i + 2; // an escape: the next character is not a stop
      continue;
    }
    if (c === QUOTE) {
      inString = !inString;
      continue;
    }
    const close = text.indexOf(MARK_END, i);
    const [index, item] = parseMarker(text.slice(i + 1, close));
    const wholeString =
      inString && text.charCodeAt(i - 1) === QUOTE && text.charCodeAt(i - 2) !== BACKSLASH && text[close + 1] === '"';
    const isText = inString && !wholeString;
    const start = wholeString ? i - 1 : i;
    const end = wholeString ? close + 2 : close + 1;
    parts.push(text.slice(partStart, start));
    // Bare only where the renderer wrote the marker outside a string: a number-typed value it
    // quoted (a `Data` name from a substitution, content beside an empty text node) stays quoted.
    holes.push({ index, item, isText, isBare: !inString && isJsonNumberType(types[index]! & ~VALUE_ARRAY_BIT) });
    const marker = `${MARK_START}${holes.length - 1}${MARK_END}`;
    plain += text.slice(partStart, start) + (isText ? marker : `"${marker}"`);
    partStart = end;
    CUT_STOP.lastIndex = end;
    if (wholeString) inString = false;
  }
  parts.push(text.slice(partStart));
  plain += text.slice(partStart);
  return [parts, holes, plain];
}

/** Whether a field's text is an object or array in JSON (what flattening makes of a nested element). */
function isJsonContainerText(text: string): boolean {
  if (!text.startsWith('{') && !text.startsWith('[')) return false;
  try {
    return typeof JSON.parse(text) === 'object';
  } catch {
    return false;
  }
}

function slotFor(value: unknown, holes: readonly JsonHole[], types: readonly number[]): FieldSlot | undefined {
  if (Array.isArray(value)) {
    const items: FieldSlot[] = [];
    for (const item of value) {
      const slot = slotFor(item, holes, types);
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
  // Markers here are MARK_START, a hole number, MARK_END (the plain text `cutSkeleton` made).
  for (let at = value.indexOf(MARK_START); at >= 0; at = value.indexOf(MARK_START, last)) {
    const close = value.indexOf(MARK_END, at);
    parts.push(value.slice(last, at));
    indexes.push(Number(value.slice(at + 1, close)));
    last = close + 1;
  }
  parts.push(value.slice(last));
  if (indexes.length === 0) return { kind: 'const', value };
  // Flattening writes a nested element as JSON text (`{"Inner":{"#text":5}}`), whose values are
  // escaped and bare or quoted by type, which filling text between parts does not redo.
  if (isJsonContainerText(value)) return undefined;
  if (indexes.length === 1 && parts[0] === '' && parts[1] === '') {
    const hole = holes[indexes[0]!]!;
    const type = types[hole.index]!;
    // A bare value parses as a number or boolean; a quoted one stays text whatever its type.
    return hole.isBare
      ? { kind: 'json', index: hole.index, item: hole.item, type }
      : { kind: 'text', index: hole.index, item: hole.item, type };
  }
  return {
    kind: 'concat',
    parts,
    indexes: indexes.map((h) => holes[h]!.index),
    items: indexes.map((h) => holes[h]!.item),
    types: indexes.map((h) => types[holes[h]!.index]!),
  };
}

function compilePlan(plain: string, holes: readonly JsonHole[], types: readonly number[]): FieldPlan | undefined {
  const fields = flattenWindowsEventJson(JSON.parse(plain));
  if (fields === undefined) return undefined;
  const names: string[] = [];
  const slots: FieldSlot[] = [];
  for (const [name, value] of fields) {
    if (name.includes(MARK_START)) return undefined;
    const slot = slotFor(value, holes, types);
    if (slot === undefined) return undefined;
    names.push(name);
    slots.push(slot);
  }
  return makeFieldPlan(names, slots);
}

/** A variant that takes the general path. */
function notCompiled(shape: Shape, key: Int32Array): TemplateVariant {
  return {
    types: shape.types,
    key,
    parts: undefined,
    holes: [],
    checked: [],
    markerJson: undefined,
    plan: null,
    skeleton: undefined,
  };
}

function compileVariant(flat: FlatInstance, key: Int32Array): TemplateVariant {
  const shape = shapeOf(flat);
  const tree: XmlNode[] = [];
  const ctx: MarkerContext = { shape, pinned: new Map(), elements: 0 };
  if (flat.template === undefined || !markerTree(flat.template.nodes, ctx, 0, flat.count, tree))
    return notCompiled(shape, key);
  // The markers are ours alone: `markerTree` refuses a template whose own text holds these
  // private-use characters (seen in fuzzed chunks), which would be cut in the wrong places.
  const json = renderJsonText(tree);
  const [parts, holes, plain] = cutSkeleton(json, shape.types);
  const decoded = new Set<number>();
  decodeOrder(flat.template.nodes, shape, 0, flat.count, decoded);
  const checked = [...decoded].filter((index) => scalarMayNotFit(shape.types[index]!));
  return {
    types: shape.types,
    key,
    parts,
    holes,
    checked,
    markerJson: plain,
    plan: undefined,
    skeleton: undefined,
  };
}

/** The variant's field plan, compiled on first use; undefined when fields need the general path. */
export function planOf(variant: TemplateVariant): FieldPlan | undefined {
  if (variant.plan === undefined)
    variant.plan =
      variant.markerJson === undefined ? null : (compilePlan(variant.markerJson, variant.holes, variant.types) ?? null);
  return variant.plan ?? undefined;
}

/** The variant's JSON skeleton as bytes, made on first use; undefined when it is not compiled. */
export function skeletonOf(variant: TemplateVariant): JsonSkeleton | undefined {
  if (variant.skeleton === undefined && variant.parts !== undefined)
    variant.skeleton = makeJsonSkeleton(variant.parts, variant.holes);
  return variant.skeleton;
}

/** Compiled variants by template structure, then by the instance hash (`flat-instance.ts`). */
const variantsByStructure = new Map<number, Map<number, TemplateVariant[]>>();
onStructureReset(() => variantsByStructure.clear());

function hasKey(variant: TemplateVariant, flat: FlatInstance): boolean {
  const key = variant.key;
  const length = flat.keyLength;
  if (key.length !== length) return false;
  const other = flat.key;
  for (let i = 0; i < length; i++) if (key[i] !== other[i]) return false;
  return true;
}

/** Finds or compiles the variants of (unfolded) template instances; one per chunk run. */
export class CompiledTemplates {
  /** The last definition seen and its variants: a chunk's records mostly share one or two templates. */
  private lastTemplate: TemplateDefinition | undefined = undefined;
  private lastVariants: Map<number, TemplateVariant[]> = new Map();

  private variantsOf(template: TemplateDefinition): Map<number, TemplateVariant[]> {
    if (template === this.lastTemplate) return this.lastVariants;
    // `FlatInstance.read` gave the definition its structure id (it has the chunk bytes).
    const id = template.structureId;
    if (id < 0) throw new Error('a template definition reached the compiled path without its structure id');
    let variants = variantsByStructure.get(id);
    if (variants === undefined) {
      variants = new Map();
      variantsByStructure.set(id, variants);
    }
    this.lastTemplate = template;
    this.lastVariants = variants;
    return variants;
  }

  /** The variant for this (unfolded) instance, compiled on first sight; undefined past the per-template limit. */
  variant(flat: FlatInstance): TemplateVariant | undefined {
    if (flat.template === undefined) return undefined;
    const variants = this.variantsOf(flat.template);
    let sameHash = variants.get(flat.hash);
    if (sameHash !== undefined) for (const candidate of sameHash) if (hasKey(candidate, flat)) return candidate;
    if (variants.size >= MAX_VARIANTS_PER_TEMPLATE) return undefined;
    const compiled = compileVariant(flat, flat.key.slice(0, flat.keyLength));
    if (sameHash === undefined) {
      sameHash = [];
      variants.set(flat.hash, sameHash);
    }
    sameHash.push(compiled);
    return compiled;
  }
}
