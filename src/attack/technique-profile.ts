/**
 * What the graph links to one technique, precomputed for every technique on first use: tactics,
 * mitigations, data components (ATT&CK v18, derived from analytics) and SP 800-53 controls. A
 * sub-technique with none of a kind takes its parent's, each entry marked `inheritedFrom`.
 */
import { attackNode, neighbours } from './attack-graph.js';
import { compareIds } from './compare-ids.js';
import { tacticByShortname } from './enterprise-tactics.js';
import { ATTACK_NODES } from './generated/attack-graph.js';
import type { AttackNode } from './graph-schema.js';

/** One linked node as a finding carries it; `inheritedFrom` names the parent technique it came from. */
export interface AttackRef {
  readonly id: string;
  readonly name: string;
  readonly inheritedFrom?: string;
}

/** The kinds of knowledge a technique carries into a finding. */
export const PROFILE_KINDS = ['tactics', 'mitigations', 'dataComponents', 'controls'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

/** A technique's own links, or its parent's where it has none of a kind. */
export interface TechniqueProfile {
  readonly id: string;
  readonly tactics: readonly AttackRef[];
  readonly mitigations: readonly AttackRef[];
  readonly dataComponents: readonly AttackRef[];
  readonly controls: readonly AttackRef[];
}

const ref = (node: AttackNode): AttackRef => Object.freeze({ id: node.id, name: node.name });

/**
 * Tactics come from `belongs-to-tactic` edges; a context-only technique without them falls back to
 * its kill-chain phase names.
 */
function ownTactics(technique: AttackNode): readonly AttackRef[] {
  const linked = neighbours(technique.id, 'belongs-to-tactic').map((n) => ref(n.node));
  if (linked.length > 0) return linked;
  return (technique.tactics ?? []).flatMap((shortname) => tacticByShortname(shortname) ?? []);
}

/** How to read each kind straight off the graph. */
const OWN_LINKS: Readonly<Record<ProfileKind, (technique: AttackNode) => readonly AttackRef[]>> = {
  tactics: ownTactics,
  mitigations: (t) => neighbours(t.id, 'mitigates').map((n) => ref(n.node)),
  // ATT&CK v18 models detection through analytics; the v17.1 data-component links are legacy.
  dataComponents: (t) =>
    neighbours(t.id, 'detects')
      .filter((n) => n.node.type === 'data-component' && n.edge.provenance === 'v18-derived')
      .map((n) => ref(n.node)),
  controls: (t) => neighbours(t.id, 'mapped-control').map((n) => ref(n.node)),
};

function sortedUnique(refs: readonly AttackRef[]): readonly AttackRef[] {
  const byId = new Map(refs.map((r) => [r.id, r]));
  return Object.freeze([...byId.values()].sort((a, b) => compareIds(a.id, b.id)));
}

function profileOf(id: string, pick: (kind: ProfileKind) => readonly AttackRef[]): TechniqueProfile {
  return Object.freeze({
    id,
    tactics: pick('tactics'),
    mitigations: pick('mitigations'),
    dataComponents: pick('dataComponents'),
    controls: pick('controls'),
  });
}

const inherited = (parent: TechniqueProfile, kind: ProfileKind): readonly AttackRef[] =>
  Object.freeze(parent[kind].map((r) => Object.freeze({ id: r.id, name: r.name, inheritedFrom: parent.id })));

function withInheritance(own: TechniqueProfile, parent: TechniqueProfile | undefined): TechniqueProfile {
  if (parent === undefined) return own;
  return profileOf(own.id, (kind) =>
    own[kind].length > 0 || parent[kind].length === 0 ? own[kind] : inherited(parent, kind),
  );
}

let profiles: ReadonlyMap<string, TechniqueProfile> | undefined;

function buildProfiles(): ReadonlyMap<string, TechniqueProfile> {
  const techniques = (ATTACK_NODES as readonly AttackNode[]).filter(
    (n) => n.type === 'technique' || n.type === 'subtechnique',
  );
  const own = new Map(techniques.map((t) => [t.id, profileOf(t.id, (kind) => sortedUnique(OWN_LINKS[kind](t)))]));
  const result = new Map<string, TechniqueProfile>();
  for (const [id, profile] of own) {
    const parentId = neighbours(id, 'subtechnique-of').find((n) => n.direction === 'out')?.node.id;
    result.set(id, withInheritance(profile, parentId === undefined ? undefined : own.get(parentId)));
  }
  return result;
}

/** The profile of a technique or sub-technique in the graph (`T1569.002`), or undefined. */
export function techniqueProfile(id: string): TechniqueProfile | undefined {
  profiles ??= buildProfiles();
  const node = attackNode(id);
  return node === undefined ? undefined : profiles.get(node.id);
}
