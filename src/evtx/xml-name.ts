/**
 * Element, attribute and processing-instruction names for XML output. BinXML names are any UTF-16
 * text in the chunk; XML allows only a Name (XML 1.0 §2.3 productions 4, 4a and 5), so a name that
 * is not one has each character it may not hold written as `_xHHHH_`, the form .NET's
 * `XmlConvert.EncodeName` uses, and an empty name becomes `_`. Real logs use plain names, which
 * come out as they are.
 */

/** XML 1.0 NameStartChar and NameChar (§2.3 productions 4 and 4a). */
const START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const MORE = '\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040';
/* eslint-disable no-misleading-character-class -- code point ranges from the XML grammar, not text */
const NAME = new RegExp(`^[${START}][${START}${MORE}]*$`, 'u');
const START_CHAR = new RegExp(`^[${START}]$`, 'u');
const NAME_CHAR = new RegExp(`^[${START}${MORE}]$`, 'u');
/* eslint-enable no-misleading-character-class */

/** Names already made (a few hundred in a log); past the limit the cache starts over. */
const names = new Map<string, string>();
const MAX_NAMES = 4096;

function encodeChar(char: string): string {
  const code = char.codePointAt(0)!;
  return `_x${code
    .toString(16)
    .toUpperCase()
    .padStart(code > 0xffff ? 8 : 4, '0')}_`;
}

function encodeName(name: string): string {
  if (name === '') return '_';
  let out = '';
  for (const char of name) out += (out === '' ? START_CHAR : NAME_CHAR).test(char) ? char : encodeChar(char);
  return out;
}

/** `name` when XML allows it as a name, otherwise its `_xHHHH_` form. */
export function xmlName(name: string): string {
  let made = names.get(name);
  if (made === undefined) {
    made = NAME.test(name) ? name : encodeName(name);
    if (names.size >= MAX_NAMES) names.clear();
    names.set(name, made);
  }
  return made;
}

/**
 * A processing-instruction target: a name, and never `xml` in any case (§2.6 reserves it), whose
 * first character is then written encoded.
 */
export function xmlPiTarget(target: string): string {
  const name = xmlName(target);
  return /^xml$/i.test(name) ? `${encodeChar(name[0]!)}${name.slice(1)}` : name;
}
