/**
 * Text from a log made safe to print: runs of white space become one space, and every other control
 * character (C0, DEL, C1) and the Unicode bidirectional overrides are shown as escapes. A log value
 * is attacker-chosen: printed raw, an ESC sequence could clear the analyst's screen, retitle the
 * window or hide text, and a right-to-left override could reverse a file name.
 */
const WHITE_SPACE = /\s+/g;
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** How svchunt writes a character it will not print: `\\x1b`, `\\u202e`. */
export function charEscape(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

const escaped = (c: string): string => charEscape(c.charCodeAt(0));

export function printableText(text: string): string {
  return text.replace(WHITE_SPACE, ' ').replace(UNPRINTABLE, escaped);
}

/**
 * The characters XML 1.0 forbids that a JavaScript string holds whole, as a regular expression
 * class body (no brackets): C0 controls but tab, LF and CR; U+FFFE, U+FFFF. Lone surrogates are
 * left to the UTF-16 decoding, which makes them U+FFFD. `isXmlForbiddenCode` is the full test.
 */
export const XML_FORBIDDEN_CHARS = '\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff';

/**
 * Whether XML 1.0 forbids the character, even as a reference (§2.2 Char: C0 controls but tab, LF
 * and CR; surrogates; U+FFFE, U+FFFF; beyond U+10FFFF). The EVTX → XML writer and the XML reader
 * both write such characters as their `charEscape` text.
 */
export function isXmlForbiddenCode(code: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0d;
  return (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff || code > 0x10ffff;
}
