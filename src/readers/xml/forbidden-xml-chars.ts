/**
 * Characters XML 1.0 forbids (§2.2 Char: C0 controls other than tab, LF and CR, U+FFFE, U+FFFF,
 * surrogates), raw or as a character reference (`&#x1;`, `&#1;`), turned into their `\xNN` /
 * `\uNNNN` text before saxes sees an event. Windows writes them raw into event XML (a control
 * character in a service name, a DNS name), and saxes rightly rejects the whole event for one.
 * `\xNN` and not U+FFFD: the analyst still sees which character it was, in the form svchunt
 * prints control characters everywhere (`printableText`), and U+FFFD already means "bytes that
 * were not text" (BAD_UTF8). `render-xml.ts` writes the same text, so a dump reads back alike.
 */
import { charEscape, isXmlForbiddenCode, XML_FORBIDDEN_CHARS } from '../../event/index.js';

/** One replaced character: as it stood in the event, and where (an index into the event's text). */
export interface ForbiddenXmlChar {
  /** `U+0001` for a raw character, the reference itself (`&#x1;`) for a reference. */
  readonly found: string;
  readonly at: number;
  /** Characters its escape text takes in `text` (the escape replaces `found.length` or 1 characters). */
  readonly escapeLength: number;
  /** Characters it took in the event as written. */
  readonly length: number;
}

export interface ForbiddenXmlChars {
  /** The event's text with every forbidden character written as its escape text. */
  readonly text: string;
  /** In text order; never empty. */
  readonly replaced: readonly ForbiddenXmlChar[];
}

const FORBIDDEN_RAW = new RegExp(`[${XML_FORBIDDEN_CHARS}]`);
const FORBIDDEN_RAW_OR_REFERENCE = new RegExp(`[${XML_FORBIDDEN_CHARS}]|&#(x[0-9a-fA-F]+|[0-9]+);`, 'g');
/** The last Unicode code point: a reference past it (or too long to be exact) names no character. */
const MAX_CODE_POINT = 0x10ffff;

function codeOfReference(digits: string): number {
  const code = digits.startsWith('x') ? parseInt(digits.slice(1), 16) : parseInt(digits, 10);
  return Number.isSafeInteger(code) ? code : MAX_CODE_POINT + 1;
}

/** `text` with forbidden characters written as escape text, or undefined when it holds none (the usual case). */
export function replaceForbiddenXmlChars(text: string): ForbiddenXmlChars | undefined {
  if (!FORBIDDEN_RAW.test(text) && !text.includes('&#')) return undefined;
  const replaced: ForbiddenXmlChar[] = [];
  const out = text.replace(FORBIDDEN_RAW_OR_REFERENCE, (match: string, digits: string | undefined, at: number) => {
    if (digits === undefined) {
      const code = match.charCodeAt(0);
      const escape = charEscape(code);
      replaced.push({
        found: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
        at,
        escapeLength: escape.length,
        length: 1,
      });
      return escape;
    }
    const code = codeOfReference(digits);
    if (!isXmlForbiddenCode(code)) return match; // `&#10;`, `&#xE9;`: allowed, saxes resolves it
    // No character has that code: the reference itself, as text, says best what stood there.
    const escape = code > MAX_CODE_POINT ? `&amp;${match.slice(1)}` : charEscape(code);
    replaced.push({ found: match, at, escapeLength: escape.length, length: match.length });
    return escape;
  });
  return replaced.length === 0 ? undefined : { text: out, replaced };
}

/** The index in the event as written of index `at` of the replaced text (inside an escape: where it stood). */
function writtenIndex(replaced: readonly ForbiddenXmlChar[], at: number): number {
  let shift = 0; // escape characters minus written ones, for the escapes before `at`
  for (const r of replaced) {
    const replacedAt = r.at + shift;
    if (replacedAt > at) break;
    if (at < replacedAt + r.escapeLength) return r.at;
    shift += r.escapeLength - r.length;
  }
  return at - shift;
}

/**
 * The column, in the event as written, of a 1-based `line`:`column` of its replaced text: escapes
 * are longer than what they stand for, so a parse error after one on its line would point too far.
 * Escapes hold no line break, so the line is the same.
 */
export function columnAsWritten(forbidden: ForbiddenXmlChars, line: number, column: number): number {
  let lineStart = 0;
  for (let l = 1; l < line; l++) {
    const next = forbidden.text.indexOf('\n', lineStart);
    if (next < 0) return column;
    lineStart = next + 1;
  }
  const { replaced } = forbidden;
  return writtenIndex(replaced, lineStart + column - 1) - writtenIndex(replaced, lineStart) + 1;
}
