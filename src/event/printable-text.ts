/**
 * Text from a log made safe to print: runs of white space become one space, and every other control
 * character (C0, DEL, C1) and the Unicode bidirectional overrides are shown as escapes. A log value
 * is attacker-chosen: printed raw, an ESC sequence could clear the analyst's screen, retitle the
 * window or hide text, and a right-to-left override could reverse a file name.
 */
const WHITE_SPACE = /\s+/g;
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escaped = (c: string): string => {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

export function printableText(text: string): string {
  return text.replace(WHITE_SPACE, ' ').replace(UNPRINTABLE, escaped);
}
