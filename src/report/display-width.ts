/**
 * How many terminal columns text takes, and text cut to a number of columns. A CJK character or an
 * emoji takes two columns, a combining accent or a zero-width joiner none, so `String.length` (UTF-16
 * units) is wrong both ways. Widths come from `string-width` (Unicode East Asian Width and emoji
 * data, by grapheme cluster); a cut never splits a cluster (a surrogate pair, a letter and its accents).
 * The tables load with `loadDisplayWidth`, which the terminal table awaits: loaded with every
 * command, they cost each `dump` and JSON hunt ~20 ms of start-up.
 */

/** Printable ASCII: one column per character, the common case in logs; no segmenting needed. */
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;

let stringWidth: ((text: string) => number) | undefined;
let graphemes: Intl.Segmenter | undefined;

/** Loads the width tables; `displayWidth` and `cutToWidth` need them for any text but printable ASCII. */
export async function loadDisplayWidth(): Promise<void> {
  stringWidth ??= (await import('string-width')).default;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
}

function widthOf(text: string): number {
  if (stringWidth === undefined) throw new Error('display widths used before loadDisplayWidth()');
  return stringWidth(text);
}

/** Columns `text` takes on a terminal (ANSI colour sequences take none). */
export function displayWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : widthOf(text);
}

/** `text` cut to at most `width` columns, ending in `…` (one column) where it was cut; as it is when it fits. */
export function cutToWidth(text: string, width: number): string {
  const isAscii = PRINTABLE_ASCII.test(text);
  if ((isAscii ? text.length : widthOf(text)) <= width) return text;
  if (width < 1) return '';
  if (isAscii) return `${text.slice(0, width - 1)}…`;
  let kept = '';
  let used = 0;
  for (const { segment } of (graphemes as Intl.Segmenter).segment(text)) {
    const columns = widthOf(segment);
    if (used + columns > width - 1) break;
    kept += segment;
    used += columns;
  }
  return `${kept}…`;
}
