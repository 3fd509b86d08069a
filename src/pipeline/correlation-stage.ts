/**
 * The correlate stage for Sigma correlation rules, on the main thread after the merge. Workers send
 * every base-rule match with the fields its correlations need; matches are far fewer than events,
 * so this stage buffers them (up to `MAX_BUFFERED_MATCHES`, the rest counted), sorts them by time —
 * files of one host interleave correctly whatever order they were read in, and the sort is stable
 * over item order, so the result does not depend on the thread count — and streams them through the
 * correlation engine, whose windows expire as time moves on.
 */
import { eventKeyOf, type Finding } from '../report/index.js';
import { CorrelationEngine, type CorrelationHit, type CorrelationPlan, type CorrelationStats } from '../sigma/index.js';
import type { FindingEnricher } from './enrich-finding.js';
import type { RawFinding } from './raw-finding.js';

/**
 * Matches held for correlation at once. A match carries its finding's event facts (about 1 KB), so
 * this bounds the stage near 200 MB; the whole corpus needs a few thousand.
 */
export const MAX_BUFFERED_MATCHES = 200_000;

export interface CorrelationCounters extends CorrelationStats {
  /** Correlation rules that ran. */
  rules: number;
  buffered: number;
  /** Matches not buffered because the buffer was full. */
  dropped: number;
}

export class CorrelationStage {
  private readonly plan: CorrelationPlan;
  private readonly enricher: FindingEnricher;
  /** Correlations whose hits only feed others (see `CorrelationSelection.chainOnly`). */
  private readonly quiet: ReadonlySet<string>;
  private matches: RawFinding[] = [];
  private dropped = 0;

  constructor(plan: CorrelationPlan, enricher: FindingEnricher, quiet: ReadonlySet<string> = new Set()) {
    this.plan = plan;
    this.enricher = enricher;
    this.quiet = quiet;
  }

  /** Takes a raw finding of any rule; keeps it when a correlation uses its rule. */
  add(raw: RawFinding): void {
    if (!this.plan.baseRuleKeys.has(raw.ruleKey)) return;
    if (this.matches.length < MAX_BUFFERED_MATCHES) this.matches.push(raw);
    else this.dropped++;
  }

  /** Runs the correlations over the buffered matches; findings come back in time order. */
  finish(): { readonly findings: Finding[]; readonly counters: CorrelationCounters } {
    const buffered = this.matches;
    this.matches = [];
    const hits: CorrelationHit<RawFinding>[] = [];
    const engine = new CorrelationEngine<RawFinding>(this.plan, (hit) => hits.push(hit));
    const order = (t: number): number => (Number.isNaN(t) ? Number.POSITIVE_INFINITY : t);
    const sorted = buffered
      .map((raw, i) => ({ raw, i }))
      .sort((a, b) => order(a.raw.time) - order(b.raw.time) || a.i - b.i);
    for (const { raw } of sorted) {
      engine.push({
        ruleKey: raw.ruleKey,
        time: raw.time,
        fields: raw.correlationFields ?? {},
        eventKey: eventKeyOf(raw.source),
        payload: raw,
      });
    }
    engine.finish();
    const findings = hits
      .filter((hit) => !this.plan.feedOnly.has(hit.correlation.key) && !this.quiet.has(hit.correlation.key))
      .map((hit) => this.enricher.enrichHit(hit))
      .map((finding, i) => ({ finding, i }))
      .sort((a, b) => a.finding.time - b.finding.time || a.i - b.i)
      .map(({ finding }) => finding);
    return {
      findings,
      counters: {
        ...engine.stats,
        rules: this.plan.correlations.length,
        buffered: buffered.length,
        dropped: this.dropped,
      },
    };
  }
}
