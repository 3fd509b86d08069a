/** The metadata a rule is shown with wherever it is listed or credited (rule lists, findings). */
import type { RuleMetadata } from './sigma-rule.js';

/** A rule's identifying metadata, with absent values as null so JSON output keeps every key. */
export interface RuleSummary {
  readonly id: string | null;
  readonly title: string;
  readonly level: string | null;
  readonly status: string | null;
  /** Always kept: the Detection Rule License requires the author's credit. */
  readonly author: string | null;
  readonly tags: readonly string[];
}

export function ruleSummary(meta: RuleMetadata): RuleSummary {
  return {
    id: meta.id ?? null,
    title: meta.title,
    level: meta.level ?? null,
    status: meta.status ?? null,
    author: meta.author ?? null,
    tags: meta.tags,
  };
}
