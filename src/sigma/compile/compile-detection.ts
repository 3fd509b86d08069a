/**
 * Compiles a rule's detection (search identifiers + condition) into one matcher. Each search
 * identifier compiles once even when the condition names it several times (`1 of selection_*` and
 * `not filter_*` over the same names).
 */
import type { ConditionNode } from '../condition/condition-node.js';
import type { Detection, SearchNode } from '../sigma-rule.js';
import { CompileError } from './compile-error.js';
import { compileFieldItem, type ItemCompileOptions } from './compile-field-item.js';
import { allOf, anyOf, not, type CompiledTest } from './compiled-test.js';
import type { SourceLocation } from '../rule-issue.js';

/** A compile failure with the location of the item that caused it. */
export class LocatedCompileError extends CompileError {
  readonly location: SourceLocation;

  constructor(cause: CompileError, location: SourceLocation) {
    super(cause.code, cause.message);
    this.location = location;
  }
}

function compileSearch(node: SearchNode, options: ItemCompileOptions): CompiledTest {
  switch (node.kind) {
    case 'all':
      return allOf(
        node.items.map((item) => {
          try {
            return compileFieldItem(item, options);
          } catch (err) {
            if (err instanceof CompileError && !(err instanceof LocatedCompileError)) {
              throw new LocatedCompileError(err, item.location);
            }
            throw err;
          }
        }),
      );
    case 'any':
      return anyOf(node.alternatives.map((alternative) => compileSearch(alternative, options)));
    case 'keywords':
      try {
        return compileFieldItem(node.item, options);
      } catch (err) {
        if (err instanceof CompileError && !(err instanceof LocatedCompileError)) {
          throw new LocatedCompileError(err, node.item.location);
        }
        throw err;
      }
    default: {
      const never: never = node;
      return never;
    }
  }
}

/** Compiles detection → matcher; throws `LocatedCompileError`. */
export function compileDetection(detection: Detection, options: ItemCompileOptions): CompiledTest {
  const compiled = new Map<string, CompiledTest>();
  const search = (name: string): CompiledTest => {
    let test = compiled.get(name);
    if (test === undefined) {
      const node = detection.searches.get(name);
      if (node === undefined)
        throw new CompileError('UNDEFINED_IDENTIFIER', `search identifier "${name}" is not defined`);
      test = compileSearch(node, options);
      compiled.set(name, test);
    }
    return test;
  };
  const walk = (node: ConditionNode): CompiledTest => {
    switch (node.kind) {
      case 'ref':
        return search(node.name);
      case 'not':
        return not(walk(node.child));
      case 'and':
        return allOf(node.children.map(walk));
      case 'or':
        return anyOf(node.children.map(walk));
      case 'of':
        return node.quantifier === 'all' ? allOf(node.names.map(search)) : anyOf(node.names.map(search));
      default: {
        const never: never = node;
        return never;
      }
    }
  };
  return walk(detection.condition);
}
