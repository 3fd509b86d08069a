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
import { literalInAnyField } from './literal-any-field.js';
import { scalarText, type MatchContext } from './match-context.js';
import { compileRegexTest, RegexCompileError, regexIssue } from './regex-test.js';
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
  // A keyword is plain literals (searched in every field's raw text at once), or a general test run
  // field by field (wildcards inside, regular expressions, cased values).
  type Keyword = { readonly literals: readonly string[] } | { readonly test: TextTest };
  const keywords: Keyword[] = item.values.map((value): Keyword => {
    if (value === null) throw new CompileError('BAD_VALUE', 'a keyword cannot be null');
    if (chain.match === 're') {
      const source = scalarText(value);
      try {
        return { test: compileRegexTest(source, chain.regexFlags) };
      } catch (err) {
        if (err instanceof RegexCompileError) throw regexIssue(source, err);
        throw err;
      }
    }
    const patterns = valuePatterns(value, chain, placeholders).map(unanchored);
    const literals = patterns.map((p) => (p.length === 3 && p[1]?.kind === 'text' ? p[1].text : undefined));
    if (lowered && literals.every((l) => l !== undefined)) return { literals: literals as string[] };
    return { test: compileTextTest(patterns, lowered ? (s) => s.toLowerCase() : (s) => s) };
  });
  const field = (test: TextTest) => (ctx: MatchContext) => {
    for (const text of texts(ctx, lowered)) if (test(text)) return true;
    return false;
  };
  const matchers = chain.all
    ? keywords.map((k) => ('literals' in k ? literalInAnyField(k.literals) : field(k.test)))
    : [
        // OR: every plain keyword of the item in one search.
        ...(keywords.some((k) => 'literals' in k)
          ? [literalInAnyField(keywords.flatMap((k) => ('literals' in k ? k.literals : [])))]
          : []),
        ...keywords.filter((k): k is { readonly test: TextTest } => 'test' in k).map((k) => field(k.test)),
      ];
  const matcher = chain.all
    ? (ctx: MatchContext) => matchers.every((m) => m(ctx))
    : (ctx: MatchContext) => matchers.some((m) => m(ctx));
  return { matcher, cost: COST.keyword };
}
