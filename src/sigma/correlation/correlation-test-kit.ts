/**
 * Test helpers for the correlation engine: rules written inline as YAML (one multi-document text,
 * as correlation files are), matches built by rule name and seconds, and a run that collects hits.
 * Used by this folder's tests only.
 */
import { checkRules } from '../check-rules.js';
import { loadRuleText } from '../load/load-rules.js';
import type { FieldValue } from '../../event/index.js';
import { CorrelationEngine, type CorrelationEngineOptions } from './correlation-engine.js';
import type { CorrelationHit, CorrelationMatch, CorrelationStats } from './correlation-match.js';
import { planCorrelations, type CorrelationPlan } from './correlation-plan.js';

/** A base rule named `name` (any event of the given EventID matches). */
export function baseRule(name: string, eventId = 1): string {
  return `title: ${name}\nname: ${name}\nlogsource: {product: windows, service: security}\ndetection:\n  sel: {EventID: ${eventId}}\n  condition: sel\n`;
}

export interface Kit {
  readonly plan: CorrelationPlan;
  /** A match of the rule named `rule` at `seconds`, with `fields`. */
  match(
    rule: string,
    seconds: number,
    fields?: Record<string, FieldValue>,
    eventKey?: string,
  ): CorrelationMatch<string>;
  run(matches: readonly CorrelationMatch<string>[], options?: CorrelationEngineOptions): Run;
}

export interface Run {
  readonly hits: CorrelationHit<string>[];
  readonly stats: CorrelationStats;
}

let eventCounter = 0;

/** Loads `documents` (joined with `---`) and plans every correlation among them. */
export function correlationKit(...documents: string[]): Kit {
  const checked = checkRules(loadRuleText(documents.join('---\n'), 'inline.yml'));
  const blocking = checked.issues.filter((i) => i.severity !== 'warning');
  if (blocking.length > 0) throw new Error(`rules do not load: ${blocking.map((i) => i.message).join('; ')}`);
  const plan = planCorrelations(checked.correlations, checked.rules);
  const keyOf = new Map(checked.rules.map((r) => [r.meta.name ?? r.meta.title, r.key]));
  return {
    plan,
    match: (rule, seconds, fields = {}, eventKey) => {
      const ruleKey = keyOf.get(rule);
      if (ruleKey === undefined) throw new Error(`no rule ${rule}`);
      const key = eventKey ?? `e${++eventCounter}`;
      return { ruleKey, time: seconds * 1000, fields, eventKey: key, payload: key };
    },
    run: (matches, options) => {
      const hits: CorrelationHit<string>[] = [];
      const engine = new CorrelationEngine<string>(plan, (h) => hits.push(h), options);
      for (const m of matches) engine.push(m);
      engine.finish();
      return { hits, stats: engine.stats };
    },
  };
}

/** A hit as a short comparable line: `title@time value [payloads]`. */
export function brief(hit: CorrelationHit<string>): string {
  const group = Object.entries(hit.groupBy)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const of = hit.fieldValue !== undefined ? ` of ${hit.fieldValue}` : '';
  return `${hit.correlation.meta.title}@${hit.time / 1000} ${group} ${hit.value}${of} [${hit.matches.map((m) => m.payload).join(' ')}]`;
}
