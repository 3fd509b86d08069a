/**
 * "Does any field of the event contain one of these literals, ignoring case?" — the test behind
 * plain keyword searches, which run on every event of their product. The case-insensitivity is
 * Unicode simple case folding, as a `/…/iu` regular expression has it (the Kelvin sign matches k).
 *
 * The literals make one `KeywordSearch`: a case-insensitive regular expression of escaped literals
 * (it cannot backtrack beyond their length) run on each field's text, 3–4× cheaper than
 * lower-casing and joining every field first. Events that can search their values undecoded
 * (`Event.holdsKeyword`: EVTX, in the record bytes, when every literal is ASCII and three characters
 * or more, the usual keywords) answer themselves: SigmaHQ's Mimikatz keywords run on every Windows
 * event, and decoding each event's every value for them cost a tenth of a hunt of the dense bench
 * file.
 *
 * When no literal can occur in the text of a number, time, GUID, SID or the like (`mayOccurInCode`)
 * the fields the event knows to hold one are passed over undecoded.
 */
import { escapeKeyword, KeywordSearch, mayOccurInCode } from '../../event/index.js';
import type { MatchContext } from './match-context.js';

/** Whether `char` matches some character of `text` as the keyword expression compares them. */
const matchesAsKeyword = (char: string, text: string): boolean => new RegExp(escapeKeyword(char), 'iu').test(text);

export function literalInAnyField(literals: readonly string[]): (ctx: MatchContext) => boolean {
  if (literals.includes('')) return (ctx) => ctx.event !== undefined && ctx.event.fieldNames().length > 0;
  if (literals.length === 0) return () => false;
  const skipCode = !literals.some((literal) => mayOccurInCode(literal, matchesAsKeyword));
  const search = KeywordSearch.of(literals);
  return (ctx) => {
    const event = ctx.event;
    if (event === undefined) return false;
    if (event.holdsKeyword !== undefined) return event.holdsKeyword(search, skipCode);
    const isCode = skipCode && event.isCodeField !== undefined;
    for (const name of event.fieldNames()) {
      if (isCode && event.isCodeField!(name)) continue;
      if (search.inValue(event.get(name))) return true;
    }
    return false;
  };
}
