/**
 * "Does any field of the event contain one of these literals, ignoring case?" — the test behind
 * plain keyword searches, which run on every event of their product. The case-insensitivity is
 * Unicode simple case folding, as a `/…/iu` regular expression has it (the Kelvin sign matches k).
 *
 * Events that can search their values undecoded (`Event.holdsKeyword`: EVTX, in the record bytes)
 * get a `KeywordSearch` when every literal is ASCII and three characters or more, the usual keywords:
 * SigmaHQ's Mimikatz keywords run on every Windows event, and decoding each event's every value for
 * them cost a tenth of a hunt of the dense bench file. Other events, and other literals, go through
 * one case-insensitive regular expression of escaped literals (it cannot backtrack beyond their
 * length) run on each field's text: 3–4× cheaper than lower-casing and joining every field first,
 * and on a JavaScript string about twice as fast as the gram search.
 *
 * When no literal can occur in the text of a number, time, GUID, SID or the like (`mayOccurInCode`)
 * the fields the event knows to hold one are passed over undecoded.
 */
import { KeywordSearch, mayOccurInCode, type FieldValue, type ScalarValue } from '../../event/index.js';
import { scalarText, type MatchContext } from './match-context.js';

const SYNTAX = /[.*+?^${}()|[\]\\/]/g;

const escape = (literal: string): string => literal.replace(SYNTAX, '\\$&');

/** Whether `char` matches some character of `text` as the keyword expression compares them. */
const matchesAsKeyword = (char: string, text: string): boolean => new RegExp(escape(char), 'iu').test(text);

/** Whether a field value's text (or an item's) holds a match of `regex`. */
function regexInValue(regex: RegExp, value: FieldValue): boolean {
  if (typeof value === 'string') return regex.test(value);
  if (Array.isArray(value)) {
    for (const item of value as readonly ScalarValue[]) if (regex.test(scalarText(item))) return true;
    return false;
  }
  return regex.test(String(value));
}

export function literalInAnyField(literals: readonly string[]): (ctx: MatchContext) => boolean {
  if (literals.includes('')) return (ctx) => ctx.event !== undefined && ctx.event.fieldNames().length > 0;
  const skipCode = !literals.some((literal) => mayOccurInCode(literal, matchesAsKeyword));
  const search = KeywordSearch.of(literals);
  const regex = new RegExp(literals.map(escape).join('|'), 'iu');
  return (ctx) => {
    const event = ctx.event;
    if (event === undefined) return false;
    if (search !== undefined && event.holdsKeyword !== undefined) return event.holdsKeyword(search, skipCode);
    const isCode = skipCode && event.isCodeField !== undefined;
    for (const name of event.fieldNames()) {
      if (isCode && event.isCodeField!(name)) continue;
      const value = event.get(name);
      if (value !== undefined && value !== null && regexInValue(regex, value)) return true;
    }
    return false;
  };
}
