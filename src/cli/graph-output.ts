/**
 * What `svchunt graph` prints: the T1569 family as a tree, or one node with its neighbours by
 * relation, as text, JSON or Graphviz DOT. Loaded when the command runs (the generated graph is
 * 110 KB of tables no other command needs).
 */
import {
  ATTACK_GRAPH_SOURCE,
  compareIds,
  graphToDot,
  nodeRelations,
  nodeSubgraph,
  t1569Family,
  t1569FamilySubgraph,
  type AttackNode,
  type FamilyTechnique,
  type RelationGroup,
  type RelationMember,
} from '../attack/index.js';
import { EXIT_USAGE } from './exit-codes.js';

/** Relations with many members print several to a line. */
const PACKED_EDGE_TYPES: ReadonlySet<string> = new Set(['uses']);
/** Width of packed lines, in characters. */
const PACKED_WIDTH = 100;

const PROVENANCE_NOTES: Readonly<Record<string, string>> = {
  'attack-description-link': 'linked in the ATT&CK description',
  curated: 'curated by the corpus author, not ATT&CK data',
};

function heading(): string {
  return `ATT&CK ${ATTACK_GRAPH_SOURCE.attackVersion} (${ATTACK_GRAPH_SOURCE.attackDomain}), the techniques around T1569`;
}

function familyRows(members: readonly FamilyTechnique[], indent: string, rows: string[][]): void {
  members.forEach((member, i) => {
    const last = i === members.length - 1;
    const branch = indent === '' ? '' : `${indent}${last ? '└─ ' : '├─ '}`;
    const parent = member.parent === undefined ? '' : `(sub-technique of ${member.parent.id} ${member.parent.name})`;
    rows.push([
      `${branch}${member.id} ${member.name}`,
      member.tactics.map((t) => t.name).join(', '),
      member.platforms.join(', '),
      parent,
    ]);
    familyRows(member.subtechniques, indent === '' ? ' ' : `${indent}${last ? '   ' : '│  '}`, rows);
  });
}

function familyText(): string {
  const family = t1569Family();
  const rows: string[][] = [['technique', 'tactics', 'platforms', '']];
  familyRows(family, '', rows);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  const pad = (text: string, width: number): string => text + ' '.repeat(width - [...text].length);
  const lines = [heading(), ''];
  // The last column (an out-of-family parent) is not padded.
  const line = (row: readonly string[]): string =>
    row.map((cell, c) => (c < widths.length ? pad(cell, widths[c] ?? 0) : cell)).join('  ');
  lines.push(...rows.map((row) => line(row).trimEnd()));
  const members = [...family, ...family.flatMap((f) => f.subtechniques)].sort((a, b) => compareIds(a.id, b.id));
  const links = members.flatMap((member) =>
    member.related.map((r) => `  ${member.id} → ${r.id}  (${PROVENANCE_NOTES[r.provenance ?? ''] ?? 'ATT&CK'})`),
  );
  if (links.length > 0) lines.push('', 'related within the family:', ...links);
  lines.push('', 'svchunt graph ID shows one node and its neighbours, e.g. svchunt graph T1569.002');
  return `${lines.join('\n')}\n`;
}

function memberText(member: RelationMember): string {
  const codes = member.eventCodes === undefined ? '' : ` EventCode ${member.eventCodes.join(', ')}`;
  const source = member.logSource === undefined ? '' : `  [${member.logSource}${codes}]`;
  return `${member.id.padEnd(10)} ${member.name}${source}`;
}

function packed(members: readonly RelationMember[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const member of members) {
    const item = `${member.id} ${member.name}`;
    if (line !== '' && line.length + 2 + item.length > PACKED_WIDTH) {
      lines.push(`  ${line},`);
      line = item;
    } else line = line === '' ? item : `${line}, ${item}`;
  }
  if (line !== '') lines.push(`  ${line}`);
  return lines;
}

function nodeText(node: AttackNode, relations: readonly RelationGroup[]): string {
  const facts = [
    node.type,
    ...(node.deprecated === true ? ['deprecated in ATT&CK'] : []),
    ...(node.platforms !== undefined ? [`platforms: ${node.platforms.join(', ')}`] : []),
    ...(node.familyName !== undefined ? [`family: ${node.family ?? ''} ${node.familyName}`] : []),
    ...(node.expanded === false ? ['context only: its own links were not followed'] : []),
    ...(node.url !== undefined ? [node.url] : []),
  ];
  const lines = [`${node.id} ${node.name}`, `  ${facts.join(' · ')}`];
  for (const group of relations) {
    lines.push('', `${group.label}: ${group.members.length}`);
    if (PACKED_EDGE_TYPES.has(group.edgeType)) lines.push(...packed(group.members));
    else lines.push(...group.members.map((m) => `  ${memberText(m)}`));
  }
  if (relations.length === 0) lines.push('', 'no relations in the graph');
  return `${lines.join('\n')}\n`;
}

/** Prints the graph view of `id` (the T1569 family without one); returns the exit code. */
export function printGraph(id: string | undefined, options: { json?: boolean; dot?: boolean }): number {
  if (id === undefined) {
    if (options.dot === true) process.stdout.write(graphToDot('T1569 family', t1569FamilySubgraph()));
    else if (options.json === true) {
      process.stdout.write(`${JSON.stringify({ attack: ATTACK_GRAPH_SOURCE, family: t1569Family() }, null, 2)}\n`);
    } else process.stdout.write(familyText());
    return 0;
  }
  const found = nodeRelations(id);
  const subgraph = nodeSubgraph(id);
  if (found === undefined || subgraph === undefined) {
    process.stderr.write(
      `svchunt graph: no node ${JSON.stringify(id)} in the ATT&CK graph around T1569 ` +
        `(ATT&CK ${ATTACK_GRAPH_SOURCE.attackVersion}); run "svchunt graph" for the technique family\n`,
    );
    return EXIT_USAGE;
  }
  if (options.dot === true) process.stdout.write(graphToDot(found.node.id, subgraph));
  else if (options.json === true) process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
  else process.stdout.write(nodeText(found.node, found.relations));
  return 0;
}
