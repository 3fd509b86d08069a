/**
 * The text of a value that is not free text — a decimal or hex integer, a real (with exponent,
 * `Infinity`, `NaN`), a boolean, a GUID, a SID, an ISO time or binary as hex — is drawn from a small
 * alphabet. Keyword search uses it to pass over such fields without decoding them when a word has a
 * character that cannot occur there (`sekurlsa::` has `k`). Readers say which fields hold such
 * values (`Event.isCodeField`); `src/evtx/code-text.test.ts` checks every EVTX value type's text
 * stays inside the alphabet.
 */

/** Every character of such texts, in both cases (`0x1f`, `S-1-5-18`, `2024-05-01T10:00:00.000000Z`, `true`). */
export const CODE_CHARACTERS = '0123456789abcdefABCDEF+-.:xXsStTzZiInNyYrRuUlL';

/**
 * Whether `word` may occur in the text of a code value when matched as `matches` would (the
 * matching's own case folding decides: under Unicode folding `ſ` matches `s`).
 */
export function mayOccurInCode(word: string, matches: (char: string, text: string) => boolean): boolean {
  for (const char of word) if (!matches(char, CODE_CHARACTERS)) return false;
  return true;
}
