/**
 * Compiles Sigma string patterns into one text test, choosing per pattern the cheapest operation
 * its shape allows: a Set lookup for exact values, `startsWith`, `endsWith`, `includes`, both
 * anchors, and the general wildcard matcher only for the rest. Case folding of the patterns happens
 * here, once; the event side is lower-cased once per event by `MatchContext`.
 */
import type { SigmaString, StringPart } from '../modifiers/sigma-string.js';
import { compileGlob } from './glob.js';

export type TextTest = (s: string) => boolean;

type Shape =
  | { readonly kind: 'exact'; readonly text: string }
  | { readonly kind: 'prefix'; readonly text: string }
  | { readonly kind: 'suffix'; readonly text: string }
  | { readonly kind: 'contains'; readonly text: string }
  | { readonly kind: 'affix'; readonly prefix: string; readonly suffix: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'glob'; readonly test: TextTest };

const textOf = (part: StringPart | undefined): string | undefined => (part?.kind === 'text' ? part.text : undefined);

function shapeOf(pattern: SigmaString, fold: (s: string) => string): Shape {
  const kinds = pattern.map((part) => (part.kind === 'text' ? 't' : part.kind === 'star' ? '*' : '?')).join('');
  const t0 = textOf(pattern[0]);
  const t1 = textOf(pattern[1]);
  const t2 = textOf(pattern[2]);
  switch (kinds) {
    case '':
      return { kind: 'exact', text: '' };
    case 't':
      return { kind: 'exact', text: fold(t0 as string) };
    case '*':
      return { kind: 'any' };
    case 't*':
      return { kind: 'prefix', text: fold(t0 as string) };
    case '*t':
      return { kind: 'suffix', text: fold(t1 as string) };
    case '*t*':
      return { kind: 'contains', text: fold(t1 as string) };
    case 't*t':
      return { kind: 'affix', prefix: fold(t0 as string), suffix: fold(t2 as string) };
    default:
      return { kind: 'glob', test: compileGlob(pattern, fold) };
  }
}

/** One test for a list of patterns, OR-ed. `fold` is identity for `cased` matching. */
export function compileTextTest(patterns: readonly SigmaString[], fold: (s: string) => string): TextTest {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  const contains: string[] = [];
  const others: TextTest[] = [];
  let matchesAnything = false;
  for (const pattern of patterns) {
    const shape = shapeOf(pattern, fold);
    switch (shape.kind) {
      case 'exact':
        exact.add(shape.text);
        break;
      case 'prefix':
        prefixes.push(shape.text);
        break;
      case 'suffix':
        suffixes.push(shape.text);
        break;
      case 'contains':
        contains.push(shape.text);
        break;
      case 'affix': {
        const { prefix, suffix } = shape;
        const minLength = prefix.length + suffix.length;
        others.push((s) => s.length >= minLength && s.startsWith(prefix) && s.endsWith(suffix));
        break;
      }
      case 'any':
        matchesAnything = true;
        break;
      case 'glob':
        others.push(shape.test);
        break;
      default: {
        const never: never = shape;
        return never;
      }
    }
  }
  if (matchesAnything) return () => true;
  // Choose the closure by what is present so the common single-kind lists stay one tight loop.
  const tests: TextTest[] = [];
  if (exact.size === 1) {
    const only = [...exact][0] as string;
    tests.push((s) => s === only);
  } else if (exact.size > 1) {
    tests.push((s) => exact.has(s));
  }
  if (suffixes.length > 0) tests.push(anyOf(suffixes, (s, x) => s.endsWith(x)));
  if (contains.length > MANY_NEEDLES) tests.push(containsAny(contains));
  else if (contains.length > 0) tests.push(anyOf(contains, (s, x) => s.includes(x)));
  if (prefixes.length > 0) tests.push(anyOf(prefixes, (s, x) => s.startsWith(x)));
  tests.push(...others);
  if (tests.length === 0) return () => false;
  if (tests.length === 1) return tests[0] as TextTest;
  return (s) => {
    for (const test of tests) if (test(s)) return true;
    return false;
  };
}

/** Past this many substrings, one scan of the text beats one `includes` per substring. */
const MANY_NEEDLES = 16;

/**
 * Many substrings at once (e.g. a list of 600 emoji): one pass over the text, checking at each
 * position only the needles that start with its character (a bitmap of first characters skips the
 * rest without a lookup).
 */
function containsAny(needles: readonly string[]): TextTest {
  if (needles.includes('')) return () => true;
  const firstChars = new Uint32Array(2048);
  const byFirst = new Map<number, string[]>();
  for (const needle of needles) {
    const c = needle.charCodeAt(0);
    firstChars[c >>> 5] = (firstChars[c >>> 5] as number) | (1 << (c & 31));
    const list = byFirst.get(c);
    if (list === undefined) byFirst.set(c, [needle]);
    else list.push(needle);
  }
  return (s) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (((firstChars[c >>> 5] as number) & (1 << (c & 31))) === 0) continue;
      for (const needle of byFirst.get(c) as string[]) if (s.startsWith(needle, i)) return true;
    }
    return false;
  };
}

function anyOf(needles: readonly string[], has: (s: string, needle: string) => boolean): TextTest {
  if (needles.length === 1) {
    const only = needles[0] as string;
    return (s) => has(s, only);
  }
  return (s) => {
    for (const needle of needles) if (has(s, needle)) return true;
    return false;
  };
}
