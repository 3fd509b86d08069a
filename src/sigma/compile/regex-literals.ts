/**
 * Reads the literal text a regular expression cannot match without, so `re` items get an index key
 * and a cheap `includes` prefilter: `ipconfig\s+/all` needs "ipconfig"; `abc|xyz` needs "abc" or
 * "xyz"; `\bsc\s+(create|config)\s` needs "create" or "config"; `^C:\\(?i:windows)\\` needs
 * ":\windows\" (lower-cased; in exact-case mode a case-insensitive group breaks the run).
 * Conservative by design: whatever it does not understand breaks the run; only ASCII counts.
 */
import { foldCase } from './fold-case.js';

/** Escapes that stand for a class or an assertion, not for one literal character. */
const CLASS_ESCAPES = new Set('sSdDwWbBAzZpPQEnrtfvx0123456789'.split(''));

/**
 * What this reader does not take apart, so it gives no literal at all: escapes longer than two
 * characters (`\x2D`, `\u2014`, `\cA`, `\101`, `\p{Cyrillic}`, `\pL`, `\Q…\E`, `\k<name>`), POSIX
 * classes (`[[:alpha:]]`), and
 * flags set after the start (`^(?i)whoami`). Read as two-character escapes, a class or plain text,
 * they gave literals the match need not contain, and the prefilter then hid real matches.
 */
function hasUnsizedPart(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      if ('xuckNopPQC01234567'.includes(source[i + 1] ?? '')) return true;
      i++; // the escaped character: `\\p` is a backslash, then a plain p
    } else if (c === '[' && source.startsWith('[:', i + 1)) return true;
    else if (c === '(' && /^\(\?[a-zA-Z]*(?:-[a-zA-Z]*)?\)/.test(source.slice(i, i + 16))) return true;
  }
  return false;
}

/** Deeper group nesting than this is left unread (no real rule comes close; guards recursion). */
const MAX_GROUP_DEPTH = 8;

/** Splits at top-level `|`; undefined when brackets do not balance. */
function splitTopLevel(source: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') {
      i = endOfClass(source, i);
      if (i < 0) return undefined;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return undefined;
  parts.push(source.slice(start));
  return parts;
}

/** Index of the `]` closing the class opened at `open`, or -1. */
function endOfClass(source: string, open: number): number {
  let i = open + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  for (; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return -1;
}

/** Index of the `)` closing the group opened at `open`, or -1. */
function endOfGroup(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') {
      i = endOfClass(source, i);
      if (i < 0) return -1;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Length of a quantifier at `at` (`?`, `*`, `+`, `{n,m}`, with a lazy `?`), and whether it allows zero. */
function quantifier(source: string, at: number): { length: number; optional: boolean } {
  const c = source[at];
  let length = 0;
  let optional = false;
  if (c === '?' || c === '*') {
    length = 1;
    optional = true;
  } else if (c === '+') {
    length = 1;
  } else if (c === '{') {
    const match = /^\{(\d*)(,\d*)?\}/.exec(source.slice(at));
    if (match !== null) {
      length = match[0].length;
      optional = (match[1] ?? '') === '' || Number(match[1]) === 0;
    }
  }
  if (length > 0 && source[at + length] === '?') length++;
  return { length, optional };
}

/** A group's flags prefix (`?:`, `?i:`, `?P<name>`…) and whether it turns on case-insensitivity. */
function groupBody(inner: string): { body: string; caseless: boolean } | undefined {
  if (!inner.startsWith('?')) return { body: inner, caseless: false };
  const flags = /^\?([a-zA-Z]*)(?:-[a-zA-Z]*)?:/.exec(inner);
  if (flags !== null) return { body: inner.slice(flags[0].length), caseless: (flags[1] ?? '').includes('i') };
  const named = /^\?P?<[A-Za-z_]\w*>/.exec(inner);
  if (named !== null) return { body: inner.slice(named[0].length), caseless: false };
  return undefined; // look-around and other extensions: nothing certain
}

/** The literal text of a group body made only of plain characters, or undefined. */
function plainText(body: string): string | undefined {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '\\') {
      const e = body[++i];
      if (e === undefined || CLASS_ESCAPES.has(e) || /[A-Za-z]/.test(e)) return undefined;
      out += e;
    } else if ('.^$|()[]{}*+?'.includes(c)) return undefined;
    else out += c;
  }
  return /^[\x20-\x7e]*$/.test(out) ? out : undefined;
}

