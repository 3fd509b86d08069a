/**
 * Loads the rules a hunt runs: svchunt's own pack (unless turned off) and the user's folders,
 * checked (invalid and unsupported ones are kept aside with their reason), then narrowed by level,
 * status, tag and technique. Everything here happens once, before any event moves.
 */
import { builtinRulesPath, svchuntVersion } from '../package-paths.js';
import {
  checkRules,
  findRuleFiles,
  loadRules,
  RuleCache,
  type CorrelationRule,
  type Placeholders,
  type RuleIssue,
  type SigmaFilter,
  type SigmaRule,
} from '../sigma/index.js';
import { tagMatches, techniqueTag } from './tag-matches.js';

export interface RuleSelectionOptions {
  readonly builtin: boolean;
  readonly rulePaths: readonly string[];
  readonly placeholders?: Placeholders | undefined;
  /** Minimum level (informational < low < medium < high < critical). */
  readonly minLevel?: string | undefined;
  readonly statuses?: readonly string[] | undefined;
  /** `attack.t1569` selects its sub-techniques too. */
  readonly tags?: readonly string[] | undefined;
  /** `T1569.002` or `T1569` (with sub-techniques). */
  readonly techniques?: readonly string[] | undefined;
  /** A folder to cache parsed rules in between runs (see `RuleCache`); none when undefined. */
  readonly cacheFolder?: string | undefined;
}

export interface RuleSelection {
  readonly rules: readonly SigmaRule[];
  /** Every usable rule, before level/status/tag/technique narrowed them (correlation inputs come from here). */
  readonly allRules: readonly SigmaRule[];
  readonly correlations: readonly CorrelationRule[];
  readonly filters: readonly SigmaFilter[];
  /** Keys of the rules and correlations that came from the built-in pack. */
  readonly builtinKeys: ReadonlySet<string>;
  /** Documents that could not be used, with their reasons. */
  readonly notLoaded: readonly RuleIssue[];
  readonly warnings: number;
  /** Usable rules left out by the level/status/tag/technique options. */
  readonly filteredOut: number;
  /** The rule cache folder that could not be written, with why (the run goes on; the next one parses again). */
  readonly cacheNotWritten: string | undefined;
  /** `tags` and `techniques` values that no loaded rule or correlation carries (a typo selects nothing). */
  readonly unmatchedSelectors: readonly string[];
}

const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];

export async function selectRules(options: RuleSelectionOptions): Promise<RuleSelection> {
  const cache = options.cacheFolder === undefined ? undefined : new RuleCache(options.cacheFolder, svchuntVersion());
  const placeholders = options.placeholders;
  const builtin = options.builtin
    ? checkRules(await loadRules([builtinRulesPath()], { cache }), { placeholders, memo: cache })
    : undefined;
  // A `--rules` path that reaches the built-in pack's files must not run them twice.
  const skip = options.builtin && options.rulePaths.length > 0 ? (await findRuleFiles([builtinRulesPath()])).files : [];
  const user =
    options.rulePaths.length > 0
      ? checkRules(await loadRules(options.rulePaths, { cache, skip }), { placeholders, memo: cache })
      : undefined;
  const cacheNotWritten =
    cache !== undefined && !cache.save() ? `${cache.path} (${cache.saveError ?? 'unknown reason'})` : undefined;
  const all = [...(builtin?.rules ?? []), ...(user?.rules ?? [])];
  const minRank = options.minLevel === undefined ? -1 : LEVELS.indexOf(options.minLevel);
  const techniqueTags = options.techniques?.map(techniqueTag);
  const selected = all.filter((rule) => {
    const { level, status, tags } = rule.meta;
    if (minRank >= 0 && (level === undefined || LEVELS.indexOf(level) < minRank)) return false;
    if (options.statuses !== undefined && (status === undefined || !options.statuses.includes(status))) return false;
    if (options.tags !== undefined && !options.tags.some((t) => tagMatches(tags, t))) return false;
    if (techniqueTags !== undefined && !techniqueTags.some((t) => tagMatches(tags, t))) return false;
    return true;
  });
  const issues = [...(builtin?.issues ?? []), ...(user?.issues ?? [])];
  const correlations = [...(builtin?.correlations ?? []), ...(user?.correlations ?? [])];
  const tagLists = [...all, ...correlations].map((doc) => doc.meta.tags);
  const carried = (tag: string): boolean => tagLists.some((tags) => tagMatches(tags, tag));
  return {
    rules: selected,
    allRules: all,
    correlations,
    filters: [...(builtin?.filters ?? []), ...(user?.filters ?? [])],
    builtinKeys: new Set([...(builtin?.rules ?? []), ...(builtin?.correlations ?? [])].map((r) => r.key)),
    notLoaded: issues.filter((i) => i.severity !== 'warning'),
    warnings: issues.filter((i) => i.severity === 'warning').length,
    filteredOut: all.length - selected.length,
    cacheNotWritten,
    unmatchedSelectors: [
      ...(options.tags ?? []).filter((tag) => !carried(tag)),
      ...(options.techniques ?? []).filter((id) => !carried(techniqueTag(id))),
    ],
  };
}
