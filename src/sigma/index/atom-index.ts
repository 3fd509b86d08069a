/**
 * Tests the keys (see `key-atoms.ts`) of all candidate rules of a bucket at once. Per indexed field
 * and event: one Map lookup for equal values, one for the file name after the last path separator,
 * one each for the last and first three characters (then an exact `endsWith`/`startsWith` check),
 * and a scan of the value's three-character grams for `contains` literals, each literal indexed under
 * its rarest gram and confirmed with `startsWith` at the aligned position. Rules whose key fires are
 * marked; only they (and rules without a key) run their full matcher.
 */
import type { FieldSlots } from '../compile/field-slots.js';
import type { MatchContext } from '../compile/match-context.js';
import { MIN_INDEXED_LENGTH, type Atom, type Key } from './key-atoms.js';

interface Literal {
  readonly text: string;
  /** Where the indexed gram sits inside `text` (contains atoms only). */
  readonly gramOffset: number;
  readonly rules: number[];
}

interface FieldTables {
  readonly slot: number;
  readonly equals: Map<string, number[]>;
  readonly basenames: Map<string, number[]>;
  readonly suffixes: Map<string, Literal[]>;
  readonly prefixes: Map<string, Literal[]>;
  readonly grams: Map<number, Literal[]>;
  /** The literals of `suffixes`, `prefixes` and `grams`, by kind, key, offset and text (`addLiteral`). */
  readonly literals: Map<string, Literal>;
  /**
   * A filter of the codes in `grams` (bit `gramBit(code, gramShift)`): most positions of a value are
   * answered here. Sized to the grams (empty without any): a bucket is built per logsource class.
   */
  gramBits: Uint32Array;
  gramShift: number;
  /** Rules keyed on this field, marked wholesale when the event holds a list here. */
  readonly allRules: number[];
}

/**
 * The gram filter: scanning a command line looks up each of its grams, and a bit test first made
 * that cheaper than a Map lookup at every position. Bits per gram (a power of two) keep it sparse,
 * up to a cap.
 */
const FILTER_BITS_PER_GRAM = 32;
const MAX_FILTER_BITS = 1 << 16;
const NO_BITS = new Uint32Array(0);

/** The filter bit of a gram code: a multiplicative hash, its top bits (`shift` = 32 − log2 size). */
function gramBit(code: number, shift: number): number {
  return Math.imul(code, 0x9e3779b1) >>> shift;
}

/** Builds the table's gram filter once all its grams are filed. */
function buildGramFilter(t: FieldTables): void {
  if (t.grams.size === 0) return;
  let size = 32;
  while (size < t.grams.size * FILTER_BITS_PER_GRAM && size < MAX_FILTER_BITS) size *= 2;
  t.gramShift = 32 - Math.log2(size);
  t.gramBits = new Uint32Array(size / 32);
  for (const code of t.grams.keys()) {
    const bit = gramBit(code, t.gramShift);
    t.gramBits[bit >>> 5] = (t.gramBits[bit >>> 5] as number) | (1 << (bit & 31));
  }
}

/** Three characters as one small integer; collisions only cost an extra `startsWith`. */
function gramCode(s: string, at: number): number {
  return ((s.charCodeAt(at) & 0x3ff) << 20) | ((s.charCodeAt(at + 1) & 0x3ff) << 10) | (s.charCodeAt(at + 2) & 0x3ff);
}

function addTo<K>(map: Map<K, number[]>, key: K, rule: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [rule]);
  else if (list[list.length - 1] !== rule) list.push(rule);
}

/**
 * Files `rule` under the literal (`text` at `gramOffset`) in `map` at `key`; `known` finds a literal
 * already filed (a list search per atom made building a bucket of a thousand rules quadratic).
 */
function addLiteral<K>(
  map: Map<K, Literal[]>,
  known: Map<string, Literal>,
  kind: string,
  key: K,
  text: string,
  gramOffset: number,
  rule: number,
): void {
  const id = `${kind}${String(key)}\u0000${gramOffset}\u0000${text}`;
  let literal = known.get(id);
  if (literal === undefined) {
    literal = { text, gramOffset, rules: [] };
    known.set(id, literal);
    const list = map.get(key);
    if (list === undefined) map.set(key, [literal]);
    else list.push(literal);
  }
  if (literal.rules[literal.rules.length - 1] !== rule) literal.rules.push(rule);
}

/** The gram codes of a contains-atom's text, by position; atoms are shared by every bucket they reach. */
const gramsOfAtom = new WeakMap<Atom, Int32Array>();

function atomGrams(atom: Atom): Int32Array {
  let grams = gramsOfAtom.get(atom);
  if (grams === undefined) {
    grams = new Int32Array(Math.max(0, atom.text.length - MIN_INDEXED_LENGTH + 1));
    for (let i = 0; i < grams.length; i++) grams[i] = gramCode(atom.text, i);
    gramsOfAtom.set(atom, grams);
  }
  return grams;
}

export class AtomIndex {
  /** Candidates without a key: always run. */
  readonly unkeyed: readonly number[];
  private readonly fields: readonly FieldTables[];

