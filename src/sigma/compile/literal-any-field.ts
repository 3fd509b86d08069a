/**
 * "Does any field of the event contain one of these literals, ignoring case?" — the test behind
 * plain keyword searches, which run on every event of their product. One case-insensitive regular
 * expression made only of escaped literals (so it cannot backtrack beyond the literals' length) is
 * run on each field's raw text: measured 3–4x cheaper than lower-casing and joining every field
 * first. The `u` flag makes case-insensitivity Unicode simple case folding (the Kelvin sign matches k).
 */
import type { ScalarValue } from '../../event/index.js';
import { scalarText, type MatchContext } from './match-context.js';

const SYNTAX = /[.*+?^${}()|[\]\\/]/g;

export function literalInAnyField(literals: readonly string[]): (ctx: MatchContext) => boolean {
  if (literals.includes('')) return (ctx) => ctx.event !== undefined && ctx.event.fieldNames().length > 0;
  const regex = new RegExp(literals.map((l) => l.replace(SYNTAX, '\\$&')).join('|'), 'iu');
  return (ctx) => {
    const event = ctx.event;
    if (event === undefined) return false;
    for (const name of event.fieldNames()) {
      const value = event.get(name);
      if (value === undefined || value === null) continue;
      if (typeof value === 'string') {
        if (regex.test(value)) return true;
      } else if (Array.isArray(value)) {
        for (const item of value as readonly ScalarValue[]) if (regex.test(scalarText(item))) return true;
      } else if (regex.test(String(value))) {
        return true;
      }
    }
    return false;
  };
}
