/**
 * Finds a rule's "key": a small set of cheap value tests (atoms) at least one of which must hold for
 * the rule to match — e.g. `Image` ends with `\sc.exe` or `OriginalFileName` is `sc.exe`. The
 * atom index tests all rules' atoms per event with a few Map lookups and runs only the rules whose
 * key fired. Reading of the condition: AND picks its most selective child, OR unites its children;
 * a regex gives the literals it needs (`regex-literals.ts`); NOT, null and other non-literal tests
 * give no key (the rule is always run).
 */
import type { Placeholders } from '../modifiers/expand.js';
import { parseModifierChain } from '../modifiers/modifier-chain.js';
import type { SigmaString } from '../modifiers/sigma-string.js';
import { foldCondition } from '../condition/fold-condition.js';
import { itemValuePatterns } from '../compile/value-patterns.js';
import type { Detection, FieldItem, SearchNode } from '../sigma-rule.js';
import { regexLiterals } from '../compile/regex-literals.js';
import { foldCase } from '../compile/fold-case.js';

export type AtomKind = 'equals' | 'basename' | 'prefix' | 'suffix' | 'contains';

/** One lower-cased literal test on one (already mapped) field. */
export interface Atom {
  readonly field: string;
  readonly kind: AtomKind;
  readonly text: string;
}

/** Atoms OR-ed; `undefined` stands for "no key": the rule must always run. */
export type Key = readonly Atom[] | undefined;

/** Literals shorter than this index poorly (too many events share them). */
export const MIN_INDEXED_LENGTH = 3;

const KIND_COST: Readonly<Record<AtomKind, number>> = { equals: 1, basename: 1, prefix: 3, suffix: 3, contains: 4 };

/** Lower is better: the weakest atom dominates, and every extra atom adds a little. */
function keyCost(key: Key): number {
  if (key === undefined) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (const atom of key) {
    const shortPenalty = atom.kind === 'contains' ? Math.max(0, 8 - atom.text.length) * 0.5 : 0;
    worst = Math.max(worst, KIND_COST[atom.kind] + shortPenalty);
  }
  return worst + key.length * 0.01;
}

function best(keys: readonly Key[]): Key {
  let chosen: Key;
  let cost = Number.POSITIVE_INFINITY;
  for (const key of keys) {
    const c = keyCost(key);
    if (c < cost) {
      cost = c;
      chosen = key;
    }
  }
  return chosen;
}

function union(keys: readonly Key[]): Key {
  const out: Atom[] = [];
  for (const key of keys) {
    if (key === undefined) return undefined;
    out.push(...key);
  }
  return out;
}

const isSeparator = (c: string | undefined): boolean => c === '\\' || c === '/';

/** The atom a pattern implies, or undefined when no indexable literal is certain. */
function atomOf(field: string, pattern: SigmaString): Atom | undefined {
  const kinds = pattern.map((p) => (p.kind === 'text' ? 't' : p.kind === 'star' ? '*' : '?')).join('');
  const text = (i: number): string => {
    const part = pattern[i];
    return part?.kind === 'text' ? foldCase(part.text) : '';
  };
  const make = (kind: AtomKind, t: string): Atom | undefined =>
    kind === 'equals' || t.length >= MIN_INDEXED_LENGTH ? { field, kind, text: t } : undefined;
  switch (kinds) {
    case '':
      return make('equals', '');
    case 't':
      return make('equals', text(0));
    case 't*':
      return make('prefix', text(0));
    case '*t': {
      const t = text(1);
      const isBasename = isSeparator(t[0]) && !t.slice(1).includes('\\') && !t.slice(1).includes('/') && t.length > 1;
      return isBasename ? { field, kind: 'basename', text: t.slice(1) } : make('suffix', t);
    }
    case '*t*':
      return make('contains', text(1));
    case 't*t':
      return make('prefix', text(0)) ?? make('suffix', text(2));
    default: {
      // A general wildcard pattern still contains its longest literal run somewhere.
      let longest = '';
      pattern.forEach((part, i) => {
        if (part.kind === 'text' && part.text.length > longest.length) longest = text(i);
      });
      return make('contains', longest);
    }
  }
}

function itemKey(
  item: FieldItem,
  fieldMap: Readonly<Record<string, string>>,
  placeholders: Placeholders | undefined,
): Key {
  if (item.field === '') return undefined;
  const chain = parseModifierChain(item.modifiers);
  if (chain.neq || item.values.length === 0 || item.values.includes(null)) return undefined;
  const field = fieldMap[item.field] ?? item.field;
  if (chain.match === 're') {
    const perRegex: Key[] = item.values.map((source) =>
      regexLiterals(String(source), MIN_INDEXED_LENGTH)?.map((text): Atom => ({ field, kind: 'contains', text })),
    );
    return chain.all ? best(perRegex) : union(perRegex);
  }
  if (chain.match !== 'value') return undefined;
  const patterns = itemValuePatterns(item, chain, placeholders);
  const perValue: Key[] = patterns.map((group) => {
    const atoms: Atom[] = [];
    for (const pattern of group ?? []) {
      const atom = atomOf(field, pattern);
      if (atom === undefined) return undefined;
      atoms.push(atom);
    }
    return atoms;
  });
  return chain.all ? best(perValue) : union(perValue);
}

function searchKey(
  node: SearchNode | undefined,
  fieldMap: Readonly<Record<string, string>>,
  placeholders: Placeholders | undefined,
): Key {
  if (node === undefined) return undefined;
  switch (node.kind) {
    case 'all':
      return best(node.items.map((item) => itemKey(item, fieldMap, placeholders)));
    case 'any':
      return union(node.alternatives.map((a) => searchKey(a, fieldMap, placeholders)));
    case 'keywords':
      return undefined;
    default: {
      const never: never = node;
      return never;
    }
  }
}

/** The rule's key under a field mapping; undefined when the rule must run on every candidate event. */
export function ruleKey(
  detection: Detection,
  fieldMap: Readonly<Record<string, string>>,
  placeholders: Placeholders | undefined,
): Key {
  return foldCondition<Key>(detection.condition, {
    search: (name) => searchKey(detection.searches.get(name), fieldMap, placeholders),
    not: () => undefined,
    and: best,
    or: union,
  });
}
