/**
 * Which ways a rule's logsource covers an event's logsource class. A rule key that is set must
 * agree (missing key = any); a `category` is reached through one of the class's category
 * memberships, each of which may rename fields, so the answer is a list of memberships (`null` for
 * a match that needs no mapping: product- or service-only rules).
 */
import type { CategoryMembership, LogsourceClass } from '../../event/index.js';
import type { Logsource } from '../sigma-rule.js';

export function logsourceMemberships(logsource: Logsource, cls: LogsourceClass): (CategoryMembership | null)[] {
  if (logsource.product !== undefined && logsource.product !== cls.product) return [];
  if (logsource.service !== undefined && !cls.services.includes(logsource.service)) return [];
  if (logsource.category === undefined) return [null];
  return cls.categories.filter((m) => m.category === logsource.category);
}

/** A filter applies to a rule when every logsource key the filter sets is the rule's too. */
export function logsourceCovers(filter: Logsource, rule: Logsource): boolean {
  return (
    (filter.product === undefined || filter.product === rule.product) &&
    (filter.category === undefined || filter.category === rule.category) &&
    (filter.service === undefined || filter.service === rule.service)
  );
}
