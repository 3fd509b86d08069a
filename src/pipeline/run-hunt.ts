/**
 * The hunt pipeline: select rules → discover and sniff inputs → plan work items → detect on worker
 * threads (results in input order) → enrich with rule metadata and ATT&CK context → sink. The
 * library does not print: progress, issues and findings go to the callbacks and the sink.
 */
import { availableParallelism } from 'node:os';
import type { DataIssue } from '../event/index.js';
import type { FindingSink } from '../report/index.js';
import type { DetectOptions } from './detect-item.js';
import { discoverInputs } from './discover-inputs.js';
import { FindingEnricher } from './enrich-finding.js';
import { notLoadedEntry, type HuntSummary } from './hunt-summary.js';
import { runItems, type IndexStats } from './item-runner.js';
import { emptyCounters, mergeCounters } from './run-counters.js';
import { selectRules, type RuleSelectionOptions } from './rule-selection.js';
import { planWork } from './work-plan.js';

export interface HuntOptions {
  readonly inputs: readonly string[];
  readonly rules: RuleSelectionOptions;
  readonly detect: DetectOptions;
  /** Worker threads; default: every core. */
  readonly threads?: number | undefined;
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
  readonly onProgress?: (progress: HuntProgress) => void;
}

export async function runHunt(
  options: HuntOptions,
  sink: FindingSink,
  callbacks: HuntCallbacks = {},
): Promise<HuntSummary> {
  const started = performance.now();
  const selection = await selectRules(options.rules);
  const discovered = await discoverInputs(options.inputs);
  const items = planWork(discovered.files);
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const enricher = new FindingEnricher(selection.rules, selection.builtinKeys);
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
  const setup = {
    rules: selection.rules,
    filters: selection.filters,
    placeholders: options.rules.placeholders,
    detect: options.detect,
  };
  for await (const result of runItems(items, setup, threads, index)) {
    mergeCounters(counters, result.counters);
    if (result.unreadable !== undefined)
      unreadable.push({ path: items[result.index]?.path ?? '?', reason: result.unreadable });
    for (const issue of result.issues) callbacks.onIssue?.(issue);
    for (const raw of result.findings) {
      const finding = enricher.enrich(raw);
      findings++;
      const level = finding.rule.level ?? 'none';
      byLevel[level] = (byLevel[level] ?? 0) + 1;
      for (const t of finding.attack.techniques) byTechnique[t] = (byTechnique[t] ?? 0) + 1;
      await sink.write(finding);
    }
    const next = items[result.index + 1];
    if (next === undefined || next.isFirstOfFile) filesDone++;
    callbacks.onProgress?.({
      filesDone,
      filesTotal: discovered.files.length,
      bytesDone: counters.bytes,
      bytesTotal,
      records: counters.records,
      findings,
      elapsedMs: performance.now() - started,
    });
  }
  const summary: HuntSummary = {
    counters,
    rules: {
      loaded: selection.rules.length,
      builtin: selection.rules.filter((r) => selection.builtinKeys.has(r.key)).length,
      filteredOut: selection.filteredOut,
      notLoaded: selection.notLoaded.map(notLoadedEntry),
      warnings: selection.warnings,
    },
    findings: { total: findings, byLevel, byTechnique },
    notLogs: discovered.notLogs,
    unreadable,
    index,
    threads,
    elapsedMs: performance.now() - started,
  };
  await sink.end(summary);
  return summary;
}
