/**
 * The hunt pipeline: select rules → discover and sniff inputs → plan work items → detect on worker
 * threads (results in parts, in input order) → enrich with rule metadata and ATT&CK context → sink.
 * Then, once every input is read, the correlate stages: Sigma correlation rules over the buffered
 * base-rule matches (their findings follow the others), and with `stories` the attack stories. The
 * library does not print: progress, issues and findings go to the callbacks and the sink.
 */
import type { DataIssue } from '../event/index.js';
import type { FindingSink } from '../report/index.js';
import { planCorrelations, type CorrelationRule, type SigmaRule } from '../sigma/index.js';
import { autoThreads } from './auto-threads.js';
import { CorrelationStage } from './correlation-stage.js';
import { selectCorrelations } from './correlation-selection.js';
import type { DetectOptions } from './detect-item.js';
import { discoverInputs } from './discover-inputs.js';
import { FindingEnricher } from './enrich-finding.js';
import { notLoadedEntry, type HuntSummary } from './hunt-summary.js';
import { runItems, threadsUsed, type IndexStats } from './item-runner.js';
import { emptyCounters, mergeCounters } from './run-counters.js';
import { selectRules, type RuleSelection, type RuleSelectionOptions } from './rule-selection.js';
import { StoryStage } from './story-stage.js';
import { planWork } from './work-plan.js';
import type { WorkerSetup } from './worker-setup.js';

export interface HuntOptions {
  readonly inputs: readonly string[];
  readonly rules: RuleSelectionOptions;
  readonly detect: DetectOptions;
  /** Worker threads; default: as many as the input's size pays for (see `autoThreads`), at most every core. */
  readonly threads?: number | undefined;
  /** Build attack stories and hand them to the sink after the findings. */
  readonly stories?: boolean | undefined;
  /** Absolute paths never read as inputs: the run's own output, when it is written inside an input folder. */
  readonly skip?: readonly string[] | undefined;
}

export interface HuntProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly records: number;
  readonly findings: number;
  readonly elapsedMs: number;
}

export interface HuntCallbacks {
  readonly onIssue?: (issue: DataIssue) => void;
  /** The rules selected, before any input is read: throwing here ends the run. */
  readonly onRulesSelected?: (selection: RuleSelection) => void;
  /** An input that cannot be read at all, told as soon as it is known (the summary lists it too). */
  readonly onUnreadable?: (path: string, reason: string) => void;
  readonly onProgress?: (progress: HuntProgress) => void;
}

/**
 * The rules to run: the selection, plus the base rules of the selected correlations that
 * `--level`/`--status`/`--tag`/`--technique` left out (a high correlation over informational inputs
 * still runs under `--level high`). Those added only feed correlations: `quiet` lists them.
 */
function withCorrelationInputs(
  selection: RuleSelection,
  correlations: readonly CorrelationRule[],
): { rules: readonly SigmaRule[]; quiet: ReadonlySet<string> } {
  if (correlations.length === 0 || selection.filteredOut === 0) return { rules: selection.rules, quiet: new Set() };
  const inputs = planCorrelations(correlations, selection.allRules).baseRuleKeys;
  const chosen = new Set(selection.rules.map((r) => r.key));
  const added = selection.allRules.filter((r) => inputs.has(r.key) && !chosen.has(r.key));
  return { rules: [...selection.rules, ...added], quiet: new Set(added.map((r) => r.key)) };
}

