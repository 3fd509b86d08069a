/**
 * A Graphviz DOT drawing of part of the graph: one shape and colour per node type, edges labelled
 * with their type (and provenance where it matters). Deterministic: nodes by id, edges in order.
 */
import { compareIds } from './compare-ids.js';
import type { AttackEdge, AttackNode, NodeType } from './graph-schema.js';

const NODE_STYLE: Readonly<Record<NodeType, string>> = {
  technique: 'shape=box, style="filled,bold", fillcolor="#f4cccc"',
  subtechnique: 'shape=box, style=filled, fillcolor="#fce5cd"',
  tactic: 'shape=hexagon, style=filled, fillcolor="#d9ead3"',
  mitigation: 'shape=note, style=filled, fillcolor="#cfe2f3"',
  'detection-strategy': 'shape=component, style=filled, fillcolor="#fff2cc"',
  analytic: 'shape=component, style=filled, fillcolor="#fffbe6"',
  'data-component': 'shape=cylinder, style=filled, fillcolor="#ead1dc"',
  'data-source': 'shape=folder, style=filled, fillcolor="#f3e6ee"',
  control: 'shape=note, style=filled, fillcolor="#d0e0e3"',
  group: 'shape=ellipse, style=filled, fillcolor="#eeeeee"',
  software: 'shape=ellipse, style=filled, fillcolor="#f6f6f6"',
  campaign: 'shape=ellipse, style=dashed',
};

/**
 * A double-quoted DOT string of lines: backslashes and quotes escaped, lines joined by DOT's own
 * `\n` escape (a centred line break), never by a raw newline.
 */
const quote = (...lines: readonly string[]): string =>
  `"${lines.map((line) => line.replace(/[\\"]/g, (c) => `\\${c}`)).join('\\n')}"`;

/** The drawing as DOT text, titled `title`. */
export function graphToDot(
  title: string,
  subgraph: { readonly nodes: readonly AttackNode[]; readonly edges: readonly AttackEdge[] },
): string {
  const lines = [
    `digraph ${quote(title)} {`,
    '  rankdir=LR;',
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=8];',
  ];
  for (const node of [...subgraph.nodes].sort((a, b) => compareIds(a.id, b.id))) {
    lines.push(`  ${quote(node.id)} [label=${quote(node.id, node.name)}, ${NODE_STYLE[node.type]}];`);
  }
  for (const edge of subgraph.edges) {
    const label = edge.provenance === undefined ? quote(edge.type) : quote(edge.type, edge.provenance);
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [label=${label}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
