/**
 * Locates the first syntax error in a JSON text (RFC 8259 grammar), for issue locations only:
 * V8's JSON.parse messages do not always give a position. Called after JSON.parse has failed, so
 * it favours plainness over speed; nesting is kept on an explicit stack, never the call stack.
 */

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'] as const;
const ESCAPES = '"\\/bfnrtu';
const HEX4 = /[0-9a-fA-F]{4}/y;

function skipBlanks(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** The index after a string that starts at `i`, or the negated index (minus one) of its error. */
function stringEnd(text: string, i: number): number {
  for (let k = i + 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x22) return k + 1;
    if (c < 0x20) return -k - 1;
    if (c === 0x5c) {
      const escape = text[k + 1];
      if (escape === undefined || !ESCAPES.includes(escape)) return -(k + 1) - 1;
      if (escape === 'u') {
        HEX4.lastIndex = k + 2;
        if (!HEX4.test(text)) return -(k + 2) - 1;
        k += 4;
      }
      k++;
    }
  }
  return -text.length - 1;
}

/** The index after a scalar that starts at `i`, or the negated index (minus one) of its error. */
function scalarEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  for (const literal of LITERALS) if (text.startsWith(literal, i)) return i + literal.length;
  NUMBER.lastIndex = i;
  return NUMBER.test(text) ? NUMBER.lastIndex : -i - 1;
}

/**
 * Index (in UTF-16 units) of the first character where `text` stops being one JSON value;
 * `text.length` when it ends too early; -1 when it is valid after all.
 */
export function jsonSyntaxErrorIndex(text: string): number {
  const closers: string[] = []; // '}' or ']' for each open container
  let i = skipBlanks(text, 0);
  let expectKey = false;
  for (;;) {
    // Here a value (or, inside an object, a key) must start.
    if (i >= text.length) return text.length;
    const c = text[i];
    if (expectKey) {
      if (c !== '"') return i;
      const end = stringEnd(text, i);
      if (end < 0) return -end - 1;
      i = skipBlanks(text, end);
      if (i >= text.length) return i;
      if (text[i] !== ':') return i;
      i = skipBlanks(text, i + 1);
      expectKey = false;
      continue;
    }
    if (c === '{' || c === '[') {
      i = skipBlanks(text, i + 1);
      const closer = c === '{' ? '}' : ']';
      if (text[i] === closer) {
        i++;
      } else {
        closers.push(closer);
        expectKey = c === '{';
        continue;
      }
    } else {
      const end = scalarEnd(text, i);
      if (end < 0) return -end - 1;
      i = end;
    }
    // After a value: a separator, a closer, or the end of the text.
    for (;;) {
      i = skipBlanks(text, i);
      const closer = closers[closers.length - 1];
      if (closer === undefined) return i < text.length ? i : -1;
      if (i >= text.length) return i;
      if (text[i] === closer) {
        closers.pop();
        i++;
        continue;
      }
      if (text[i] !== ',') return i;
      i = skipBlanks(text, i + 1);
      expectKey = closer === '}';
      break;
    }
  }
}