export async function runHunt(
  options: HuntOptions,
  sink: FindingSink,
  callbacks: HuntCallbacks = {},
): Promise<HuntSummary> {
  const started = performance.now();
  const selection = await selectRules(options.rules);
  callbacks.onRulesSelected?.(selection);
  const { correlations, chainOnly } = selectCorrelations(selection.correlations, options.rules);
  const { rules, quiet } = withCorrelationInputs(selection, correlations);
  const plan = planCorrelations(correlations, rules);
  // A rule whose correlations all say `generate: false` reports nothing of its own, also when the
  // options left those correlations out: a filtered hunt finds a subset of what the whole one finds.
  const feedOnly =
    correlations.length === selection.correlations.length
      ? plan.feedOnly
      : planCorrelations(selection.correlations, selection.allRules).feedOnly;
  const discovered = await discoverInputs(options.inputs, options.skip);
  for (const { path, reason } of discovered.unreadable) callbacks.onUnreadable?.(path, reason);
  const items = planWork(discovered.files);
  const threads = Math.max(
    1,
    options.threads ?? autoThreads(discovered.files.reduce((sum, f) => sum + f.sizeBytes, 0)),
  );
  const enricher = new FindingEnricher(rules, selection.builtinKeys, correlations);
  const correlationStage = new CorrelationStage(plan, enricher, new Set([...chainOnly, ...feedOnly]));
  const storyStage = options.stories === true ? new StoryStage() : undefined;
  const counters = emptyCounters();
  counters.notLogs = discovered.notLogs.length;
  counters.unreadable = discovered.unreadable.length;
  const unreadable = [...discovered.unreadable];
  const byLevel: Record<string, number> = {};
  const byTechnique: Record<string, number> = {};
  let findings = 0;
  const index: IndexStats = { evaluations: 0, avoided: 0 };
  const bytesTotal = discovered.files.reduce((sum, f) => sum + f.sizeBytes, 0);
  let filesDone = 0;
  const setup: WorkerSetup = {
    rules,
    filters: selection.filters,
    placeholders: options.rules.placeholders,
    detect: options.detect,
    correlationFields: Object.fromEntries([...plan.baseRuleKeys].map((key) => [key, plan.fieldsFor(key)])),
    stories: storyStage !== undefined,
  };
  const report = async (finding: ReturnType<FindingEnricher['enrich']>): Promise<void> => {
    findings++;
    const level = finding.rule.level ?? 'none';
    byLevel[level] = (byLevel[level] ?? 0) + 1;
    for (const t of finding.attack.techniques) byTechnique[t] = (byTechnique[t] ?? 0) + 1;
    storyStage?.addFinding(finding);
    await sink.write(finding);
  };
  for await (const part of runItems(items, setup, threads, index)) {
    for (const issue of part.issues) callbacks.onIssue?.(issue);
    // Before the part's findings: the story stage keeps only findings on events it has records of.
    storyStage?.addRecords(part.storyRecords);
    for (const raw of part.findings) {
      correlationStage.add(raw);
      // A rule that only feeds correlations (`generate: false`, or left out by the options) reports nothing of its own.
      if (!feedOnly.has(raw.ruleKey) && !quiet.has(raw.ruleKey)) await report(enricher.enrich(raw));
    }
    if (part.end !== undefined) {
      mergeCounters(counters, part.end.counters);
      // A big file is several items: a file gone since it was found is listed once.
      const path = items[part.index]?.path ?? '?';
      if (part.end.unreadable !== undefined && !unreadable.some((u) => u.path === path)) {
        unreadable.push({ path, reason: part.end.unreadable });
        callbacks.onUnreadable?.(path, part.end.unreadable);
      }
      const next = items[part.index + 1];
      if (next === undefined || next.isFirstOfFile) filesDone++;
    }
    // Parts come in item order, so only this item is partly read: the items before it are in
    // `counters`, which takes this one only at its end.
    const reading = part.end === undefined ? part.progress : { bytes: 0, records: 0 };
    callbacks.onProgress?.({
      filesDone,
      filesTotal: discovered.files.length,
      bytesDone: counters.bytes + reading.bytes,
      bytesTotal,
      records: counters.records + reading.records,
      findings,
      elapsedMs: performance.now() - started,
    });
  }
  counters.unreadable = unreadable.length; // per path: the items of one big file count once
  const correlated = correlationStage.finish();
  for (const finding of correlated.findings) await report(finding);
  const told = storyStage?.finish(counters.storyRecordsDropped);
  for (const story of told?.stories ?? []) await sink.story?.(story);
  const summary: HuntSummary = {
    counters,
    rules: {
      loaded: selection.rules.length,
      builtin: selection.rules.filter((r) => selection.builtinKeys.has(r.key)).length,
      correlations: plan.correlations.length,
      filteredOut: selection.filteredOut,
      notLoaded: [...selection.notLoaded, ...plan.issues].map(notLoadedEntry),
      warnings: selection.warnings,
      cacheNotWritten: selection.cacheNotWritten ?? null,
    },
    findings: { total: findings, byLevel, byTechnique },
    correlation: correlated.counters,
    ...(told !== undefined ? { stories: told.counters } : {}),
    notLogs: discovered.notLogs,
    unreadable,
    index,
    threads: threadsUsed(threads, items.length),
    elapsedMs: performance.now() - started,
  };
  await sink.end(summary);
  return summary;
}
