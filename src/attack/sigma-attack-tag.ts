/**
 * Sigma `attack.*` tags (Sigma specification, appendix "Tags"): techniques `attack.t1569.002`,
 * tactics by short name `attack.execution` (older rules write `attack.privilege_escalation`),
 * groups `attack.g0016`, software `attack.s0029`, campaigns `attack.c0006`.
 */

/** What one tag names; ids come back upper-case (`T1569.002`), tactic short names hyphenated. */
export type AttackTag =
  | { readonly kind: 'technique'; readonly id: string }
  | { readonly kind: 'tactic-id'; readonly id: string }
  | { readonly kind: 'tactic'; readonly shortname: string }
  | { readonly kind: 'group' | 'software' | 'campaign'; readonly id: string };

/** First match wins: ids before the catch-all tactic name. */
const TAG_PATTERNS: readonly { readonly pattern: RegExp; readonly read: (m: string) => AttackTag }[] = [
  { pattern: /^attack\.(t\d{4}(?:\.\d{3})?)$/i, read: (m) => ({ kind: 'technique', id: m.toUpperCase() }) },
  { pattern: /^attack\.(ta\d{4})$/i, read: (m) => ({ kind: 'tactic-id', id: m.toUpperCase() }) },
  { pattern: /^attack\.(g\d{4})$/i, read: (m) => ({ kind: 'group', id: m.toUpperCase() }) },
  { pattern: /^attack\.(s\d{4})$/i, read: (m) => ({ kind: 'software', id: m.toUpperCase() }) },
  { pattern: /^attack\.(c\d{4})$/i, read: (m) => ({ kind: 'campaign', id: m.toUpperCase() }) },
  {
    pattern: /^attack\.([a-z]+(?:[_-][a-z]+)*)$/i,
    read: (m) => ({ kind: 'tactic', shortname: m.toLowerCase().replaceAll('_', '-') }),
  },
];

/** Reads one Sigma tag; undefined for tags outside the `attack.` namespace or of no known form. */
export function parseAttackTag(tag: string): AttackTag | undefined {
  for (const { pattern, read } of TAG_PATTERNS) {
    const match = pattern.exec(tag.trim());
    if (match?.[1] !== undefined) return read(match[1]);
  }
  return undefined;
}
