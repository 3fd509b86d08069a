/**
 * "Does any field of the event contain one of these literals, ignoring case?" — the test behind
 * plain keyword searches, which run on every event of their product. One case-insensitive regular
 * expression made only of escaped literals (so it cannot backtrack beyond the literals' length) is
 * run on each field's raw text: measured 3–4x cheaper than lower-casing and joining every field
 * first. The `u` flag makes case-insensitivity Unicode simple case folding (the Kelvin sign matches k).
 *
 * When no literal can occur in the text of a number, time, GUID, SID or the like (`mayOccurInCode`)
 * the fields the event knows to hold one are passed over undecoded: SigmaHQ's Mimikatz keywords
 * run on every Windows event, and formatting each event's every value for them took a fifth of a
 * hunt of the dense bench file.
 */
import { mayOccurInCode, type ScalarValue } from '../../event/index.js';
import { scalarText, type MatchContext } from './match-context.js';

const SYNTAX = /[.*+?^${}()|[\]\\/]/g;

const escape = (literal: string): string => literal.replace(SYNTAX, '\\$&');

/** Whether `char` matches some character of `text` as the keyword expression compares them. */
const matchesAsKeyword = (char: string, text: string): boolean => new RegExp(escape(char), 'iu').test(text);

export function literalInAnyField(literals: readonly string[]): (ctx: MatchContext) => boolean {
  if (literals.includes('')) return (ctx) => ctx.event !== undefined && ctx.event.fieldNames().length > 0;
  const regex = new RegExp(literals.map(escape).join('|'), 'iu');
  const skipCode = !literals.some((literal) => mayOccurInCode(literal, matchesAsKeyword));
  return (ctx) => {
    const event = ctx.event;
    if (event === undefined) return false;
    const isCode = skipCode && event.isCodeField !== undefined;
    for (const name of event.fieldNames()) {
      if (isCode && event.isCodeField!(name)) continue;
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