/** Candidates of one sequence: each a disjunction of literals one of which every match contains. */
function candidates(sequence: string, keepCase: boolean, caseless: boolean, depth: number): string[][] {
  const found: string[][] = [];
  let run = '';
  const breakRun = (): void => {
    if (run !== '') found.push([run]);
    run = '';
  };
  const fold = (text: string): string => (keepCase ? text : foldCase(text));
  for (let i = 0; i < sequence.length;) {
    const c = sequence[i] as string;
    let literal: string | undefined;
    let group: string[] | undefined;
    let next = i + 1;
    if (c === '\\') {
      const e = sequence[i + 1];
      next = i + 2;
      if (e !== undefined && !CLASS_ESCAPES.has(e) && !/[A-Za-z]/.test(e)) literal = e;
    } else if (c === '[') {
      const end = endOfClass(sequence, i);
      if (end < 0) break;
      next = end + 1;
    } else if (c === '(') {
      const end = endOfGroup(sequence, i);
      if (end < 0) break;
      next = end + 1;
      const inner = groupBody(sequence.slice(i + 1, end));
      const isCaseless = caseless || inner?.caseless === true;
      // An optional group (`(…)?`, `(…)*`, `(…){0,n}`) guarantees nothing inside it.
      const optionalGroup = quantifier(sequence, next).optional;
      if (inner !== undefined && !optionalGroup && !(keepCase && isCaseless) && depth < MAX_GROUP_DEPTH) {
        const alternatives = splitTopLevel(inner.body);
        const texts = alternatives?.map(plainText);
        if (texts !== undefined && texts.every((t) => t !== undefined)) group = (texts as string[]).map(fold);
        else if (alternatives?.length === 1) found.push(...candidates(inner.body, keepCase, isCaseless, depth + 1));
      }
    } else if (!'.^$|)'.includes(c)) {
      literal = c;
    }
    const q = quantifier(sequence, next);
    // Exact-case literals under a case-insensitive flag: only characters that have no case.
    const hasCase = literal !== undefined && literal.toLowerCase() !== literal.toUpperCase();
    if (literal !== undefined && /^[\x20-\x7e]$/.test(literal) && !q.optional && !(keepCase && caseless && hasCase)) {
      run += fold(literal);
      if (q.length > 0) breakRun(); // `a+b`: the "a" before "b" is certain, what precedes is not adjacent
    } else if (group !== undefined && !q.optional && q.length === 0 && group.length === 1) {
      run += group[0] as string; // a literal group joins the run: `C:\(?i:windows)\`
    } else {
      breakRun();
      if (group !== undefined && !q.optional) found.push(group);
    }
    i = next + q.length;
  }
  breakRun();
  return found;
}

/** The candidate whose shortest literal is longest (fewer literals on a tie). */
function best(found: readonly string[][], minLength: number): string[] | undefined {
  let chosen: string[] | undefined;
  let score = -1;
  for (const literals of found) {
    const shortest = Math.min(...literals.map((l) => l.length));
    if (shortest < minLength) continue;
    const s = shortest * 1000 - literals.length;
    if (s > score) {
      score = s;
      chosen = literals;
    }
  }
  return chosen;
}

/**
 * Literals, one of which every match contains, lower-cased unless `keepCase`; undefined when some
 * alternative has no certain literal of at least `minLength` characters.
 */
export function regexLiterals(source: string, minLength: number, keepCase = false): string[] | undefined {
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  const caseless = leading?.[1]?.includes('i') === true;
  const rest = leading === null ? source : source.slice(leading[0].length);
  if (hasUnsizedPart(rest)) return undefined;
  const alternatives = splitTopLevel(rest);
  if (alternatives === undefined) return undefined;
  const literals: string[] = [];
  for (const alternative of alternatives) {
    const chosen = best(candidates(alternative, keepCase, caseless, 0), minLength);
    if (chosen === undefined) return undefined;
    literals.push(...chosen);
  }
  return literals;
}
