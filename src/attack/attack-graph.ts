/**
 * The ATT&CK graph as an index over the generated table: nodes by id and, for every node, the
 * edges at either end with the node on the other side. Built once, on first use.
 */
import { compareIds } from './compare-ids.js';
import { ATTACK_EDGES, ATTACK_NODES } from './generated/attack-graph.js';
import { EDGE_PROVENANCES, EDGE_TYPES, type AttackEdge, type AttackNode, type EdgeType } from './graph-schema.js';

/** An edge seen from one of its ends: `out` when that end is the edge's `from`. */
export interface Neighbour {
  readonly edge: AttackEdge;
  readonly direction: 'out' | 'in';
  readonly node: AttackNode;
}

interface GraphIndex {
  readonly nodes: ReadonlyMap<string, AttackNode>;
  readonly neighbours: ReadonlyMap<string, readonly Neighbour[]>;
}

let built: GraphIndex | undefined;

function graphIndex(): GraphIndex {
  if (built !== undefined) return built;
  const nodes = new Map<string, AttackNode>(ATTACK_NODES.map((n: AttackNode) => [n.id, n]));
  const neighbours = new Map<string, Neighbour[]>();
  const add = (at: string, neighbour: Neighbour): void => {
    const list = neighbours.get(at);
    if (list === undefined) neighbours.set(at, [neighbour]);
    else list.push(neighbour);
  };
  for (const edge of ATTACK_EDGES as readonly AttackEdge[]) {
    const from = nodes.get(edge.from);
    const to = nodes.get(edge.to);
    // The generator checks both ends; a miss here means the table was edited by hand.
    if (from === undefined || to === undefined) throw new Error(`attack graph: dangling edge ${edge.from}→${edge.to}`);
    add(edge.from, { edge, direction: 'out', node: to });
    add(edge.to, { edge, direction: 'in', node: from });
  }
  for (const list of neighbours.values()) list.sort(compareNeighbours);
  built = { nodes, neighbours };
  return built;
}

const provenanceRank = (edge: AttackEdge): number =>
  edge.provenance === undefined ? -1 : EDGE_PROVENANCES.indexOf(edge.provenance);

function compareNeighbours(a: Neighbour, b: Neighbour): number {
  return (
    EDGE_TYPES.indexOf(a.edge.type) - EDGE_TYPES.indexOf(b.edge.type) ||
    (a.direction === b.direction ? 0 : a.direction === 'out' ? -1 : 1) ||
    provenanceRank(a.edge) - provenanceRank(b.edge) ||
    compareIds(a.node.id, b.node.id)
  );
}

/**
 * The canonical form of an id as a user may type it: upper case, and SP 800-53 control numbers
 * without CTID's leading zero (`cm-07` → `CM-7`).
 */
export function canonicalAttackId(text: string): string {
  return text
    .trim()
    .toUpperCase()
    .replace(/^([A-Z]{2})-0*(\d)/, '$1-$2');
}

/** The node with this id (any case; `CM-07` finds `CM-7`), or undefined when the graph has none. */
export function attackNode(id: string): AttackNode | undefined {
  return graphIndex().nodes.get(canonicalAttackId(id));
}

/** The technique or sub-technique with this id (`T1569.002`, any case), or undefined. */
export function techniqueNode(id: string): AttackNode | undefined {
  const node = attackNode(id);
  return node?.type === 'technique' || node?.type === 'subtechnique' ? node : undefined;
}

/**
 * The nodes linked to `id`, with the edge and its direction, optionally of one edge type; sorted by
 * edge type, direction (outgoing first), provenance and neighbour id. Empty for an unknown id.
 */
export function neighbours(id: string, edgeType?: EdgeType): readonly Neighbour[] {
  const all = graphIndex().neighbours.get(canonicalAttackId(id)) ?? [];
  return edgeType === undefined ? all : all.filter((n) => n.edge.type === edgeType);
}
