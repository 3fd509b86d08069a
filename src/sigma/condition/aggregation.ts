/**
 * Sigma 1.0 aggregation expressions (`selection | count(User) by Host > 10`), which Sigma 2 replaced
 * with correlation rules. svchunt reads them so older rules still run: `check-rules.ts` turns each
 * into a base rule plus an equivalent correlation (count() → event_count, count(f) → value_count,
 * sum → value_sum, avg → value_avg). `min`/`max` have no Sigma 2 equivalent and stay unsupported.
 */
import type { ComparisonOperator } from '../sigma-rule.js';

export type AggregationFunction = 'count' | 'sum' | 'avg' | 'min' | 'max';

export interface Aggregation {
  readonly fn: AggregationFunction;
  /** The aggregated field; undefined for `count()`. */
  readonly field: string | undefined;
  readonly groupBy: string | undefined;
  readonly operator: ComparisonOperator;
  readonly value: number;
  /** The expression as written, for messages. */
  readonly text: string;
}

const EXPRESSION =
  /^\s*(count|sum|avg|min|max)\s*\(\s*([\w.-]*)\s*\)\s*(?:by\s+([\w.-]+)\s*)?(<=|>=|==|!=|<|>|=)\s*(\d+(?:\.\d+)?)\s*$/i;

const OPERATORS: Readonly<Record<string, ComparisonOperator>> = {
  '<': 'lt',
  '<=': 'lte',
  '>': 'gt',
  '>=': 'gte',
  '=': 'eq',
  '==': 'eq',
  '!=': 'neq',
};

/** Reads the text after `|`; undefined when it is no aggregation this grammar knows (e.g. `near`). */
export function parseAggregation(text: string): Aggregation | undefined {
  const match = EXPRESSION.exec(text);
  if (match === null) return undefined;
  const fn = (match[1] as string).toLowerCase() as AggregationFunction;
  const field = match[2] === '' ? undefined : match[2];
  if (fn !== 'count' && field === undefined) return undefined;
  return {
    fn,
    field,
    groupBy: match[3],
    operator: OPERATORS[match[4] as string] as ComparisonOperator,
    value: Number(match[5]),
    text: text.trim(),
  };
}
