/**
 * `contains`, `startswith`, `endswith` (modifiers appendix, "Generic"): open the value at one or
 * both ends with a `*`, without doubling a wildcard the value already has there.
 */
import { ModifierError, type ModifierValue } from './modifier-value.js';
import { STAR, type StringPart } from './sigma-string.js';

function open(value: ModifierValue, start: boolean, end: boolean, name: string): ModifierValue[] {
  if (value.kind !== 'string')
    throw new ModifierError('BAD_MODIFIER_COMBINATION', `"${name}" after an encoding modifier needs base64 first`);
  const parts: StringPart[] = [...value.value];
  if (start && parts[0]?.kind !== 'star') parts.unshift(STAR);
  if (end && parts[parts.length - 1]?.kind !== 'star') parts.push(STAR);
  return [{ kind: 'string', value: parts }];
}

export const contains = (value: ModifierValue): ModifierValue[] => open(value, true, true, 'contains');
export const startswith = (value: ModifierValue): ModifierValue[] => open(value, false, true, 'startswith');
export const endswith = (value: ModifierValue): ModifierValue[] => open(value, true, false, 'endswith');
