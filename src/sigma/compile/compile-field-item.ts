/**
 * Compiles one detection item (`Field|modifiers: values`) into a matcher over the event's field
 * slot. Semantics (Sigma rules specification v2.1 and its modifiers appendix): values OR-ed (AND-ed
 * under `all`), case-insensitive unless `cased`, `null` = field absent or empty, any test on a
 * missing field is false (so `neq` of a missing field is true), lists in the event match if any
 * item does.
 */
import type { ScalarValue } from '../../event/index.js';
import type { Placeholders } from '../modifiers/expand.js';
import { parseModifierChain, type ModifierChain } from '../modifiers/modifier-chain.js';
import { ModifierError } from '../modifiers/modifier-value.js';
import type { FieldItem } from '../sigma-rule.js';
import { compileCidrTest, CidrError } from './cidr-test.js';
import { COST, CompileError } from './compile-error.js';
import { allOf, anyOf, not, type CompiledTest } from './compiled-test.js';
import type { FieldSlots } from './field-slots.js';
import { scalarText, type MatchContext, type Matcher } from './match-context.js';
import { compileRegexTest, RegexCompileError, regexIssue } from './regex-test.js';
import { foldCase } from './fold-case.js';
import { compileTextTest, type TextTest } from './string-matcher.js';
import { timePart } from './time-part.js';
import { itemValuePatterns } from './value-patterns.js';
import { keywordTest } from './keyword-test.js';

export interface ItemCompileOptions {
  readonly slots: FieldSlots;
  /** Sigma field name → the name the event carries (logsource field mapping). */
  readonly fieldMap: Readonly<Record<string, string>>;
  readonly placeholders: Placeholders | undefined;
}

const asIs = (s: string): string => s;

/** Whether some item of a list field passes `test` (false for a scalar or a missing field). */
function anyItem(ctx: MatchContext, slot: number, test: (item: ScalarValue) => boolean): boolean {
  const list = ctx.rawList(slot);
  if (list === undefined) return false;
  for (const item of list) if (test(item)) return true;
  return false;
}

/** Applies a text test to a field: its scalar text, or any item of a list value; case-folded when `folded`. */
function fieldTextMatcher(slot: number, test: TextTest, folded: boolean): Matcher {
  const viaList = (ctx: MatchContext): boolean => {
    const list = ctx.rawList(slot);
    if (list === undefined) return false;
    for (const item of list) {
      const text = scalarText(item);
      if (test(folded ? foldCase(text) : text)) return true;
    }
    return false;
  };
  if (folded) {
    return (ctx) => {
      const v = ctx.lower(slot);
      return v !== undefined ? test(v) : viaList(ctx);
    };
  }
  return (ctx) => {
    const v = ctx.text(slot);
    return v !== undefined ? test(v) : viaList(ctx);
  };
}

function costOfPatterns(chain: ModifierChain, values: readonly ScalarValue[]): number {
  if (chain.transforms.includes('contains')) return COST.contains + values.length * 0.1;
  if (chain.transforms.length > 0) return COST.affix + values.length * 0.05;
  return COST.equality;
}

function toNumber(value: ScalarValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isNaN(n) ? undefined : n;
  }
  return undefined;
}

const COMPARATORS = {
  lt: (a: number, b: number) => a < b,
  lte: (a: number, b: number) => a <= b,
  gt: (a: number, b: number) => a > b,
  gte: (a: number, b: number) => a >= b,
} as const;

function compileValues(item: FieldItem, chain: ModifierChain, slot: number, options: ItemCompileOptions): CompiledTest {
  const nonNull = item.values.filter((v) => v !== null);
  const tests: CompiledTest[] = [];
  if (nonNull.length !== item.values.length) {
    // `null`: the field is absent, null, or empty (EVTX cannot tell empty from null).
    tests.push({
      matcher: (ctx) => {
        const raw = ctx.raw(slot);
        return raw === undefined || raw === null || raw === '';
      },
      cost: COST.equality,
    });
  }
  if (nonNull.length > 0) {
    const fold = chain.cased ? asIs : foldCase;
    const groups = itemValuePatterns(item, chain, options.placeholders).filter((group) => group !== undefined);
    const cost = costOfPatterns(chain, nonNull);
    if (chain.all) {
      // Each value is a condition of its own, met by any item of a list field (`a and b`), not
      // all of them by one item.
      for (const group of groups)
        tests.push({ matcher: fieldTextMatcher(slot, compileTextTest(group, fold), !chain.cased), cost });
    } else {
      tests.push({ matcher: fieldTextMatcher(slot, compileTextTest(groups.flat(), fold), !chain.cased), cost });
    }
  }
  return chain.all ? allOf(tests) : anyOf(tests);
}

function requireStrings(item: FieldItem, what: string): string[] {
  return item.values.map((v) => {
    if (typeof v !== 'string')
      throw new CompileError('BAD_VALUE', `${what} needs text values, got ${JSON.stringify(v)}`);
    return v;
  });
}

function combine(tests: CompiledTest[], all: boolean): CompiledTest {
  return all ? allOf(tests) : anyOf(tests);
}

