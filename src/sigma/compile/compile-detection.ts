/**
 * Compiles a rule's detection (search identifiers + condition) into one matcher. Each search
 * identifier compiles once even when the condition names it several times (`1 of selection_*` and
 * `not filter_*` over the same names).
 */
import { foldCondition } from '../condition/fold-condition.js';
import type { Detection, FieldItem, SearchNode } from '../sigma-rule.js';
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

/** Compiles one item, adding its location to a compile failure. */
function compileLocated(item: FieldItem, options: ItemCompileOptions): CompiledTest {
  try {
    return compileFieldItem(item, options);
  } catch (err) {
    if (err instanceof CompileError && !(err instanceof LocatedCompileError))
      throw new LocatedCompileError(err, item.location);
    throw err;
  }
}

function compileSearch(node: SearchNode, options: ItemCompileOptions): CompiledTest {
  switch (node.kind) {
    case 'all':
      return allOf(node.items.map((item) => compileLocated(item, options)));
    case 'any':
      return anyOf(node.alternatives.map((alternative) => compileSearch(alternative, options)));
    case 'keywords':
      return compileLocated(node.item, options);
    default: {
      const never: never = node;
      return never;
    }
  }
}

/** Compiles detection → matcher; throws `LocatedCompileError`. */
export function compileDetection(detection: Detection, options: ItemCompileOptions): CompiledTest {
  return foldCondition<CompiledTest>(detection.condition, {
    search: (name) => {
      const node = detection.searches.get(name);
      if (node === undefined)
        throw new CompileError('UNDEFINED_IDENTIFIER', `search identifier "${name}" is not defined`);
      return compileSearch(node, options);
    },
    not: (child) => not(child()),
    and: allOf,
    or: anyOf,
  });
}
