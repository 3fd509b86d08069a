/**
 * JSON string text as JSON.stringify writes it, without calling it for the strings that need no
 * escaping (nearly all of a log's): a char-code scan and a concatenation cost about ⅔ of the call.
 */

/**
 * Whether a string holds a character JSON must escape: a quote, a backslash or a control character
 * (lone surrogates cannot occur: `utf16.ts` replaces them).
 */
export function needsJsonEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) return true;
  }
  return false;
}

/** `JSON.stringify(text)`. */
export function jsonString(text: string): string {
  return needsJsonEscape(text) ? JSON.stringify(text) : `"${text}"`;
}
