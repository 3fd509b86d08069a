/**
 * `expand` (rules specification, "Placeholders"): each `%name%` in the value is replaced by every
 * value the user configured for it (OR-ed). An unresolved placeholder makes the rule unsupported —
 * the specification requires a tool to reject what it cannot resolve rather than guess.
 */
import { ModifierError, type ModifierValue } from './modifier-value.js';
import { parseSigmaString, pushText, type StringPart } from './sigma-string.js';

/** Placeholder name → values (Sigma strings; wildcards allowed, e.g. `['*']` as a catch-all). */
export type Placeholders = ReadonlyMap<string, readonly string[]>;

/** Configured placeholder values beyond this product are a configuration mistake, not a rule. */
const MAX_EXPANDED_VARIANTS = 10_000;

export function expand(value: ModifierValue, placeholders: Placeholders): ModifierValue[] {
  if (value.kind !== 'string')
    throw new ModifierError('BAD_MODIFIER_COMBINATION', '"expand" after an encoding modifier');
  let variants: StringPart[][] = [[]];
  for (const part of value.value) {
    if (part.kind !== 'placeholder') {
      for (const v of variants) {
        if (part.kind === 'text') pushText(v, part.text);
        else v.push(part);
      }
      continue;
    }
    const replacements = placeholders.get(part.name);
    if (replacements === undefined || replacements.length === 0) {
      throw new ModifierError(
        'UNSUPPORTED_PLACEHOLDER',
        `placeholder %${part.name}% has no configured values (give them with --placeholders FILE)`,
      );
    }
    const parsed = replacements.map((r) => parseSigmaString(r, false));
    variants = variants.flatMap((v) =>
      parsed.map((replacement) => {
        const next = [...v];
        for (const p of replacement) {
          if (p.kind === 'text') pushText(next, p.text);
          else next.push(p);
        }
        return next;
      }),
    );
    if (variants.length > MAX_EXPANDED_VARIANTS) {
      throw new ModifierError('TOO_MANY_VARIANTS', `placeholders expand to more than ${MAX_EXPANDED_VARIANTS} values`);
    }
  }
  return variants.map((parts) => ({ kind: 'string', value: parts }));
}
