/**
 * Runs a value through the chain's transforms (contains, windash, base64offset …) and returns its
 * variants as Sigma string patterns: one rule value can stand for several texts (windash, base64offset,
 * expand), and the value matches when any variant does.
 */
import type { ScalarValue } from '../../event/index.js';
import { base64, base64offset, utf16be, utf16le, utf16withBom } from '../modifiers/encodings.js';
import { expand, type Placeholders } from '../modifiers/expand.js';
import type { ModifierChain, TransformModifier } from '../modifiers/modifier-chain.js';
import { ModifierError, type ModifierValue } from '../modifiers/modifier-value.js';
import { parseSigmaString, type SigmaString } from '../modifiers/sigma-string.js';
import { windash } from '../modifiers/windash.js';
import { contains, endswith, startswith } from '../modifiers/wildcard-anchors.js';
import type { FieldItem } from '../sigma-rule.js';

type Transform = (value: ModifierValue, placeholders: Placeholders) => ModifierValue[];

/** Transform modifier name → implementation: the one registry of value transforms. */
const TRANSFORMS = {
  contains,
  startswith,
  endswith,
  base64,
  base64offset,
  utf16le,
  wide: utf16le,
  utf16be,
  utf16: utf16withBom,
  windash,
  expand,
} as const satisfies Record<TransformModifier, Transform>;

const NO_PLACEHOLDERS: Placeholders = new Map();

/** Variants of one rule value as patterns; numbers and booleans are their canonical text. */
export function valuePatterns(
  value: ScalarValue,
  chain: ModifierChain,
  placeholders: Placeholders | undefined,
): SigmaString[] {
  const text = value === null ? '' : typeof value === 'string' ? value : String(value);
  // Numbers and booleans carry no wildcards: their text is literal.
  const start: SigmaString =
    typeof value === 'string'
      ? parseSigmaString(text, chain.transforms.includes('expand'))
      : text === ''
        ? []
        : [{ kind: 'text', text }];
  let values: ModifierValue[] = [{ kind: 'string', value: start }];
  for (const name of chain.transforms) {
    const transform: Transform = TRANSFORMS[name];
    values = values.flatMap((v) => transform(v, placeholders ?? NO_PLACEHOLDERS));
  }
  return values.map((v) => {
    if (v.kind === 'string') {
      if (v.value.some((part) => part.kind === 'placeholder')) {
        throw new ModifierError('BAD_MODIFIER_COMBINATION', 'placeholder left unexpanded');
      }
      return v.value;
    }
    // Encoded bytes without base64 after them: compare them as one character per byte.
    const latin1 = Buffer.from(v.bytes).toString('latin1');
    return latin1 === '' ? [] : [{ kind: 'text', text: latin1 }];
  });
}

/** The patterns of one item's values, with the placeholder set they were made with. */
interface ItemPatterns {
  readonly placeholders: Placeholders | undefined;
  readonly patterns: readonly (readonly SigmaString[] | undefined)[];
}

const patternsByItem = new WeakMap<FieldItem, ItemPatterns>();

/**
 * `valuePatterns` of every value of an item (undefined for `null`), made once per item and
 * placeholder set: a rule compiles once per logsource mapping that reaches it, and its index key
 * reads the same patterns — transforms like `windash` made them again each time, a sixth of the
 * rule compile time with SigmaHQ's rules. `chain` must be the item's own modifier chain.
 */
export function itemValuePatterns(
  item: FieldItem,
  chain: ModifierChain,
  placeholders: Placeholders | undefined,
): readonly (readonly SigmaString[] | undefined)[] {
  const known = patternsByItem.get(item);
  if (known !== undefined && known.placeholders === placeholders) return known.patterns;
  const patterns = item.values.map((value) => (value === null ? undefined : valuePatterns(value, chain, placeholders)));
  patternsByItem.set(item, { placeholders, patterns });
  return patterns;
}
