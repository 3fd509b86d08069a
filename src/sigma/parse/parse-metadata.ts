/**
 * Reads the metadata every Sigma document shares (rules specification v2.1, "Metadata"): title,
 * id, name, status, level, author, tags … Unknown top-level keys are allowed by the specification
 * and kept as `custom`; values outside the specification's sets are invalid.
 */
import type { YamlMap } from '../load/yaml-tree.js';
import type { RuleIssue } from '../rule-issue.js';
import { LEVELS, STATUSES, type Level, type RelatedRule, type RuleMetadata, type Status } from '../sigma-rule.js';
import { entry, fail, optionalText, requireMap, textList, toPlain } from './yaml-access.js';

const KNOWN_KEYS = new Set([
  'title',
  'id',
  'name',
  'status',
  'level',
  'description',
  'author',
  'license',
  'references',
  'tags',
  'falsepositives',
  'fields',
  'related',
  'scope',
  'date',
  'modified',
  'taxonomy',
  'logsource',
  'detection',
  'correlation',
  'filter',
  'generate',
]);

const TAG = /^[a-z0-9_-]+\.[a-z0-9._-]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Sigma 1.0 wrote dates as YYYY/MM/DD; SigmaHQ's deprecated rules still do. */
const OLD_DATE = /^\d{4}\/\d{2}\/\d{2}$/;
const RELATED_TYPES = new Set(['derived', 'obsolete', 'obsoletes', 'merged', 'renamed', 'similar']);

function oneOf<T extends string>(map: YamlMap, key: string, allowed: readonly T[]): T | undefined {
  const value = optionalText(map, key);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    const at = entry(map, key)?.value.location ?? map.location;
    fail('BAD_METADATA', `${key} "${value}" is not one of ${allowed.join(', ')}`, at);
  }
  return value as T;
}

function date(map: YamlMap, key: string, warnings: RuleIssue[]): string | undefined {
  const value = optionalText(map, key);
  if (value === undefined || DATE.test(value)) return value;
  const location = entry(map, key)?.value.location ?? map.location;
  if (OLD_DATE.test(value)) {
    warnings.push({
      code: 'BAD_METADATA',
      severity: 'warning',
      message: `${key} "${value}" uses the Sigma 1.0 form; Sigma 2 writes YYYY-MM-DD`,
      location,
    });
    return value.replaceAll('/', '-');
  }
  warnings.push({
    code: 'BAD_METADATA',
    severity: 'warning',
    message: `${key} "${value}" is not a YYYY-MM-DD date`,
    location,
  });
  return value;
}

function related(map: YamlMap): RelatedRule[] {
  const found = entry(map, 'related');
  if (found === undefined) return [];
  if (found.value.kind !== 'seq') fail('BAD_FIELD_TYPE', '"related" must be a list', found.value.location);
  return found.value.items.map((item) => {
    const m = requireMap(item, 'an item of "related"');
    const id = optionalText(m, 'id');
    const type = optionalText(m, 'type');
    if (id === undefined || type === undefined)
      fail('BAD_METADATA', 'a related rule needs "id" and "type"', m.location);
    if (!RELATED_TYPES.has(type)) fail('BAD_METADATA', `related type "${type}" is not known`, m.location);
    return { id, type };
  });
}

/**
 * Reads the shared metadata; `title` is required. Problems that do not change what a rule detects
 * (date form, tag spelling) are warnings pushed to `warnings`; the rest throw a located RuleIssueError.
 */
export function parseMetadata(map: YamlMap, warnings: RuleIssue[]): RuleMetadata {
  const title = optionalText(map, 'title');
  if (title === undefined || title.trim() === '') fail('MISSING_FIELD', 'the document has no "title"', map.location);
  const tags = textList(map, 'tags');
  for (const tag of tags) {
    if (TAG.test(tag)) continue;
    const location = entry(map, 'tags')?.value.location ?? map.location;
    warnings.push({
      code: 'BAD_METADATA',
      severity: 'warning',
      message: `tag "${tag}" is not namespace.value in lower case`,
      location,
    });
  }
  const custom: Record<string, unknown> = {};
  for (const e of map.entries) if (!KNOWN_KEYS.has(e.key)) custom[e.key] = toPlain(e.value);
  return {
    title,
    id: optionalText(map, 'id'),
    name: optionalText(map, 'name'),
    status: oneOf<Status>(map, 'status', STATUSES),
    level: oneOf<Level>(map, 'level', LEVELS),
    description: optionalText(map, 'description'),
    author: optionalText(map, 'author'),
    license: optionalText(map, 'license'),
    references: textList(map, 'references'),
    tags,
    falsepositives: textList(map, 'falsepositives'),
    fields: textList(map, 'fields'),
    related: related(map),
    scope: textList(map, 'scope'),
    date: date(map, 'date', warnings),
    modified: date(map, 'modified', warnings),
    taxonomy: optionalText(map, 'taxonomy') ?? 'sigma',
    custom,
  };
}
