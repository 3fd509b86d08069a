/**
 * Evaluates a condition tree in some algebra: compiled matchers (and/or/not of closures), index keys
 * (AND narrows, OR unites, NOT says nothing), required values … `x of` is the AND (`all`) or OR
 * (`1`/`any`) of its identifiers; each identifier is evaluated once, however often it is named.
 */
import type { ConditionNode } from './condition-node.js';

export interface ConditionAlgebra<T> {
  /** The value of one search identifier. */
  search(name: string): T;
  /** NOT of a subtree; given the subtree lazily, since some algebras do not need it. */
  not(child: () => T): T;
  and(children: readonly T[]): T;
  or(children: readonly T[]): T;
}

export function foldCondition<T>(condition: ConditionNode, algebra: ConditionAlgebra<T>): T {
  const searched = new Map<string, T>();
  const search = (name: string): T => {
    if (!searched.has(name)) searched.set(name, algebra.search(name));
    return searched.get(name) as T;
  };
  const walk = (node: ConditionNode): T => {
    switch (node.kind) {
      case 'ref':
        return search(node.name);
      case 'not':
        return algebra.not(() => walk(node.child));
      case 'and':
        return algebra.and(node.children.map(walk));
      case 'or':
        return algebra.or(node.children.map(walk));
      case 'of':
        return node.quantifier === 'all' ? algebra.and(node.names.map(search)) : algebra.or(node.names.map(search));
      default: {
        const never: never = node;
        return never;
      }
    }
  };
  return walk(condition);
}
