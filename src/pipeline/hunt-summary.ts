/** The end-of-run summary of a hunt: what was read, skipped, loaded and found, and how long it took. */
import type { RuleIssue } from '../sigma/index.js';
import type { CorrelationCounters } from './correlation-stage.js';
import type { RunCounters } from './run-counters.js';
import type { StoryCounters } from './story-stage.js';

export interface HuntSummary {
  readonly counters: RunCounters;
  readonly rules: {
    readonly loaded: number;
    readonly builtin: number;
    /** Sigma correlation rules that ran. */
    readonly correlations: number;
    readonly filteredOut: number;
    readonly notLoaded: readonly {
      readonly path: string;
      readonly id: string | null;
      readonly code: string;
      readonly reason: string;
    }[];
    readonly warnings: number;
    /** The rule cache folder that could not be written and why, if any. */
    readonly cacheNotWritten: string | null;
  };
  readonly findings: {
    readonly total: number;
    readonly byLevel: Readonly<Record<string, number>>;
    readonly byTechnique: Readonly<Record<string, number>>;
  };
  /** What the correlation stage buffered, dropped and found (see `CorrelationCounters`). */
  readonly correlation: CorrelationCounters;
  /** With `--stories`: stories told, and the story records kept and dropped on the way. */
  readonly stories?: StoryCounters;
  readonly notLogs: readonly string[];
  readonly unreadable: readonly { readonly path: string; readonly reason: string }[];
  readonly index: { readonly evaluations: number; readonly avoided: number };
  /** Threads that ran detection (fewer than asked for when there are fewer work items). */
  readonly threads: number;
  readonly elapsedMs: number;
}

export function notLoadedEntry(issue: RuleIssue): HuntSummary['rules']['notLoaded'][number] {
  return {
    path: issue.location.file,
    id: issue.ruleId ?? null,
    code: issue.code,
    reason: `${issue.location.file}:${issue.location.line}: ${issue.message}`,
  };
}
