/**
 * The T1569 neighbourhood svchunt hunts in: the techniques the corpus expanded (T1569 and its
 * sub-techniques, the T1543 family, T1021.002, T1570) as a tree of parents and sub-techniques,
 * with their tactics, platforms and the related-to links between them.
 */
import { attackNode, neighbours } from './attack-graph.js';
import { ATTACK_EDGES, ATTACK_GRAPH_SOURCE } from './generated/attack-graph.js';
import type { AttackEdge, AttackNode, EdgeProvenance } from './graph-schema.js';
import { techniqueProfile, type AttackRef } from './technique-profile.js';

/** One technique of the family; a root whose parent is outside the family names that parent. */
export interface FamilyTechnique {
  readonly id: string;
  readonly name: string;
  readonly platforms: readonly string[];
  readonly tactics: readonly AttackRef[];
  readonly parent?: AttackRef;
  readonly subtechniques: readonly FamilyTechnique[];
  /** `related-to` links to other family members, with where each comes from. */
  readonly related: readonly { readonly id: string; readonly provenance: EdgeProvenance | undefined }[];
}

const CORE: ReadonlySet<string> = new Set(ATTACK_GRAPH_SOURCE.coreTechniques);

function known(id: string): AttackNode {
  const node = attackNode(id);
  if (node === undefined) throw new Error(`attack graph: core technique ${id} has no node`);
  return node;
}

function parentOf(id: string): AttackNode | undefined {
  return neighbours(id, 'subtechnique-of').find((n) => n.direction === 'out')?.node;
}

function member(id: string): FamilyTechnique {
  const node = known(id);
  const parent = parentOf(id);
  const subtechniques = neighbours(id, 'subtechnique-of')
    .filter((n) => n.direction === 'in' && CORE.has(n.node.id))
    .map((n) => member(n.node.id));
  const related = neighbours(id, 'related-to')
    .filter((n) => n.direction === 'out' && CORE.has(n.node.id))
    .map((n) => ({ id: n.node.id, provenance: n.edge.provenance }));
  return {
    id,
    name: node.name,
    platforms: node.platforms ?? [],
    tactics: techniqueProfile(id)?.tactics ?? [],
    ...(parent !== undefined && !CORE.has(parent.id) ? { parent: { id: parent.id, name: parent.name } } : {}),
    subtechniques,
    related,
  };
}

/** The family as trees, roots in the corpus's order (T1569 first). */
export function t1569Family(): readonly FamilyTechnique[] {
  return ATTACK_GRAPH_SOURCE.coreTechniques
    .filter((id) => {
      const parent = parentOf(id);
      return parent === undefined || !CORE.has(parent.id);
    })
    .map(member);
}

/** The family's nodes (with out-of-family parents and the tactics) and the edges among them. */
export function t1569FamilySubgraph(): {
  readonly nodes: readonly AttackNode[];
  readonly edges: readonly AttackEdge[];
} {
  const ids = new Set<string>(CORE);
  for (const id of CORE) {
    const parent = parentOf(id);
    if (parent !== undefined) ids.add(parent.id);
    for (const tactic of neighbours(id, 'belongs-to-tactic')) ids.add(tactic.node.id);
  }
  const edges = (ATTACK_EDGES as readonly AttackEdge[]).filter(
    (e) =>
      (e.type === 'subtechnique-of' || e.type === 'belongs-to-tactic' || e.type === 'related-to') &&
      ids.has(e.from) &&
      ids.has(e.to),
  );
  return { nodes: [...ids].map(known), edges };
}
