/**
 * Which correlation rules a hunt runs: the same `--level`, `--status`, `--tag` and `--technique`
 * narrowing as for detection rules, applied to the correlation's own metadata (a correlation is
 * reported with its own level, whatever its base rules say).
 */
import type { CorrelationRule } from '../sigma/index.js';
import type { RuleSelectionOptions } from './rule-selection.js';
import { tagMatches, techniqueTag } from './tag-matches.js';

const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];

export interface CorrelationSelection {
  readonly correlations: readonly CorrelationRule[];
  /**
   * Keys of the inner correlations that run only because a selected chain needs them: their hits
   * feed the chain and are not reported, even under `generate: true` (the options left them out).
   */
  readonly chainOnly: ReadonlySet<string>;
}

export function selectCorrelations(
  correlations: readonly CorrelationRule[],
  options: RuleSelectionOptions,
): CorrelationSelection {
  const minRank = options.minLevel === undefined ? -1 : LEVELS.indexOf(options.minLevel);
  const techniques = options.techniques?.map(techniqueTag);
  const selected = correlations.filter(({ meta }) => {
    if (minRank >= 0 && (meta.level === undefined || LEVELS.indexOf(meta.level) < minRank)) return false;
    if (options.statuses !== undefined && (meta.status === undefined || !options.statuses.includes(meta.status)))
      return false;
    if (options.tags !== undefined && !options.tags.some((t) => tagMatches(meta.tags, t))) return false;
    return techniques === undefined || techniques.some((t) => tagMatches(meta.tags, t));
  });
  // Inner correlations of a chain run for the outer one, whatever their own metadata.
  const kept = new Set(selected);
  for (let grew = true; grew;) {
    grew = false;
    const wanted = new Set([...kept].flatMap((c) => c.rules));
    for (const c of correlations) {
      const named =
        (c.meta.id !== undefined && wanted.has(c.meta.id)) || (c.meta.name !== undefined && wanted.has(c.meta.name));
      if (named && !kept.has(c)) {
        kept.add(c);
        grew = true;
      }
    }
  }
  const chosen = new Set(selected);
  return {
    correlations: correlations.filter((c) => kept.has(c)),
    chainOnly: new Set(correlations.filter((c) => kept.has(c) && !chosen.has(c)).map((c) => c.key)),
  };
}
