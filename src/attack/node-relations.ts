/**
 * A node and its neighbours grouped by relation, for browsing (`svchunt graph ID`, the web UI):
 * one group per edge type, direction and provenance, labelled from one table.
 */
import { attackNode, neighbours } from './attack-graph.js';
import type { AttackEdge, AttackNode, EdgeProvenance, EdgeType } from './graph-schema.js';

type RelationKey = `${EdgeType}:${'out' | 'in'}`;

/** How a relation reads from the node being shown; every edge type has both directions. */
const RELATION_LABELS: Readonly<Record<RelationKey, string>> = {
  'subtechnique-of:out': 'sub-technique of',
  'subtechnique-of:in': 'sub-techniques',
  'belongs-to-tactic:out': 'tactics',
  'belongs-to-tactic:in': 'techniques in this tactic',
  'mitigates:out': 'mitigates',
  'mitigates:in': 'mitigations',
  'detects:out': 'detects',
  'detects:in': 'detection strategies',
  'analytic-of:out': 'analytic of detection strategy',
  'analytic-of:in': 'analytics',
  'uses-data-component:out': 'data components read (log source, EventCodes)',
  'uses-data-component:in': 'analytics reading it (log source, EventCodes)',
  'component-of:out': 'data source (ATT&CK v17.1 grouping)',
  'component-of:in': 'data components (ATT&CK v17.1 grouping)',
  'mapped-control:out': 'mitigates (NIST SP 800-53 rev5 mapping)',
  'mapped-control:in': 'NIST SP 800-53 rev5 controls',
  'related-to:out': 'related to',
  'related-to:in': 'linked from',
  'uses:out': 'uses',
  'uses:in': 'used by (groups, software, campaigns)',
};

/** Where provenance changes what a relation means, a label of its own. */
const PROVENANCE_LABELS: Readonly<Partial<Record<`${RelationKey}:${EdgeProvenance}`, string>>> = {
  'detects:in:v18-derived': 'data components (ATT&CK v18, from analytics)',
  'detects:in:v17.1-legacy': 'data components (ATT&CK v17.1 legacy links)',
  'detects:out:v18-derived': 'detects (ATT&CK v18, from analytics)',
  'detects:out:v17.1-legacy': 'detects (ATT&CK v17.1 legacy links)',
  'component-of:out:v17.1-legacy': 'data source (ATT&CK v17.1 grouping)',
  'component-of:in:v17.1-legacy': 'data components (ATT&CK v17.1 grouping)',
  'related-to:out:attack-description-link': 'related to (linked in its ATT&CK description)',
  'related-to:in:attack-description-link': 'linked from (ATT&CK descriptions)',
  'related-to:out:curated': 'related to (curated by the corpus author, not ATT&CK data)',
  'related-to:in:curated': 'linked from (curated by the corpus author, not ATT&CK data)',
};

/** One neighbour in a group, with the facts its edge carries. */
export interface RelationMember {
  readonly id: string;
  readonly type: AttackNode['type'];
  readonly name: string;
  readonly logSource?: string;
  readonly eventCodes?: readonly number[];
  readonly via?: readonly string[];
}

/** Neighbours linked the same way. */
export interface RelationGroup {
  readonly label: string;
  readonly edgeType: EdgeType;
  readonly direction: 'out' | 'in';
  readonly provenance?: EdgeProvenance;
  readonly members: readonly RelationMember[];
}

function labelOf(edge: AttackEdge, direction: 'out' | 'in'): string {
  const key: RelationKey = `${edge.type}:${direction}`;
  if (edge.provenance === undefined) return RELATION_LABELS[key];
  return PROVENANCE_LABELS[`${key}:${edge.provenance}`] ?? `${RELATION_LABELS[key]} (${edge.provenance})`;
}

function memberOf(node: AttackNode, edge: AttackEdge): RelationMember {
  return {
    id: node.id,
    type: node.type,
    name: node.name,
    ...(edge.logSource !== undefined ? { logSource: edge.logSource } : {}),
    ...(edge.eventCodes !== undefined ? { eventCodes: edge.eventCodes } : {}),
    ...(edge.via !== undefined ? { via: edge.via } : {}),
  };
}

/** The node with this id and its neighbours by relation, or undefined for an id the graph lacks. */
export function nodeRelations(
  id: string,
): { readonly node: AttackNode; readonly relations: readonly RelationGroup[] } | undefined {
  const node = attackNode(id);
  if (node === undefined) return undefined;
  const groups = new Map<string, { group: Omit<RelationGroup, 'members'>; members: RelationMember[] }>();
  // neighbours() comes sorted by edge type, direction and provenance, so groups come out in that order.
  for (const { edge, direction, node: other } of neighbours(node.id)) {
    const label = labelOf(edge, direction);
    let entry = groups.get(label);
    if (entry === undefined) {
      const group = {
        label,
        edgeType: edge.type,
        direction,
        ...(edge.provenance ? { provenance: edge.provenance } : {}),
      };
      entry = { group, members: [] };
      groups.set(label, entry);
    }
    entry.members.push(memberOf(other, edge));
  }
  return { node, relations: [...groups.values()].map(({ group, members }) => ({ ...group, members })) };
}

/** The node and its direct neighbours with the edges between them, for a drawing. */
export function nodeSubgraph(
  id: string,
): { readonly nodes: readonly AttackNode[]; readonly edges: readonly AttackEdge[] } | undefined {
  const node = attackNode(id);
  if (node === undefined) return undefined;
  const around = neighbours(node.id);
  const nodes = new Map<string, AttackNode>([[node.id, node], ...around.map((n) => [n.node.id, n.node] as const)]);
  return { nodes: [...nodes.values()], edges: around.map((n) => n.edge) };
}
