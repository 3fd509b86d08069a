/**
 * `windash` (modifiers appendix): Windows programs accept `-`, `/` and the en, em and horizontal-bar
 * dashes for a flag, so each flag dash becomes all five variants (every combination: N flags give
 * 5^N values). A flag dash is a `-` or `/` that starts a word: not after a letter or digit, and
 * before one — the inner dash of `-param-name` stays as written, as pySigma does it.
 */
import { ModifierError, type ModifierValue } from './modifier-value.js';
import type { StringPart } from './sigma-string.js';

const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'] as const;
/** 5^5: more flags than this in one value is no real command line; refuse instead of exploding. */
const MAX_WINDASH_VARIANTS = 3125;

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

export function windash(value: ModifierValue): ModifierValue[] {
  if (value.kind !== 'string')
    throw new ModifierError('BAD_MODIFIER_COMBINATION', '"windash" after an encoding modifier');
  let variants: StringPart[][] = [[]];
  value.value.forEach((part, index) => {
    if (part.kind !== 'text') {
      for (const v of variants) v.push(part);
      return;
    }
    const before = value.value[index - 1];
    const after = value.value[index + 1];
    // Grow the variants of this text one character at a time; a wildcard neighbour is a non-word character.
    let texts = [''];
    for (let i = 0; i < part.text.length; i++) {
      const c = part.text[i] as string;
      const prev = i > 0 ? part.text[i - 1] : before?.kind === 'text' ? before.text.at(-1) : undefined;
      const next = i + 1 < part.text.length ? part.text[i + 1] : after?.kind === 'text' ? after.text[0] : undefined;
      const isFlagDash = (c === '-' || c === '/') && !isWordChar(prev) && isWordChar(next);
      texts = isFlagDash ? texts.flatMap((t) => DASHES.map((d) => t + d)) : texts.map((t) => t + c);
      if (texts.length * variants.length > MAX_WINDASH_VARIANTS) {
        throw new ModifierError('TOO_MANY_VARIANTS', `"windash" would make more than ${MAX_WINDASH_VARIANTS} variants`);
      }
    }
    variants = variants.flatMap((v) => texts.map((t) => [...v, { kind: 'text', text: t } as StringPart]));
  });
  return variants.map((parts) => ({ kind: 'string', value: mergeTexts(parts) }));
}

function mergeTexts(parts: readonly StringPart[]): StringPart[] {
  const out: StringPart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (part.kind === 'text' && last?.kind === 'text')
      out[out.length - 1] = { kind: 'text', text: last.text + part.text };
    else if (part.kind !== 'text' || part.text !== '') out.push(part);
  }
  return out;
}