  constructor(keys: readonly Key[], slots: FieldSlots) {
    const unkeyed: number[] = [];
    const byField = new Map<string, FieldTables>();
    const tables = (field: string): FieldTables => {
      let t = byField.get(field);
      if (t === undefined) {
        t = {
          slot: slots.slotOf(field),
          equals: new Map(),
          basenames: new Map(),
          suffixes: new Map(),
          prefixes: new Map(),
          grams: new Map(),
          literals: new Map(),
          gramBits: NO_BITS,
          gramShift: 32,
          allRules: [],
        };
        byField.set(field, t);
      }
      return t;
    };
    // Gram frequency over all contains-literals: a literal is filed under its least shared gram,
    // which keeps common grams (`exe`, `:\w`) from triggering half the rule set.
    const gramCount = new Map<number, number>();
    for (const key of keys) {
      for (const atom of key ?? []) {
        if (atom.kind !== 'contains') continue;
        for (const code of atomGrams(atom)) gramCount.set(code, (gramCount.get(code) ?? 0) + 1);
      }
    }
    keys.forEach((key, rule) => {
      if (key === undefined) {
        unkeyed.push(rule);
        return;
      }
      for (const atom of key) this.file(tables(atom.field), atom, rule, gramCount);
    });
    this.unkeyed = unkeyed;
    this.fields = [...byField.values()];
    for (const t of this.fields) {
      buildGramFilter(t);
      t.literals.clear(); // only filing needs it
    }
  }

  private file(t: FieldTables, atom: Atom, rule: number, gramCount: ReadonlyMap<number, number>): void {
    if (t.allRules[t.allRules.length - 1] !== rule) t.allRules.push(rule);
    switch (atom.kind) {
      case 'equals':
        addTo(t.equals, atom.text, rule);
        return;
      case 'basename':
        addTo(t.basenames, atom.text, rule);
        return;
      case 'suffix':
        addLiteral(t.suffixes, t.literals, 's', atom.text.slice(-MIN_INDEXED_LENGTH), atom.text, 0, rule);
        return;
      case 'prefix':
        addLiteral(t.prefixes, t.literals, 'p', atom.text.slice(0, MIN_INDEXED_LENGTH), atom.text, 0, rule);
        return;
      case 'contains': {
        const grams = atomGrams(atom);
        let bestAt = 0;
        let bestCount = Number.POSITIVE_INFINITY;
        for (let i = 0; i < grams.length; i++) {
          const count = gramCount.get(grams[i]!) ?? 0;
          if (count < bestCount) {
            bestCount = count;
            bestAt = i;
          }
        }
        addLiteral(t.grams, t.literals, 'g', grams[bestAt]!, atom.text, bestAt, rule);
        return;
      }
      default: {
        const never: never = atom.kind;
        return never;
      }
    }
  }

  /** Marks (`marks[rule] = stamp`) every keyed rule whose key fires on the context's event. */
  mark(ctx: MatchContext, marks: Uint32Array, stamp: number): void {
    for (const t of this.fields) {
      const v = ctx.lower(t.slot);
      if (v === undefined) {
        if (ctx.rawList(t.slot) !== undefined) for (const r of t.allRules) marks[r] = stamp;
        continue;
      }
      if (t.equals.size > 0) markAll(t.equals.get(v), marks, stamp);
      if (t.basenames.size > 0) {
        const cut = Math.max(v.lastIndexOf('\\'), v.lastIndexOf('/'));
        markAll(t.basenames.get(cut < 0 ? v : v.slice(cut + 1)), marks, stamp);
      }
      if (v.length < MIN_INDEXED_LENGTH) continue;
      if (t.suffixes.size > 0) {
        const list = t.suffixes.get(v.slice(-MIN_INDEXED_LENGTH));
        if (list !== undefined) for (const l of list) if (v.endsWith(l.text)) markAll(l.rules, marks, stamp);
      }
      if (t.prefixes.size > 0) {
        const list = t.prefixes.get(v.slice(0, MIN_INDEXED_LENGTH));
        if (list !== undefined) for (const l of list) if (v.startsWith(l.text)) markAll(l.rules, marks, stamp);
      }
      if (t.grams.size > 0) {
        const grams = t.grams;
        const bits = t.gramBits;
        const shift = t.gramShift;
        const last = v.length - MIN_INDEXED_LENGTH;
        let code = gramCode(v, 0);
        for (let at = 0; ;) {
          const bit = gramBit(code, shift);
          const list = ((bits[bit >>> 5] as number) & (1 << (bit & 31))) === 0 ? undefined : grams.get(code);
          if (list !== undefined) {
            for (const l of list) {
              const start = at - l.gramOffset;
              if (start >= 0 && v.startsWith(l.text, start)) markAll(l.rules, marks, stamp);
            }
          }
          if (++at > last) break;
          code = ((code & 0xfffff) << 10) | (v.charCodeAt(at + 2) & 0x3ff);
        }
      }
    }
  }
}

function markAll(rules: readonly number[] | undefined, marks: Uint32Array, stamp: number): void {
  if (rules === undefined) return;
  for (let i = 0; i < rules.length; i++) marks[rules[i] as number] = stamp;
}
