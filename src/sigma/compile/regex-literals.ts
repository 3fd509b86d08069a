/**
 * Reads the literal text a regular expression cannot match without, so `re` items can have an
 * index key too: `ipconfig\s+/all` needs "ipconfig", `(a|bc)x` needs nothing certain, `abc|xyz`
 * needs "abc" or "xyz". Conservative by design: whatever it does not understand breaks the literal
 * run, and only ASCII runs count (lower-casing them is exact).
 */

/** Escapes that stand for a class or an assertion, not for one literal character. */
const CLASS_ESCAPES = new Set('sSdDwWbBAzZpPQEnrtfvx0123456789'.split(''));

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

function longestRun(sequence: string, keepCase: boolean): string {
  let best = '';
  let run = '';
  const breakRun = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < sequence.length;) {
    const c = sequence[i] as string;
    let literal: string | undefined;
    let next = i + 1;
    if (c === '\\') {
      const e = sequence[i + 1];
      next = i + 2;
      if (e !== undefined && !CLASS_ESCAPES.has(e) && !/[A-Za-z]/.test(e)) literal = e;
    } else if (c === '[') {
      const end = endOfClass(sequence, i);
      if (end < 0) return best;
      next = end + 1;
    } else if (c === '(') {
      const end = endOfGroup(sequence, i);
      if (end < 0) return best;
      next = end + 1;
    } else if (!'.^$|)'.includes(c)) {
      literal = c;
    }
    const q = quantifier(sequence, next);
    if (literal !== undefined && /^[\x20-\x7e]$/.test(literal) && !q.optional) {
      run += keepCase ? literal : literal.toLowerCase();
      if (q.length > 0) breakRun(); // `a+b`: the "a" before "b" is certain, what precedes is not adjacent
    } else {
      breakRun();
    }
    i = next + q.length;
  }
  breakRun();
  return best;
}

/**
 * Literals, one of which every match contains, lower-cased unless `keepCase`; undefined when some
 * alternative has no certain run of at least `minLength` characters.
 */
export function regexLiterals(source: string, minLength: number, keepCase = false): string[] | undefined {
  const body = source.replace(/^\(\?[imsU]+\)/, '');
  const alternatives = splitTopLevel(body);
  if (alternatives === undefined) return undefined;
  const literals: string[] = [];
  for (const alternative of alternatives) {
    const run = longestRun(alternative, keepCase);
    if (run.length < minLength) return undefined;
    literals.push(run);
  }
  return literals;
}
