/**
 * How many terminal columns text takes, and text cut to a number of columns. A CJK character or an
 * emoji takes two columns, a combining accent or a zero-width joiner none, so `String.length` (UTF-16
 * units) is wrong both ways. Widths come from `string-width` (Unicode East Asian Width and emoji
 * data, by grapheme cluster); a cut never splits a cluster (a surrogate pair, a letter and its accents).
 */
import stringWidth from 'string-width';

/** Printable ASCII: one column per character, the common case in logs; no segmenting needed. */
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Columns `text` takes on a terminal (ANSI colour sequences take none). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** `text` cut to at most `width` columns, ending in `…` (one column) where it was cut; as it is when it fits. */
export function cutToWidth(text: string, width: number): string {
  const isAscii = PRINTABLE_ASCII.test(text);
  if ((isAscii ? text.length : stringWidth(text)) <= width) return text;
  if (width < 1) return '';
  if (isAscii) return `${text.slice(0, width - 1)}…`;
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const columns = stringWidth(segment);
    if (used + columns > width - 1) break;
    kept += segment;
    used += columns;
  }
  return `${kept}…`;
}
