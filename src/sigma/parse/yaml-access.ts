/** Typed reads of YAML nodes for the document parsers; a wrong shape throws a located RuleIssueError. */
import type { ScalarValue } from '../../event/index.js';
import type { YamlEntry, YamlMap, YamlNode } from '../load/yaml-tree.js';
import { RuleIssueError, type RuleIssueCode, type RuleIssueSeverity, type SourceLocation } from '../rule-issue.js';

export function fail(
  code: RuleIssueCode,
  message: string,
  location: SourceLocation,
  severity: RuleIssueSeverity = 'invalid',
): never {
  throw new RuleIssueError({ code, severity, message, location });
}

export function entry(map: YamlMap, key: string): YamlEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

export function requireMap(node: YamlNode, what: string): YamlMap {
  if (node.kind !== 'map') fail('BAD_FIELD_TYPE', `${what} must be a map`, node.location);
  return node;
}

/** A scalar as text (numbers and booleans as their text); lists and maps are an error. */
export function readText(node: YamlNode, what: string): string {
  if (node.kind !== 'scalar' || node.value === null) fail('BAD_FIELD_TYPE', `${what} must be text`, node.location);
  return String(node.value);
}

export function optionalText(map: YamlMap, key: string): string | undefined {
  const found = entry(map, key);
  if (found === undefined || (found.value.kind === 'scalar' && found.value.value === null)) return undefined;
  return readText(found.value, `"${key}"`);
}

/** A list of texts; a single scalar is accepted as a one-item list (the correlation schema allows it). */
export function textList(map: YamlMap, key: string): string[] {
  const found = entry(map, key);
  if (found === undefined) return [];
  const node = found.value;
  if (node.kind === 'scalar') return node.value === null ? [] : [String(node.value)];
  if (node.kind !== 'seq') fail('BAD_FIELD_TYPE', `"${key}" must be a list`, node.location);
  return node.items.map((item) => readText(item, `an item of "${key}"`));
}

export function scalarValue(node: YamlNode, what: string): ScalarValue {
  if (node.kind !== 'scalar')
    fail(
      'BAD_DETECTION',
      `${what} must be a plain value, not a ${node.kind === 'map' ? 'map' : 'list'}`,
      node.location,
    );
  return node.value;
}

/** Plain-data copy of a node, for custom top-level keys kept as metadata. */
export function toPlain(node: YamlNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map':
      return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
    default: {
      const never: never = node;
      return never;
    }
  }
}
