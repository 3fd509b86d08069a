/**
 * Reads a correlation rule (Sigma correlation rules specification v2.1): its type, the rules it
 * correlates (by id or name), group-by fields, timespan, condition and aliases. Evaluation lives
 * with the correlation engine; here the document is checked and typed.
 */
import type { YamlMap } from '../load/yaml-tree.js';
import {
  COMPARISON_OPERATORS,
  CORRELATION_TYPES,
  type ComparisonOperator,
  type CorrelationCondition,
  type CorrelationType,
  type CorrelationRule,
} from '../sigma-rule.js';
import { entry, fail, optionalText, readText, requireMap, textList } from './yaml-access.js';

const TIMESPAN = /^(\d+)([smhd])$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A number written in decimal notation. */
const DECIMAL = /^-?\d+(?:\.\d+)?$/;

export function parseTimespan(text: string): number | undefined {
  const match = TIMESPAN.exec(text.trim());
  if (match === null) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

function condition(map: YamlMap, type: CorrelationType): CorrelationCondition | undefined {
  const found = entry(map, 'condition');
  const needsField =
    type === 'value_count' || type === 'value_sum' || type === 'value_avg' || type === 'value_percentile';
  const isTemporal = type === 'temporal' || type === 'temporal_ordered';
  if (found === undefined) {
    if (isTemporal) return undefined;
    return fail('MISSING_FIELD', `a ${type} correlation needs a "condition"`, map.location);
  }
  const cond = requireMap(found.value, '"condition"');
  const comparisons: { operator: ComparisonOperator; value: number }[] = [];
  let field: string[] = [];
  for (const e of cond.entries) {
    if (e.key === 'field') {
      field =
        e.value.kind === 'seq'
          ? e.value.items.map((item) => readText(item, 'a condition field'))
          : [readText(e.value, '"field"')];
      continue;
    }
    if (!(COMPARISON_OPERATORS as readonly string[]).includes(e.key)) {
      fail(
        'BAD_CORRELATION',
        `condition operator "${e.key}" is not one of ${COMPARISON_OPERATORS.join(', ')}`,
        e.keyLocation,
      );
    }
    // Decimals come as their text (see yaml-tree.ts), so `gte: 0.8` is read here.
    const raw = e.value.kind === 'scalar' ? e.value.value : undefined;
    const value = typeof raw === 'string' && DECIMAL.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number') fail('BAD_CORRELATION', `condition "${e.key}" needs a number`, e.value.location);
    comparisons.push({ operator: e.key as ComparisonOperator, value });
  }
  if (comparisons.length === 0)
    fail('BAD_CORRELATION', 'condition has no comparison (gt, gte, lt, lte, eq, neq)', cond.location);
  if (needsField && field.length === 0) fail('BAD_CORRELATION', `a ${type} condition needs "field"`, cond.location);
  if (!needsField && field.length > 0) fail('BAD_CORRELATION', `a ${type} condition takes no "field"`, cond.location);
  return { comparisons, field };
}

function aliases(map: YamlMap): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const found = entry(map, 'aliases');
  if (found === undefined) return out;
  for (const alias of requireMap(found.value, '"aliases"').entries) {
    const byRule = new Map<string, string>();
    for (const ruleField of requireMap(alias.value, `alias "${alias.key}"`).entries) {
      byRule.set(ruleField.key, readText(ruleField.value, `the field of alias "${alias.key}"`));
    }
    out.set(alias.key, byRule);
  }
  return out;
}

/** The rule's `correlation` map; `generate` is undefined when the map does not set it. */
export type CorrelationBody = Omit<CorrelationRule, 'kind' | 'key' | 'meta' | 'location' | 'generate'> & {
  readonly generate: boolean | undefined;
};

/** Parses the `correlation` map; throws a located RuleIssueError. */
export function parseCorrelationBody(map: YamlMap): CorrelationBody {
  const typeText = optionalText(map, 'type');
  if (typeText === undefined) fail('MISSING_FIELD', 'correlation has no "type"', map.location);
  if (!(CORRELATION_TYPES as readonly string[]).includes(typeText)) {
    fail(
      'BAD_CORRELATION',
      `correlation type "${typeText}" is not one of ${CORRELATION_TYPES.join(', ')}`,
      entry(map, 'type')?.value.location ?? map.location,
    );
  }
  const type = typeText as CorrelationType;
  const rules = textList(map, 'rules');
  if (rules.length === 0) fail('MISSING_FIELD', 'correlation names no "rules"', map.location);
  const timespanText = optionalText(map, 'timespan') ?? optionalText(map, 'timeframe');
  if (timespanText === undefined) fail('MISSING_FIELD', 'correlation has no "timespan"', map.location);
  const timespanMs = parseTimespan(timespanText);
  if (timespanMs === undefined) {
    fail(
      'BAD_CORRELATION',
      `timespan "${timespanText}" is not a number followed by s, m, h or d`,
      entry(map, 'timespan')?.value.location ?? map.location,
    );
  }
  const generateEntry = entry(map, 'generate');
  const generate =
    generateEntry?.value.kind === 'scalar' && typeof generateEntry.value.value === 'boolean'
      ? generateEntry.value.value
      : undefined;
  return {
    type,
    rules,
    groupBy: textList(map, 'group-by'),
    timespanMs,
    condition: condition(map, type),
    aliases: aliases(map),
    generate,
  };
}
