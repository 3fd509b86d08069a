/**
 * Prepares correlation rules for the engine, once, before any event moves: resolves the rules each
 * correlation refers to (by id or name, base rules and other correlations), orders chained
 * correlations inner before outer, works out which field every input's matches must carry for each
 * group-by name (through `aliases`) and condition field, and which rules only feed correlations
 * (`generate: false`). A correlation that cannot run is left out with a located issue.
 */
import type { RuleIssue } from '../rule-issue.js';
import type { CorrelationRule, SigmaRule } from '../sigma-rule.js';
import { comparisonsOf, windowModeOf, type Comparison, type WindowMode } from './correlation-condition.js';

/** One correlation, ready to run. */
export interface PlannedCorrelation {
  readonly rule: CorrelationRule;
  /** Input key (a base rule's or an inner correlation's key) → the positions of `rule.rules` it fills. */
  readonly inputs: ReadonlyMap<string, readonly number[]>;
  /** Input key → the field to read for each group-by name (aligned with `rule.groupBy`). */
  readonly groupFields: ReadonlyMap<string, readonly string[]>;
  /** Input key → the fields of the value_* condition (aligned with `rule.condition.field`). */
  readonly valueFields: ReadonlyMap<string, readonly string[]>;
  readonly comparisons: readonly Comparison[];
  readonly mode: WindowMode;
}

export interface CorrelationPlan {
  /** Correlations that can run, every inner correlation before the ones that refer to it. */
  readonly correlations: readonly PlannedCorrelation[];
  /** Keys of base rules some correlation takes matches from. */
  readonly baseRuleKeys: ReadonlySet<string>;
  /**
   * Keys of rules and correlations whose own findings are not reported: every correlation that
   * refers to them has `generate: false` (the specification's default).
   */
  readonly feedOnly: ReadonlySet<string>;
  /** Problems that left a correlation out. */
  readonly issues: readonly RuleIssue[];
  /** The fields a match of this base rule must carry (empty when no correlation uses the rule). */
  fieldsFor(ruleKey: string): readonly string[];
}

type Referable =
  | { readonly kind: 'rule'; readonly rule: SigmaRule }
  | { readonly kind: 'correlation'; readonly rule: CorrelationRule };

function referenceIndex(
  rules: readonly SigmaRule[],
  correlations: readonly CorrelationRule[],
): Map<string, Referable[]> {
  const index = new Map<string, Referable[]>();
  const add = (name: string | undefined, target: Referable): void => {
    if (name === undefined) return;
    const list = index.get(name) ?? [];
    if (!list.some((t) => t.rule.key === target.rule.key)) list.push(target);
    index.set(name, list);
  };
  for (const rule of rules) {
    add(rule.meta.id, { kind: 'rule', rule });
    add(rule.meta.name, { kind: 'rule', rule });
  }
  for (const rule of correlations) {
    add(rule.meta.id, { kind: 'correlation', rule });
    add(rule.meta.name, { kind: 'correlation', rule });
  }
  return index;
}

function issue(rule: CorrelationRule, code: RuleIssue['code'], message: string): RuleIssue {
  return {
    code,
    severity: 'invalid',
    message,
    location: rule.location,
    ...(rule.meta.id !== undefined ? { ruleId: rule.meta.id } : {}),
  };
}

/** The field an input's matches carry for `name`: an alias entry for that input, else the name itself. */
function fieldFor(name: string, target: Referable, aliases: CorrelationRule['aliases']): string {
  const byRule = aliases.get(name);
  if (byRule === undefined) return name;
  for (const ref of [target.rule.meta.name, target.rule.meta.id, target.rule.key]) {
    const field = ref === undefined ? undefined : byRule.get(ref);
    if (field !== undefined) return field;
  }
  return name;
}

interface Visit {
  readonly state: Map<string, 'visiting' | 'done' | 'dropped'>;
  readonly ordered: PlannedCorrelation[];
  readonly issues: RuleIssue[];
  readonly index: Map<string, Referable[]>;
}

const SINGLE_FIELD_TYPES = new Set(['value_sum', 'value_avg']);

