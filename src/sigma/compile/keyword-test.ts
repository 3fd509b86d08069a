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
import { FIELD_SEPARATOR, scalarText, type MatchContext } from './match-context.js';
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
  // Each keyword either searches the joined text once (plain substrings) or tests field by field.
  const tests: { readonly test: TextTest; readonly joined: boolean }[] = item.values.map((value) => {
    if (value === null) throw new CompileError('BAD_VALUE', 'a keyword cannot be null');
    if (chain.match === 're') {
      try {
        return { test: compileRegexTest(scalarText(value), chain.regexFlags), joined: false };
      } catch (err) {
        if (err instanceof RegexCompileError) throw new CompileError('BAD_REGEX', err.message);
        throw err;
      }
    }
    const patterns = valuePatterns(value, chain, placeholders).map(unanchored);
    const needles = patterns.map((p) =>
      p.length === 3 && p[1]?.kind === 'text' ? p[1].text.toLowerCase() : undefined,
    );
    if (lowered && needles.every((n) => n !== undefined && !n.includes(FIELD_SEPARATOR))) {
      const plain = needles as string[];
      return { test: (joined: string) => plain.some((n) => joined.includes(n)), joined: true };
    }
    return { test: compileTextTest(patterns, lowered ? (s) => s.toLowerCase() : (s) => s), joined: false };
  });
  const foundAnywhere = (
    ctx: MatchContext,
    keyword: { readonly test: TextTest; readonly joined: boolean },
  ): boolean => {
    if (keyword.joined) return keyword.test(ctx.keywordJoined());
    for (const text of texts(ctx, lowered)) if (keyword.test(text)) return true;
    return false;
  };
  const matcher = chain.all
    ? (ctx: MatchContext) => tests.every((keyword) => foundAnywhere(ctx, keyword))
    : (ctx: MatchContext) => tests.some((keyword) => foundAnywhere(ctx, keyword));
  return { matcher, cost: COST.keyword };
}
