/**
 * One YAML document → a typed Sigma document (rule, correlation or filter), or issues. The kind is
 * decided by the section it carries: `detection`, `correlation` or `filter` (specification v2.1).
 */
import type { YamlDocument } from '../load/yaml-tree.js';
import { RuleIssueError, type RuleIssue } from '../rule-issue.js';
import type { SigmaDocument } from '../sigma-rule.js';
import { parseCorrelationBody } from './parse-correlation.js';
import { parseDetection } from './parse-detection.js';
import { parseLogsource } from './parse-logsource.js';
import { parseMetadata } from './parse-metadata.js';
import { entry, fail, requireMap, textList } from './yaml-access.js';

export interface ParsedDocument {
  readonly document: SigmaDocument | undefined;
  readonly issues: readonly RuleIssue[];
}

function parse(yaml: YamlDocument, fallbackKey: string, warnings: RuleIssue[]): SigmaDocument {
  if (yaml.root === undefined) fail('NOT_A_MAP', 'the document is empty', yaml.location);
  const map = requireMap(yaml.root, 'a Sigma document');
  if (entry(map, 'action') !== undefined) {
    fail(
      'UNKNOWN_DOCUMENT',
      'Sigma 1.0 rule collections ("action: global/reset/repeat") were removed in Sigma 2',
      map.location,
      'unsupported',
    );
  }
  const correlation = entry(map, 'correlation');
  const filter = entry(map, 'filter');
  const detection = entry(map, 'detection');
  const meta = parseMetadata(map, warnings);
  const key = meta.id ?? fallbackKey;
  if (meta.taxonomy !== 'sigma') {
    fail(
      'UNSUPPORTED_TAXONOMY',
      `taxonomy "${meta.taxonomy}" has no field mapping here (only "sigma")`,
      entry(map, 'taxonomy')?.value.location ?? map.location,
      'unsupported',
    );
  }
  if (correlation !== undefined) {
    const body = parseCorrelationBody(requireMap(correlation.value, '"correlation"'));
    const topGenerate = entry(map, 'generate');
    const generate = body.generate ?? (topGenerate?.value.kind === 'scalar' && topGenerate.value.value === true);
    return { kind: 'correlation', key, meta, ...body, generate, location: map.location };
  }
  if (filter !== undefined) {
    const body = requireMap(filter.value, '"filter"');
    const logsourceEntry = entry(map, 'logsource');
    if (logsourceEntry === undefined) fail('MISSING_FIELD', 'a filter needs "logsource"', map.location);
    // The filter's own identifiers and condition use the detection syntax; `rules` lists its targets.
    const detectionMap = { ...body, entries: body.entries.filter((e) => e.key !== 'rules') };
    const rules = textList(body, 'rules').filter((r) => r !== 'any' && r !== 'all');
    return {
      kind: 'filter',
      key,
      meta,
      logsource: parseLogsource(logsourceEntry.value),
      rules,
      detection: parseDetection(detectionMap),
      location: map.location,
    };
  }
  if (detection === undefined)
    fail('UNKNOWN_DOCUMENT', 'the document has no "detection", "correlation" or "filter"', map.location);
  const logsourceEntry = entry(map, 'logsource');
  if (logsourceEntry === undefined) fail('MISSING_FIELD', 'the rule has no "logsource"', map.location);
  return {
    kind: 'rule',
    key,
    meta,
    logsource: parseLogsource(logsourceEntry.value),
    detection: parseDetection(detection.value),
    location: map.location,
  };
}

/** Parses one YAML document; never throws for bad input. */
export function parseDocument(yaml: YamlDocument, fallbackKey: string): ParsedDocument {
  const issues: RuleIssue[] = [...yaml.issues];
  if (issues.some((i) => i.severity === 'invalid')) return { document: undefined, issues };
  try {
    return { document: parse(yaml, fallbackKey, issues), issues };
  } catch (err) {
    if (err instanceof RuleIssueError) return { document: undefined, issues: [...issues, err.issue] };
    throw err;
  }
}
