/**
 * Named limits of the BinXML walk. Each one bounds work a hostile chunk could otherwise make
 * unbounded; the comments say what the corpus needed, so a real file never comes near them.
 */

/** Element nesting inside one fragment. Guards the recursive element parser's stack. Corpus: 9. */
export const MAX_ELEMENT_DEPTH = 64;

/**
 * Nested fragments: a substitution of type 0x21 holding BinXML that instantiates another template,
 * and so on. Guards template recursion (a value pointing back at its own record). Corpus: 2 (the
 * record fragment and one nested fragment).
 */
export const MAX_FRAGMENT_NESTING = 8;

/**
 * Elements one record may produce once arrays are expanded (an array repeats its element per item,
 * two arrays in one element multiply). Guards memory against a few bytes claiming huge arrays.
 * Corpus: 270.
 */
export const MAX_EXPANDED_ELEMENTS = 10_000;
