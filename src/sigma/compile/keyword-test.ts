/**
 * Keyword (field-less) search: a value matches when it occurs in any field of the event, as a
 * case-insensitive substring with wildcards allowed (rules specification, "Keywords"). For
 * structured events "the whole event" is the set of all field values; `|all` requires every
 * keyword to occur (each in any field).
 */
import type { ScalarValue } from '../../event/index.js';
import type { Placeholders } from '../modifiers/expand.js';
import type { ModifierChain } from '../modifiers/modifier-chain.js';
import { STAR, type SigmaString } from '../modifiers/sigma-string.js';
import type { FieldItem } from '../sigma-rule.js';
import { COST, CompileError } from './compile-error.js';
import type { CompiledTest } from './compiled-test.js';
import { scalarText, type MatchContext } from './match-context.js';
import { compileRegexTest, RegexCompileError } from './regex-test.js';
import { compileTextTest, type TextTest } from './string-matcher.js';
import { valuePatterns } from './value-patterns.js';

function unanchored(pattern: SigmaString): SigmaString {
  const parts = [...pattern];
  if (parts[0]?.kind !== 'star') parts.unshift(STAR);
  if (parts[parts.length - 1]?.kind !== 'star') parts.push(STAR);
  return parts;
}

function texts(ctx: MatchContext, lowered: boolean): readonly string[] {
  if (lowered) return ctx.keywordTexts();
  const event = ctx.event;
  if (event === undefined) return [];
  const out: string[] = [];
  for (const name of event.fieldNames()) {
    const value = event.get(name);
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly ScalarValue[]) out.push(scalarText(item));
    else out.push(scalarText(value as ScalarValue));
  }
  return out;
}

export function keywordTest(
  item: FieldItem,
  chain: ModifierChain,
  placeholders: Placeholders | undefined,
): CompiledTest {
  if (chain.match !== 'value' && chain.match !== 're') {
    throw new CompileError('BAD_MODIFIER_COMBINATION', `"${chain.match}" needs a field name; keywords have none`);
  }
  const lowered = chain.match === 'value' && !chain.cased;
  const tests: TextTest[] = item.values.map((value) => {
    if (value === null) throw new CompileError('BAD_VALUE', 'a keyword cannot be null');
    if (chain.match === 're') {
      try {
        return compileRegexTest(scalarText(value), chain.regexFlags);
      } catch (err) {
        if (err instanceof RegexCompileError) throw new CompileError('BAD_REGEX', err.message);
        throw err;
      }
    }
    return compileTextTest(
      valuePatterns(value, chain, placeholders).map(unanchored),
      lowered ? (s) => s.toLowerCase() : (s) => s,
    );
  });
  const foundAnywhere = (ctx: MatchContext, test: TextTest): boolean => {
    for (const text of texts(ctx, lowered)) if (test(text)) return true;
    return false;
  };
  const matcher = chain.all
    ? (ctx: MatchContext) => tests.every((test) => foundAnywhere(ctx, test))
    : (ctx: MatchContext) => tests.some((test) => foundAnywhere(ctx, test));
  return { matcher, cost: COST.keyword };
}
