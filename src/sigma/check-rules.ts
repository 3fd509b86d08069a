/**
 * Checks loaded Sigma documents the way `svchunt rules check` reports them: each rule compiles (so
 * every modifier, regex, network and placeholder is tried), correlations reference rules that exist,
 * ids are unique. Sorts the outcome into usable rules, unsupported ones (with the exact feature) and
 * invalid ones.
 */
import { CompileError } from './compile/compile-error.js';
import { compileDetection, LocatedCompileError } from './compile/compile-detection.js';
import { FieldSlots } from './compile/field-slots.js';
import type { LoadedDocument, RejectedDocument, RuleLoadResult } from './load/load-rules.js';
import type { CompileMemo } from './load/rule-cache.js';
import type { Placeholders } from './modifiers/expand.js';
import { comparisonsOf, describeComparisons, windowModeOf } from './correlation/correlation-condition.js';
import type { RuleIssue, RuleIssueCode } from './rule-issue.js';
import type { CorrelationRule, CorrelationType, SigmaDocument, SigmaFilter, SigmaRule } from './sigma-rule.js';

export interface RuleCheckOptions {
  readonly placeholders?: Placeholders | undefined;
  /** Compile outcomes remembered from earlier runs (the rule cache); each document compiles once. */
  readonly memo?: CompileMemo | undefined;
}

export interface RuleCheckResult {
  readonly rules: readonly SigmaRule[];
  readonly correlations: readonly CorrelationRule[];
  readonly filters: readonly SigmaFilter[];
  /** Documents that cannot be used, with where they came from. */
  readonly rejected: readonly RejectedDocument[];
  readonly issues: readonly RuleIssue[];
  /** Documents seen (usable + rejected). */
  readonly total: number;
}

const UNSUPPORTED_CODES: ReadonlySet<RuleIssueCode> = new Set([
  'UNSUPPORTED_AGGREGATION',
  'UNSUPPORTED_PLACEHOLDER',
  'UNSUPPORTED_TAXONOMY',
  'UNSUPPORTED_QUANTIFIER',
  'UNSUPPORTED_REGEX',
  'TOO_MANY_VARIANTS',
]);

function compileIssue(err: CompileError, doc: LoadedDocument, id: string | undefined): RuleIssue {
  const severity = UNSUPPORTED_CODES.has(err.code) ? 'unsupported' : 'invalid';
  const location = err instanceof LocatedCompileError ? err.location : doc.document.location;
  return { code: err.code, severity, message: err.message, location, ...(id !== undefined ? { ruleId: id } : {}) };
}

function tryCompile(doc: LoadedDocument, placeholders: Placeholders | undefined): RuleIssue | undefined {
  const document = doc.document;
  if (document.kind === 'correlation') return undefined;
  try {
    compileDetection(document.detection, { slots: new FieldSlots(), fieldMap: {}, placeholders });
    return undefined;
  } catch (err) {
    if (err instanceof CompileError) return compileIssue(err, doc, document.meta.id);
    throw err;
  }
}