function compileByKind(item: FieldItem, chain: ModifierChain, slot: number, options: ItemCompileOptions): CompiledTest {
  switch (chain.match) {
    case 'value':
      return compileValues(item, chain, slot, options);
    case 're': {
      const tests = requireStrings(item, '"re"').map((source) => {
        try {
          return {
            matcher: fieldTextMatcher(slot, compileRegexTest(source, chain.regexFlags), false),
            cost: COST.regex,
          };
        } catch (err) {
          if (err instanceof RegexCompileError) throw regexIssue(source, err);
          throw err;
        }
      });
      return combine(tests, chain.all);
    }
    case 'cidr': {
      const networks = requireStrings(item, '"cidr"');
      try {
        const tests = chain.all ? networks.map((n) => compileCidrTest([n])) : [compileCidrTest(networks)];
        return combine(
          tests.map((t) => ({ matcher: fieldTextMatcher(slot, t, false), cost: COST.cidr })),
          true,
        );
      } catch (err) {
        if (err instanceof CidrError) throw new CompileError('BAD_CIDR', err.message);
        throw err;
      }
    }
    case 'exists': {
      const [wanted] = item.values;
      if (item.values.length !== 1 || typeof wanted !== 'boolean') {
        throw new CompileError('BAD_VALUE', '"exists" takes exactly one value, true or false');
      }
      return { matcher: (ctx) => (ctx.raw(slot) !== undefined) === wanted, cost: COST.equality };
    }
    case 'fieldref':
      return compileFieldRef(item, chain, slot, options);
    case 'compare': {
      const operator = COMPARATORS[chain.compare ?? 'lt'];
      const tests = item.values.map((v) => {
        const bound = toNumber(v);
        if (bound === undefined)
          throw new CompileError('BAD_VALUE', `"${chain.compare}" needs a number, got ${JSON.stringify(v)}`);
        const holds = (value: ScalarValue | undefined): boolean => {
          const n = toNumber(value);
          return n !== undefined && operator(n, bound);
        };
        return {
          // A list field matches when any item does, as for every other test.
          matcher: (ctx: MatchContext) => holds(ctx.raw(slot) as ScalarValue | undefined) || anyItem(ctx, slot, holds),
          cost: COST.compare,
        };
      });
      return combine(tests, chain.all);
    }
    case 'time': {
      const part = chain.timePart ?? 'year';
      const operator = chain.compare === undefined ? (a: number, b: number) => a === b : COMPARATORS[chain.compare];
      const tests = item.values.map((v) => {
        const bound = toNumber(v);
        if (bound === undefined)
          throw new CompileError('BAD_VALUE', `"${part}" needs a number, got ${JSON.stringify(v)}`);
        const holds = (text: string | undefined): boolean => {
          const n = text === undefined ? undefined : timePart(text, part);
          return n !== undefined && operator(n, bound);
        };
        return {
          matcher: (ctx: MatchContext) =>
            holds(ctx.text(slot)) || anyItem(ctx, slot, (item) => holds(scalarText(item))),
          cost: COST.compare,
        };
      });
      return combine(tests, chain.all);
    }
    default: {
      const never: never = chain.match;
      return never;
    }
  }
}

/** `fieldref`: compare with another field of the same event (equality, or contains/startswith/endswith). */
function compileFieldRef(
  item: FieldItem,
  chain: ModifierChain,
  slot: number,
  options: ItemCompileOptions,
): CompiledTest {
  const mode = chain.transforms[0] ?? 'equals';
  const tests = requireStrings(item, '"fieldref"').map((other) => {
    const otherSlot = options.slots.slotOf(options.fieldMap[other] ?? other);
    const read = chain.cased
      ? (ctx: MatchContext, s: number) => ctx.text(s)
      : (ctx: MatchContext, s: number) => ctx.lower(s);
    const compare =
      mode === 'contains'
        ? (a: string, b: string) => a.includes(b)
        : mode === 'startswith'
          ? (a: string, b: string) => a.startsWith(b)
          : mode === 'endswith'
            ? (a: string, b: string) => a.endsWith(b)
            : (a: string, b: string) => a === b;
    // Either side may be a list: some item of one compares true with some item of the other.
    const texts = (ctx: MatchContext, s: number): readonly string[] => {
      const one = read(ctx, s);
      if (one !== undefined) return [one];
      const list = ctx.rawList(s) ?? [];
      return list.map((item) => (chain.cased ? scalarText(item) : foldCase(scalarText(item))));
    };
    return {
      matcher: (ctx: MatchContext) => {
        const bs = texts(ctx, otherSlot);
        return bs.length > 0 && texts(ctx, slot).some((a) => bs.some((b) => compare(a, b)));
      },
      cost: COST.affix,
    };
  });
  return combine(tests, chain.all);
}

/** Compiles a detection item; throws `CompileError` with the issue code when it cannot. */
export function compileFieldItem(item: FieldItem, options: ItemCompileOptions): CompiledTest {
  let chain: ModifierChain;
  try {
    chain = parseModifierChain(item.modifiers);
  } catch (err) {
    if (err instanceof ModifierError) throw new CompileError(err.code, err.message);
    throw err;
  }
  try {
    const compiled =
      item.field === ''
        ? keywordTest(item, chain, options.placeholders)
        : compileByKind(item, chain, options.slots.slotOf(options.fieldMap[item.field] ?? item.field), options);
    return chain.neq ? not(compiled) : compiled;
  } catch (err) {
    if (err instanceof ModifierError) throw new CompileError(err.code, err.message);
    throw err;
  }
}
