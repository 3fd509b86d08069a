/**
 * Reads a field key's modifier list (`CommandLine|contains|all`) into a checked `ModifierChain`:
 * which transforms run on the values (in order), what kind of comparison is made, and its flags.
 * Every modifier name comes from one registry; an unknown name or an impossible combination is an
 * issue naming the modifier (modifiers appendix of the Sigma specification v2.1).
 */
import { ModifierError } from './modifier-value.js';

export const TRANSFORM_MODIFIERS = [
  'contains',
  'startswith',
  'endswith',
  'base64',
  'base64offset',
  'utf16le',
  'wide',
  'utf16be',
  'utf16',
  'windash',
  'expand',
] as const;
export type TransformModifier = (typeof TRANSFORM_MODIFIERS)[number];

export const COMPARE_MODIFIERS = ['lt', 'lte', 'gt', 'gte'] as const;
export type CompareModifier = (typeof COMPARE_MODIFIERS)[number];

export const TIME_MODIFIERS = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
export type TimeModifier = (typeof TIME_MODIFIERS)[number];

/** `re` sub-modifiers and their long aliases → the regular-expression flag they set. */
const REGEX_FLAGS: Readonly<Record<string, 'i' | 'm' | 's'>> = {
  i: 'i',
  ignorecase: 'i',
  m: 'm',
  multiline: 'm',
  s: 's',
  dotall: 's',
};

export type MatchKind = 'value' | 're' | 'cidr' | 'exists' | 'fieldref' | 'compare' | 'time';

export interface ModifierChain {
  readonly match: MatchKind;
  readonly transforms: readonly TransformModifier[];
  readonly regexFlags: string;
  readonly compare: CompareModifier | undefined;
  readonly timePart: TimeModifier | undefined;
  /** Values AND-ed instead of OR-ed. */
  readonly all: boolean;
  readonly cased: boolean;
  /** The whole item is negated: the field must not match any value. */
  readonly neq: boolean;
}

const isOneOf = <T extends string>(list: readonly T[], name: string): name is T =>
  (list as readonly string[]).includes(name);

/** Parses and checks a modifier list; throws `ModifierError` naming the offending modifier. */
export function parseModifierChain(modifiers: readonly string[]): ModifierChain {
  let match = 'value' as MatchKind;
  const transforms: TransformModifier[] = [];
  let regexFlags = '';
  let compare: CompareModifier | undefined;
  let timePart: TimeModifier | undefined;
  let all = false;
  let cased = false;
  let neq = false;
  const seen = new Set<string>();
  const combination = (message: string): never => {
    throw new ModifierError('BAD_MODIFIER_COMBINATION', message);
  };
  for (const [index, name] of modifiers.entries()) {
    if (seen.has(name)) combination(`modifier "${name}" is given twice`);
    seen.add(name);
    if (isOneOf(TRANSFORM_MODIFIERS, name)) {
      if (match === 'fieldref' && !['contains', 'startswith', 'endswith'].includes(name)) {
        combination(`"${name}" cannot follow "fieldref" (only contains, startswith, endswith)`);
      } else if (match !== 'value' && match !== 'fieldref') {
        combination(`"${name}" cannot follow "${match === 'compare' ? compare : match}"`);
      }
      transforms.push(name);
    } else if (name === 're' || name === 'cidr' || name === 'exists') {
      if (index !== 0) combination(`"${name}" must be the first modifier`);
      match = name;
    } else if (name === 'fieldref') {
      if (match !== 'value' || transforms.length > 0)
        combination('"fieldref" must come before contains/startswith/endswith');
      match = 'fieldref';
    } else if (isOneOf(COMPARE_MODIFIERS, name)) {
      if ((match !== 'value' && match !== 'time') || transforms.length > 0 || compare !== undefined) {
        combination(`"${name}" compares numbers and cannot be combined with the modifiers before it`);
      }
      if (match === 'value') match = 'compare';
      compare = name;
    } else if (isOneOf(TIME_MODIFIERS, name)) {
      if (match !== 'value' || transforms.length > 0) combination(`"${name}" must come first (it reads a date field)`);
      match = 'time';
      timePart = name;
    } else if (name in REGEX_FLAGS) {
      if (match !== 're') combination(`"${name}" is a flag of "re" and must follow it`);
      regexFlags += REGEX_FLAGS[name];
    } else if (name === 'all') {
      all = true;
    } else if (name === 'cased') {
      if (match !== 'value' && match !== 'fieldref') combination(`"cased" does not apply to "${match}"`);
      cased = true;
    } else if (name === 'neq') {
      neq = true;
    } else {
      throw new ModifierError('UNKNOWN_MODIFIER', `unknown modifier "${name}"`);
    }
  }
  if (match === 'exists' && modifiers.length > 1) combination('"exists" must be the only modifier');
  if (match === 'cidr' && transforms.length > 0) combination('"cidr" cannot be combined with string modifiers');
  return { match, transforms, regexFlags, compare, timePart, all, cased, neq };
}
