/**
 * Reads a `detection` section (rules specification v2.1, "Detection"): search identifiers — a map
 * (items AND-ed), a list of maps (OR-ed), or a list of plain values (keywords) — and the condition,
 * which is parsed and checked against the identifiers here.
 */
import type { ScalarValue } from '../../event/index.js';
import type { Aggregation } from '../condition/aggregation.js';
import { ConditionSyntaxError, parseConditionExpression } from '../condition/parse-condition.js';
import type { ConditionNode } from '../condition/condition-node.js';
import type { YamlMap, YamlNode } from '../load/yaml-tree.js';
import type { SourceLocation } from '../rule-issue.js';
import type { Detection, FieldItem, SearchNode } from '../sigma-rule.js';
import { parseTimespan } from './parse-correlation.js';
import { fail, requireMap, scalarValue } from './yaml-access.js';

/** Keys a Sigma 1.0 detection may hold beside identifiers; `timeframe` went with aggregations. */
const NON_IDENTIFIER_KEYS = new Set(['condition', 'timeframe']);

function values(node: YamlNode, what: string): ScalarValue[] {
  if (node.kind === 'seq') return node.items.map((item) => scalarValue(item, `an item of ${what}`));
  return [scalarValue(node, what)];
}

function fieldItem(key: string, value: YamlNode, location: SourceLocation): FieldItem {
  const [field = '', ...modifiers] = key.split('|');
  if (modifiers.some((m) => m === '')) fail('BAD_DETECTION', `"${key}" has an empty modifier`, location);
  return { field, modifiers, values: values(value, `"${key}"`), location };
}

function searchMap(map: YamlMap): SearchNode {
  if (map.entries.length === 0) fail('BAD_DETECTION', 'a search map must not be empty', map.location);
  return {
    kind: 'all',
    location: map.location,
    items: map.entries.map((e) => fieldItem(e.key, e.value, e.keyLocation)),
  };
}

function searchNode(name: string, node: YamlNode): SearchNode {
  if (node.kind === 'map') return searchMap(node);
  if (node.kind === 'scalar') {
    if (node.value === null) fail('BAD_DETECTION', `search identifier "${name}" is empty`, node.location);
    return {
      kind: 'keywords',
      location: node.location,
      item: { field: '', modifiers: [], values: [node.value], location: node.location },
    };
  }
  const maps = node.items.filter((item) => item.kind === 'map');
  if (maps.length === node.items.length && maps.length > 0) {
    return {
      kind: 'any',
      location: node.location,
      alternatives: maps.map((m) => searchMap(requireMap(m, 'a search item'))),
    };
  }
  if (maps.length > 0) fail('BAD_DETECTION', `search identifier "${name}" mixes maps and plain values`, node.location);
  return {
    kind: 'keywords',
    location: node.location,
    item: { field: '', modifiers: [], values: values(node, `search identifier "${name}"`), location: node.location },
  };
}

function conditionTexts(node: YamlNode): { text: string; location: SourceLocation }[] {
  if (node.kind === 'scalar' && typeof node.value === 'string') return [{ text: node.value, location: node.location }];
  if (node.kind === 'seq' && node.items.length > 0) {
    return node.items.map((item) => {
      if (item.kind !== 'scalar' || typeof item.value !== 'string')
        fail('BAD_CONDITION', 'a condition must be text', item.location);
      return { text: item.value, location: item.location };
    });
  }
  return fail('BAD_CONDITION', 'condition must be text or a list of texts', node.location);
}

/** Parses `detection`; throws a located RuleIssueError. */
export function parseDetection(node: YamlNode): Detection {
  const map = requireMap(node, '"detection"');
  const searches = new Map<string, SearchNode>();
  for (const e of map.entries) {
    if (NON_IDENTIFIER_KEYS.has(e.key)) continue;
    searches.set(e.key, searchNode(e.key, e.value));
  }
  const conditionEntry = map.entries.find((e) => e.key === 'condition');
  if (conditionEntry === undefined) fail('MISSING_FIELD', 'detection has no "condition"', map.location);
  const texts = conditionTexts(conditionEntry.value);
  const names = [...searches.keys()];
  const aggregations: Aggregation[] = [];
  const nodes: ConditionNode[] = texts.map(({ text, location }) => {
    try {
      const { node, aggregation } = parseConditionExpression(text, names);
      if (aggregation !== undefined) aggregations.push(aggregation);
      return node;
    } catch (err) {
      if (!(err instanceof ConditionSyntaxError)) throw err;
      const unsupported = err.code === 'UNSUPPORTED_AGGREGATION' || err.code === 'UNSUPPORTED_QUANTIFIER';
      // Plain one-line conditions: point at the offending token; otherwise at the condition.
      const column = text.includes('\n') ? location.column : location.column + err.offset;
      return fail(
        err.code,
        `condition "${text.trim()}": ${err.message}`,
        { ...location, column },
        unsupported ? 'unsupported' : 'invalid',
      );
    }
  });
  const condition: ConditionNode = nodes.length === 1 ? (nodes[0] as ConditionNode) : { kind: 'or', children: nodes };
  const conditionLocation = conditionEntry.value.location;
  if (aggregations.length > 0 && nodes.length > 1) {
    fail(
      'UNSUPPORTED_AGGREGATION',
      'a list of conditions with Sigma 1.0 aggregations has no single correlation',
      conditionLocation,
      'unsupported',
    );
  }
  const timeframe = map.entries.find((e) => e.key === 'timeframe');
  let timeframeMs: number | undefined;
  if (timeframe !== undefined) {
    const text = timeframe.value.kind === 'scalar' ? String(timeframe.value.value) : '';
    timeframeMs = parseTimespan(text);
    if (timeframeMs === undefined) {
      fail('BAD_DETECTION', `timeframe "${text}" is not a number followed by s, m, h or d`, timeframe.value.location);
    }
  }
  return {
    searches,
    condition,
    conditionText: texts.map((t) => t.text),
    conditionLocation,
    aggregation: aggregations[0],
    timeframeMs,
  };
}
