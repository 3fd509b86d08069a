/**
 * Splits text into its top-level JSON values, whatever the layout: one object per line (NDJSON),
 * several pretty-printed objects run together (SigmaHQ's regression samples), or a JSON array of
 * objects. A value that does not parse is reported with its line and skipped; the scan goes on at
 * the next top-level value, so one broken record never loses the rest of the file.
 */

export interface JsonValue {
  readonly value: unknown;
  /** 1-based line where the value starts. */
  readonly line: number;
  /** Character offset where the value starts. */
  readonly offset: number;
}

export interface JsonValueError {
  readonly line: number;
  readonly offset: number;
  readonly message: string;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/**
 * Yields every top-level value. With `unwrapArrays`, the items of a top-level array are yielded one
 * by one (an exported array of events), each with its own line.
 */
export function* splitJsonValues(
  text: string,
  onError: (error: JsonValueError) => void,
  unwrapArrays = true,
): Generator<JsonValue> {
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      line++;
      i++;
      continue;
    }
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x2c || c === 0xfeff) {
      i++;
      continue;
    }
    if (unwrapArrays && (c === OPEN_BRACKET || c === CLOSE_BRACKET)) {
      // Top-level array brackets and the commas between items are only framing.
      i++;
      continue;
    }
    const start = i;
    const startLine = line;
    let depth = 0;
    let inString = false;
    let end = -1;
    if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
      // A scalar or garbage at top level: take the rest of the line as one broken unit.
      let eol = text.indexOf('\n', i);
      if (eol < 0) eol = n;
      onError({
        line: startLine,
        offset: start,
        message: `not a JSON object: ${text.slice(i, Math.min(eol, i + 40))}`,
      });
      i = eol;
      continue;
    }
    for (; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch === NEWLINE) line++;
      if (inString) {
        if (ch === BACKSLASH) i++;
        else if (ch === QUOTE) inString = false;
        continue;
      }
      if (ch === QUOTE) inString = true;
      else if (ch === OPEN_BRACE || ch === OPEN_BRACKET) depth++;
      else if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) {
          end = i + 1;
          i++;
          break;
        }
      }
    }
    if (end < 0) {
      onError({ line: startLine, offset: start, message: 'JSON value is cut off at the end of the input' });
      return;
    }
    try {
      yield { value: JSON.parse(text.slice(start, end)), line: startLine, offset: start };
    } catch (err) {
      onError({ line: startLine, offset: start, message: err instanceof Error ? err.message : String(err) });
    }
  }
}