/** Depth-first: plans a correlation after the correlations it refers to; false when it cannot run. */
function visit(rule: CorrelationRule, v: Visit): boolean {
  const seen = v.state.get(rule.key);
  if (seen === 'done') return true;
  if (seen === 'dropped') return false;
  if (seen === 'visiting') {
    v.issues.push(issue(rule, 'BAD_CORRELATION', 'correlation refers to itself through a chain of correlations'));
    v.state.set(rule.key, 'dropped');
    return false;
  }
  v.state.set(rule.key, 'visiting');
  const drop = (code: RuleIssue['code'], message: string): false => {
    v.issues.push(issue(rule, code, message));
    v.state.set(rule.key, 'dropped');
    return false;
  };
  const inputs = new Map<string, number[]>();
  const targets = new Map<string, Referable>();
  for (let position = 0; position < rule.rules.length; position++) {
    const ref = rule.rules[position] as string;
    const found = v.index.get(ref);
    if (found === undefined || found.length === 0)
      return drop('UNRESOLVED_REFERENCE', `correlation refers to "${ref}", which is not loaded or was left out`);
    for (const target of found) {
      if (target.kind === 'correlation' && !visit(target.rule, v))
        return drop('UNRESOLVED_REFERENCE', `correlation refers to correlation "${ref}", which cannot run`);
      const positions = inputs.get(target.rule.key) ?? [];
      positions.push(position);
      inputs.set(target.rule.key, positions);
      targets.set(target.rule.key, target);
    }
  }
  const valueNames = rule.condition?.field ?? [];
  if (SINGLE_FIELD_TYPES.has(rule.type) && valueNames.length !== 1)
    return drop('BAD_CORRELATION', `a ${rule.type} condition takes exactly one field`);
  const groupFields = new Map<string, string[]>();
  const valueFields = new Map<string, string[]>();
  for (const [key, target] of targets) {
    const group = rule.groupBy.map((name) => fieldFor(name, target, rule.aliases));
    const value = valueNames.map((name) => fieldFor(name, target, rule.aliases));
    if (target.kind === 'correlation') {
      // An inner correlation's hits carry only its own group-by values.
      const offered = new Set(target.rule.groupBy);
      const missing = [...group, ...value].filter((f) => !offered.has(f));
      if (missing.length > 0)
        return drop(
          'BAD_CORRELATION',
          `fields ${missing.join(', ')} are not among the group-by fields of correlation "${target.rule.meta.title}"`,
        );
    }
    groupFields.set(key, group);
    valueFields.set(key, value);
  }
  const comparisons = comparisonsOf(rule);
  v.ordered.push({ rule, inputs, groupFields, valueFields, comparisons, mode: windowModeOf(rule.type, comparisons) });
  v.state.set(rule.key, 'done');
  return true;
}

/**
 * Plans `correlations` over the base `rules` that will run. Rules are expected to have passed
 * `checkRules`; a reference to a rule not given here (left out by a selection) leaves the
 * correlation out with an issue.
 */
export function planCorrelations(
  correlations: readonly CorrelationRule[],
  rules: readonly SigmaRule[],
): CorrelationPlan {
  const v: Visit = { state: new Map(), ordered: [], issues: [], index: referenceIndex(rules, correlations) };
  for (const rule of correlations) visit(rule, v);
  const baseKeys = new Set(rules.map((r) => r.key));
  const fields = new Map<string, Set<string>>();
  const generated = new Set<string>();
  const referenced = new Set<string>();
  for (const planned of v.ordered) {
    for (const key of planned.inputs.keys()) {
      referenced.add(key);
      if (planned.rule.generate) generated.add(key);
      if (!baseKeys.has(key)) continue;
      const set = fields.get(key) ?? new Set<string>();
      for (const f of planned.groupFields.get(key) ?? []) set.add(f);
      for (const f of planned.valueFields.get(key) ?? []) set.add(f);
      fields.set(key, set);
    }
  }
  const fieldLists = new Map([...fields].map(([key, set]) => [key, [...set].sort()] as const));
  const none: readonly string[] = [];
  return {
    correlations: v.ordered,
    baseRuleKeys: new Set([...referenced].filter((k) => baseKeys.has(k))),
    feedOnly: new Set([...referenced].filter((k) => !generated.has(k))),
    issues: v.issues,
    fieldsFor: (ruleKey) => fieldLists.get(ruleKey) ?? none,
  };
}