/** A placeholder set as the memo's key: outcomes hold only for the values they were compiled with. */
function placeholdersKey(placeholders: Placeholders | undefined): string {
  if (placeholders === undefined) return '';
  return JSON.stringify([...placeholders.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function compileOutcome(doc: LoadedDocument, options: RuleCheckOptions, key: string): RuleIssue | undefined {
  const memo = options.memo;
  const known = memo?.outcome(doc, key);
  if (known !== undefined) return known ?? undefined;
  const issue = tryCompile(doc, options.placeholders);
  memo?.remember(doc, key, issue ?? null);
  return issue;
}

function rejectedOf(doc: LoadedDocument): RejectedDocument {
  return { file: doc.file, index: doc.index, id: doc.document.meta.id, title: doc.document.meta.title };
}

/**
 * A Sigma 1.0 aggregation without `timeframe` counts over the whole input; ten years stands for
 * that (the correlation engine's windows are finite).
 */
const WHOLE_INPUT_MS = 10 * 365 * 86_400_000;

const AGGREGATION_TYPES: Readonly<Record<'count' | 'count_field' | 'sum' | 'avg', CorrelationType>> = {
  count: 'event_count',
  count_field: 'value_count',
  sum: 'value_sum',
  avg: 'value_avg',
};

/**
 * A rule with a Sigma 1.0 aggregation becomes what Sigma 2 would write: a base rule (renamed,
 * without id, feeding only the correlation) and a correlation with the rule's own metadata, so its
 * findings carry the original id, title, level and author. `min`/`max` have no equivalent.
 */
function expandAggregation(rule: SigmaRule): { documents: SigmaDocument[]; issue?: RuleIssue } {
  const aggregation = rule.detection.aggregation;
  if (aggregation === undefined) return { documents: [rule] };
  if (aggregation.fn === 'min' || aggregation.fn === 'max') {
    return {
      documents: [],
      issue: {
        code: 'UNSUPPORTED_AGGREGATION',
        severity: 'unsupported',
        message: `Sigma 1.0 aggregation "${aggregation.text}": ${aggregation.fn}() has no Sigma 2 correlation`,
        location: rule.detection.conditionLocation,
        ...(rule.meta.id !== undefined ? { ruleId: rule.meta.id } : {}),
      },
    };
  }
  const baseKey = `${rule.key}#events`;
  const base: SigmaRule = {
    ...rule,
    key: baseKey,
    meta: { ...rule.meta, id: undefined, name: baseKey },
    detection: { ...rule.detection, aggregation: undefined },
    filterKeys: rule.meta.name === undefined ? [rule.key] : [rule.key, rule.meta.name],
  };
  const type =
    AGGREGATION_TYPES[aggregation.fn === 'count' && aggregation.field !== undefined ? 'count_field' : aggregation.fn];
  const correlation: CorrelationRule = {
    kind: 'correlation',
    key: rule.key,
    meta: rule.meta,
    type,
    rules: [baseKey],
    groupBy: aggregation.groupBy === undefined ? [] : [aggregation.groupBy],
    timespanMs: rule.detection.timeframeMs ?? WHOLE_INPUT_MS,
    condition: {
      comparisons: [{ operator: aggregation.operator, value: aggregation.value }],
      field: type === 'event_count' || aggregation.field === undefined ? [] : [aggregation.field],
    },
    aliases: new Map(),
    generate: false,
    location: rule.location,
  };
  return { documents: [base, correlation] };
}

/**
 * The warning a correlation gets when its windows are anchored (`windowModeOf`): an upper bound or
 * an exact value (`lte: 5`) cannot be judged on a window that slides to each new match — every
 * flood passes through the range on its way up — so its windows open at a group's first match and
 * span the timespan, as a SIEM's time buckets do, and a burst across two of them can be missed.
 * The specification asks engines that tie windows to boundaries to say so.
 */
function anchoredWindowsIssue(rule: CorrelationRule): RuleIssue | undefined {
  const comparisons = comparisonsOf(rule);
  if (windowModeOf(rule.type, comparisons) !== 'anchored') return undefined;
  return {
    code: 'ANCHORED_WINDOWS',
    severity: 'warning',
    message:
      `${rule.type} condition "${describeComparisons(comparisons)}" is judged on windows that open at each group's first ` +
      'match and span the timespan; a burst that straddles two windows can be missed',
    location: rule.location,
    ...(rule.meta.id !== undefined ? { ruleId: rule.meta.id } : {}),
  };
}

/** Compiles and cross-checks every loaded document. */
export function checkRules(loaded: RuleLoadResult, options: RuleCheckOptions = {}): RuleCheckResult {
  const issues: RuleIssue[] = [...loaded.issues];
  const rejected: RejectedDocument[] = [...loaded.rejected];
  const usable: LoadedDocument[] = [];
  const key = placeholdersKey(options.placeholders);
  for (const doc of loaded.documents) {
    const issue = compileOutcome(doc, options, key);
    if (issue === undefined) usable.push(doc);
    else {
      issues.push(issue);
      rejected.push(rejectedOf(doc));
    }
  }
  const seenIds = new Map<string, LoadedDocument>();
  for (const doc of usable) {
    const id = doc.document.meta.id;
    if (id === undefined) continue;
    const first = seenIds.get(id);
    if (first !== undefined) {
      issues.push({
        code: 'DUPLICATE_ID',
        severity: 'warning',
        message: `id ${id} is also used by ${first.file}; correlations and filters naming it reach both`,
        location: doc.document.location,
        ruleId: id,
      });
    } else seenIds.set(id, doc);
  }
  const names = new Set<string>();
  for (const doc of usable) {
    if (doc.document.meta.id !== undefined) names.add(doc.document.meta.id);
    if (doc.document.meta.name !== undefined) names.add(doc.document.meta.name);
  }
  const kept: SigmaDocument[] = [];
  for (const doc of usable) {
    const document = doc.document;
    if (document.kind === 'rule' && document.detection.aggregation !== undefined) {
      const expanded = expandAggregation(document);
      if (expanded.issue !== undefined) {
        issues.push(expanded.issue);
        rejected.push(rejectedOf(doc));
      }
      kept.push(...expanded.documents);
      continue;
    }
    if (document.kind === 'correlation') {
      const missing = document.rules.filter((ref) => !names.has(ref));
      if (missing.length > 0) {
        issues.push({
          code: 'UNRESOLVED_REFERENCE',
          severity: 'invalid',
          message: `correlation refers to rules that are not loaded: ${missing.join(', ')}`,
          location: document.location,
          ...(document.meta.id !== undefined ? { ruleId: document.meta.id } : {}),
        });
        rejected.push(rejectedOf(doc));
        continue;
      }
      const windows = anchoredWindowsIssue(document);
      if (windows !== undefined) issues.push(windows);
    }
    kept.push(document);
  }
  return {
    rules: kept.filter((d): d is SigmaRule => d.kind === 'rule'),
    correlations: kept.filter((d): d is CorrelationRule => d.kind === 'correlation'),
    filters: kept.filter((d): d is SigmaFilter => d.kind === 'filter'),
    rejected,
    issues,
    total: loaded.documents.length + loaded.rejected.length,
  };
}
