/**
 * The ATT&CK context every finding carries, from its rule's Sigma tags: techniques, tactics,
 * mitigations, data components and NIST SP 800-53 controls. Contexts are cached per tag list, so
 * findings of one rule share one frozen object.
 */
import { compareIds } from './compare-ids.js';
import { tacticById, tacticByShortname } from './enterprise-tactics.js';
import { parseAttackTag } from './sigma-attack-tag.js';
import { PROFILE_KINDS, techniqueProfile, type AttackRef, type ProfileKind } from './technique-profile.js';

/**
 * Techniques as tagged (`T1569.002`; a parent is not added), then what the graph links to them;
 * each list de-duplicated and sorted by id. Entries a sub-technique took from its parent say so in
 * `inheritedFrom`. A technique outside the graph is listed with nothing added for it.
 */
export interface AttackContext {
  readonly techniques: readonly string[];
  readonly tactics: readonly AttackRef[];
  readonly mitigations: readonly AttackRef[];
  readonly dataComponents: readonly AttackRef[];
  /** NIST SP 800-53 rev5 controls, e.g. `{ id: 'CM-7', name: 'Least Functionality' }`. */
  readonly controls: readonly AttackRef[];
}

/**
 * Distinct tag lists kept: one per rule in practice (SigmaHQ has about 3,000 rules). Past this the
 * cache starts again, so ad-hoc calls cannot grow it without end.
 */
const MAX_CACHED_TAG_LISTS = 10_000;

const byArray = new WeakMap<readonly string[], AttackContext>();
const byKey = new Map<string, AttackContext>();

/** Adds refs; an entry the tagged technique links itself wins over one inherited from a parent. */
function merge(into: Map<string, AttackRef>, refs: readonly AttackRef[]): void {
  for (const ref of refs) {
    const seen = into.get(ref.id);
    if (seen === undefined || (seen.inheritedFrom !== undefined && ref.inheritedFrom === undefined)) {
      into.set(ref.id, ref);
    }
  }
}

const sorted = <T>(items: Iterable<T>, id: (item: T) => string): readonly T[] =>
  Object.freeze([...items].sort((a, b) => compareIds(id(a), id(b))));

function buildContext(tags: readonly string[]): AttackContext {
  const techniques = new Set<string>();
  const found: Record<ProfileKind, Map<string, AttackRef>> = {
    tactics: new Map(),
    mitigations: new Map(),
    dataComponents: new Map(),
    controls: new Map(),
  };
  for (const tag of tags) {
    const parsed = parseAttackTag(tag);
    if (parsed === undefined) continue;
    if (parsed.kind === 'technique') {
      techniques.add(parsed.id);
      const profile = techniqueProfile(parsed.id);
      if (profile !== undefined) for (const kind of PROFILE_KINDS) merge(found[kind], profile[kind]);
    } else if (parsed.kind === 'tactic' || parsed.kind === 'tactic-id') {
      const tactic = parsed.kind === 'tactic' ? tacticByShortname(parsed.shortname) : tacticById(parsed.id);
      if (tactic !== undefined) merge(found.tactics, [tactic]);
    }
    // Group, software and campaign tags name who uses a technique; the context has no place for them.
  }
  return Object.freeze({
    techniques: sorted(techniques, (t) => t),
    tactics: sorted(found.tactics.values(), (r) => r.id),
    mitigations: sorted(found.mitigations.values(), (r) => r.id),
    dataComponents: sorted(found.dataComponents.values(), (r) => r.id),
    controls: sorted(found.controls.values(), (r) => r.id),
  });
}

/**
 * The ATT&CK context of a rule's tags (`attack.t1569.002`, `attack.execution`, …); other tags are
 * ignored. The same tag list — by identity, or by content in any order and case — returns the same
 * frozen object.
 */
export function attackContextForTags(tags: readonly string[]): AttackContext {
  const hit = byArray.get(tags);
  if (hit !== undefined) return hit;
  const key = [...new Set(tags.map((t) => t.trim().toLowerCase()))].sort().join('\n');
  let context = byKey.get(key);
  if (context === undefined) {
    if (byKey.size >= MAX_CACHED_TAG_LISTS) byKey.clear();
    context = buildContext(tags);
    byKey.set(key, context);
  }
  byArray.set(tags, context);
  return context;
}
