/**
 * Finds the values a field must have for a rule to match at all, by reading the condition: an AND
 * narrows (intersection), an OR widens (union), a NOT or an item on another field says nothing.
 * The rule index uses it for EventID, so a 4688 event never meets a rule that needs EventID 7045.
 */
import { foldCondition } from '../condition/fold-condition.js';
import type { Detection, SearchNode } from '../sigma-rule.js';

/** `undefined` means "any value": the rule does not constrain the field. */
export type Required = ReadonlySet<string> | undefined;

function intersect(sets: readonly Required[]): Required {
  let out: Set<string> | undefined;
  for (const set of sets) {
    if (set === undefined) continue;
    out = out === undefined ? new Set(set) : new Set([...out].filter((v) => set.has(v)));
  }
  return out;
}

function union(sets: readonly Required[]): Required {
  const out = new Set<string>();
  for (const set of sets) {
    if (set === undefined) return undefined;
    for (const v of set) out.add(v);
  }
  return out;
}

function ofSearch(node: SearchNode | undefined, field: string): Required {
  if (node === undefined) return undefined;
  switch (node.kind) {
    case 'all':
      return intersect(
        node.items
          .filter((item) => item.field === field && item.modifiers.length === 0)
          .map((item) =>
            item.values.every((v) => typeof v === 'number' || (typeof v === 'string' && !/[*?\\]/.test(v)))
              ? new Set(item.values.map((v) => String(v).toLowerCase()))
              : undefined,
          ),
      );
    case 'any':
      return union(node.alternatives.map((alternative) => ofSearch(alternative, field)));
    case 'keywords':
      return undefined;
    default: {
      const never: never = node;
      return never;
    }
  }
}

/** The lower-cased texts `field` must equal for the rule to match, or undefined when unconstrained. */
export function requiredValues(detection: Detection, field: string): Required {
  return foldCondition<Required>(detection.condition, {
    search: (name) => ofSearch(detection.searches.get(name), field),
    not: () => undefined,
    and: intersect,
    or: union,
  });
}
