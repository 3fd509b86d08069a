/**
 * A field plan: for one template variant, every Sigma field name the flattened JSON would have
 * (`flattenWindowsEventJson`) and where its value comes from — a constant of the template, one
 * substitution (as JSON would parse it, or as text), text around several substitutions, or a list.
 * An event then answers `get(name)` from the record's substitution values without building a Map.
 */
import type { FieldValue, ScalarValue } from '../event/index.js';
import type { Scalar } from './binxml/nodes.js';
import {
  isKnownValueType,
  VALUE_ANSI_STRING,
  VALUE_ARRAY_BIT,
  VALUE_BINXML,
  VALUE_STRING,
} from './binxml/value-types.js';

export type FieldSlot =
  | { readonly kind: 'const'; readonly value: FieldValue }
  /**
   * The substitution (or its array item; -1: none) as JSON.parse would give it: numbers and
   * booleans stay typed. `type` is the substitution's value type (array bit included).
   */
  | { readonly kind: 'json'; readonly index: number; readonly item: number; readonly type: number }
  /** The substitution's (or its array item's) text. */
  | { readonly kind: 'text'; readonly index: number; readonly item: number; readonly type: number }
  /** `parts[0] + text(indexes[0], items[0]) + parts[1] + …`. */
  | {
      readonly kind: 'concat';
      readonly parts: readonly string[];
      readonly indexes: readonly number[];
      readonly items: readonly number[];
      readonly types: readonly number[];
    }
  | { readonly kind: 'list'; readonly items: readonly FieldSlot[] };

export interface FieldPlan {
  readonly names: readonly string[];
  readonly slots: readonly FieldSlot[];
  readonly index: ReadonlyMap<string, number>;
  /** Per slot: 1 when its value is of a code type (see `isCodeSlot`), known without decoding it. */
  readonly codeSlots: Uint8Array;
  /** Slot numbers of the fields every event reads when it is made (-1 when the plan lacks one). */
  readonly timeSlot: number;
  readonly computerSlot: number;
  readonly channelSlot: number;
  readonly eventIdSlot: number;
}

/** Where slots read one record's substitution values. */
export interface ValueSource {
  /** Substitution `index` of value type `type`, or item `item` of it when it is an array (`item` ≥ 0). */
  valueAt(index: number, item: number, type: number): Scalar | undefined;
}

/** A plan from parallel name and slot lists. */
export function makeFieldPlan(names: readonly string[], slots: readonly FieldSlot[]): FieldPlan {
  const index = new Map<string, number>();
  for (let i = 0; i < names.length; i++) index.set(names[i]!, i);
  return {
    names,
    slots,
    index,
    codeSlots: Uint8Array.from(slots, (slot) => (isCodeSlot(slot) ? 1 : 0)),
    timeSlot: index.get('TimeCreated_SystemTime') ?? -1,
    computerSlot: index.get('Computer') ?? -1,
    channelSlot: index.get('Channel') ?? -1,
    eventIdSlot: index.get('EventID') ?? -1,
  };
}

/**
 * Whether a value type's text is code (`CODE_CHARACTERS` in src/event): every known type but the
 * strings and nested BinXML — numbers, booleans, hex, GUIDs, SIDs, times, binary.
 */
function isCodeType(type: number): boolean {
  const base = type & ~VALUE_ARRAY_BIT;
  return base !== VALUE_STRING && base !== VALUE_ANSI_STRING && base !== VALUE_BINXML && isKnownValueType(base);
}

/** A slot reading only values of code types; constants and text around values are never code. */
function isCodeSlot(slot: FieldSlot): boolean {
  switch (slot.kind) {
    case 'json':
    case 'text':
      return isCodeType(slot.type);
    case 'list':
      return slot.items.every(isCodeSlot);
    default:
      return false;
  }
}

/** A plan of constants: the fallback for records the compiled path does not cover. */
export function constantPlan(fields: ReadonlyMap<string, FieldValue>): FieldPlan {
  const names: string[] = [];
  const slots: FieldSlot[] = [];
  for (const [name, value] of fields) {
    names.push(name);
    slots.push({ kind: 'const', value });
  }
  return makeFieldPlan(names, slots);
}

/** A record's decoded substitution values by flat index: scalars, or the items of array values. */
export type SubstitutionValues = readonly (Scalar | readonly Scalar[] | undefined)[];

/** Substitution `index`, or item `item` of it when it is an array (`item` ≥ 0). */
export function valueAt(values: SubstitutionValues, index: number, item: number): Scalar | undefined {
  const value = values[index];
  return item < 0 ? (value as Scalar | undefined) : (value as readonly Scalar[] | undefined)?.[item];
}

function text(value: Scalar | undefined): string {
  return typeof value === 'string' ? value : value === undefined ? '' : String(value);
}

function json(value: Scalar | undefined): ScalarValue {
  return typeof value === 'bigint' ? Number(value) : (value ?? null);
}

/** The scalar a slot yields for one record (a list item yields this too). */
export function scalarSlot(slot: FieldSlot, source: ValueSource): ScalarValue {
  switch (slot.kind) {
    case 'const':
      // Only list items reach here, and flattening turns nested lists into JSON text.
      return Array.isArray(slot.value) ? JSON.stringify(slot.value) : (slot.value as ScalarValue);
    case 'json':
      return json(source.valueAt(slot.index, slot.item, slot.type));
    case 'text':
      return text(source.valueAt(slot.index, slot.item, slot.type));
    case 'concat': {
      let out = slot.parts[0]!;
      for (let i = 0; i < slot.indexes.length; i++) {
        out += text(source.valueAt(slot.indexes[i]!, slot.items[i]!, slot.types[i]!)) + slot.parts[i + 1]!;
      }
      return out;
    }
    case 'list':
      return JSON.stringify(slot.items.map((item) => scalarSlot(item, source)));
    default:
      return slot satisfies never;
  }
}

/** The field value a slot yields for one record's substitution values. */
export function evaluateSlot(slot: FieldSlot, source: ValueSource): FieldValue {
  if (slot.kind === 'const') return slot.value;
  if (slot.kind === 'list') return slot.items.map((item) => scalarSlot(item, source));
  return scalarSlot(slot, source);
}

/** Calls `visit` with the substitution index and type of every value a slot reads. */
export function forEachSlotValue(slot: FieldSlot, visit: (index: number, type: number) => void): void {
  switch (slot.kind) {
    case 'const':
      return;
    case 'json':
    case 'text':
      visit(slot.index, slot.type);
      return;
    case 'concat':
      for (let i = 0; i < slot.indexes.length; i++) visit(slot.indexes[i]!, slot.types[i]!);
      return;
    case 'list':
      for (const item of slot.items) forEachSlotValue(item, visit);
      return;
    default:
      slot satisfies never;
  }
}
