/**
 * Generates `src/attack/generated/attack-graph.ts` from the corpus's `t1569-graph.json`: node ids,
 * types, names, short URLs, platforms; typed edges; control titles and families; analytics' log
 * sources and EventCodes. Every description, note and discussion text is dropped, and the output is
 * sorted and formatted so that a re-run gives a byte-identical file.
 *
 *   npm run generate:attack [-- path/to/t1569-graph.json]
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { compareIds } from '../src/attack/compare-ids.js';
import {
  EDGE_PROVENANCES,
  EDGE_TYPES,
  NODE_TYPES,
  type AttackEdge,
  type AttackNode,
  type EdgeProvenance,
  type EdgeType,
  type NodeType,
} from '../src/attack/graph-schema.js';

/** The default input, relative to the repository root. */
export const DEFAULT_INPUT = '../shared/corpus/attack/t1569-graph.json';
/** The generated file, relative to the repository root. */
export const OUTPUT_FILE = 'src/attack/generated/attack-graph.ts';
/** Longer URLs are dropped: the table keeps facts compactly, and every ATT&CK page URL is shorter. */
const MAX_URL_CHARS = 100;
/** Header comment lines are wrapped at this width. */
const COMMENT_WIDTH = 100;

type Json = Readonly<Record<string, unknown>>;
type NodeField = 'url' | 'platforms' | 'tactics' | 'expanded' | 'shortname' | 'family' | 'familyName' | 'deprecated';
type EdgeField = 'provenance' | 'via' | 'logSource' | 'eventCodes';

/** Which optional facts each node type keeps (key in the corpus → key in the table). */
const NODE_FIELDS: Readonly<Record<NodeType, readonly NodeField[]>> = {
  technique: ['url', 'platforms', 'tactics', 'expanded'],
  subtechnique: ['url', 'platforms', 'tactics', 'expanded'],
  tactic: ['url', 'shortname'],
  mitigation: ['url'],
  'detection-strategy': ['url'],
  analytic: ['url', 'platforms'],
  'data-component': ['url'],
  'data-source': ['url', 'platforms', 'deprecated'],
  control: ['family', 'familyName'],
  group: ['url'],
  software: ['url', 'platforms'],
  campaign: ['url'],
};
const CORPUS_KEY: Readonly<Record<NodeField | EdgeField, string>> = {
  url: 'url',
  platforms: 'platforms',
  tactics: 'tactics',
  expanded: 'expanded',
  shortname: 'shortname',
  family: 'family',
  familyName: 'family_name',
  deprecated: 'deprecated',
  provenance: 'provenance',
  via: 'via',
  logSource: 'log_source',
  eventCodes: 'channel',
};

/** Which optional facts each edge type keeps; `uses` keeps only its ends, never procedure text. */
const EDGE_FIELDS: Readonly<Record<EdgeType, readonly EdgeField[]>> = {
  'subtechnique-of': [],
  'belongs-to-tactic': [],
  mitigates: [],
  detects: ['provenance', 'via'],
  'analytic-of': [],
  'uses-data-component': ['logSource', 'eventCodes'],
  'component-of': ['provenance'],
  'mapped-control': [],
  'related-to': ['provenance'],
  uses: [],
};

function record(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where}: not an object`);
  return value as Json;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${where}: not a non-empty string`);
  return value;
}

function texts(value: unknown, where: string): readonly string[] {
  if (!Array.isArray(value)) throw new Error(`${where}: not a list`);
  return value.map((item, i) => text(item, `${where}[${i}]`));
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  if (!allowed.includes(value as T)) throw new Error(`${where}: unknown value ${JSON.stringify(value)}`);
  return value as T;
}

/** `EventCode=13, 14` → [13, 14]; any other channel is ATT&CK prose and is dropped. */
function eventCodes(channel: unknown): readonly number[] | undefined {
  const match = typeof channel === 'string' ? /^EventCode=(\d+(?:,\s*\d+)*)$/.exec(channel) : null;
  return match?.[1]?.split(',').map((code) => Number(code.trim()));
}

function boolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new Error(`${where}: not a boolean`);
  return value;
}

const NODE_READERS: Readonly<Record<NodeField, (value: unknown, where: string) => unknown>> = {
  url: (value, where) => (text(value, where).length <= MAX_URL_CHARS ? value : undefined),
  platforms: texts,
  tactics: texts,
  expanded: boolean,
  deprecated: boolean,
  shortname: text,
  family: text,
  familyName: text,
};

const EDGE_READERS: Readonly<Record<EdgeField, (value: unknown, where: string) => unknown>> = {
  provenance: (value, where) => oneOf<EdgeProvenance>(value, EDGE_PROVENANCES, where),
  via: texts,
  logSource: text,
  eventCodes: eventCodes,
};

function readNode(value: unknown, where: string): AttackNode {
  const raw = record(value, where);
  const type = oneOf<NodeType>(raw['type'], NODE_TYPES, `${where}.type`);
  const node: Record<string, unknown> = { id: text(raw['id'], `${where}.id`), type, name: text(raw['name'], where) };
  for (const field of NODE_FIELDS[type]) {
    const source = raw[CORPUS_KEY[field]];
    const kept = source === undefined ? undefined : NODE_READERS[field](source, `${where}.${CORPUS_KEY[field]}`);
    if (kept !== undefined) node[field] = kept;
  }
  return node as unknown as AttackNode;
}

function readEdge(value: unknown, where: string, ids: ReadonlySet<string>): AttackEdge {
  const raw = record(value, where);
  const type = oneOf<EdgeType>(raw['type'], EDGE_TYPES, `${where}.type`);
  const edge: Record<string, unknown> = { type, from: text(raw['from'], where), to: text(raw['to'], where) };
  for (const end of ['from', 'to'] as const) {
    if (!ids.has(edge[end] as string)) throw new Error(`${where}.${end}: no node ${String(edge[end])}`);
  }
  for (const field of EDGE_FIELDS[type]) {
    const source = raw[CORPUS_KEY[field]];
    const kept = source === undefined ? undefined : EDGE_READERS[field](source, `${where}.${CORPUS_KEY[field]}`);
    if (kept !== undefined) edge[field] = kept;
  }
  return edge as unknown as AttackEdge;
}

const provenanceRank = (edge: AttackEdge): number =>
  edge.provenance === undefined ? -1 : EDGE_PROVENANCES.indexOf(edge.provenance);

function compareEdges(a: AttackEdge, b: AttackEdge): number {
  return (
    EDGE_TYPES.indexOf(a.type) - EDGE_TYPES.indexOf(b.type) ||
    compareIds(a.from, b.from) ||
    compareIds(a.to, b.to) ||
    provenanceRank(a) - provenanceRank(b) ||
    (a.logSource ?? '').localeCompare(b.logSource ?? '', 'en')
  );
}

function wrap(line: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(/\s+/)) {
    if (current !== '' && current.length + 1 + word.length > COMMENT_WIDTH) {
      lines.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') lines.push(current);
  return lines;
}

function header(source: Json, inputName: string, sha256: string): string {
  const repos = (source['repos'] as readonly Json[] | undefined) ?? [];
  const commitOf = (repo: string): string => String(repos.find((r) => r['repo'] === repo)?.['commit'] ?? '?');
  const paragraphs = [
    `GENERATED FILE, do not edit: run \`npm run generate:attack\` (scripts/generate-attack-graph.ts).`,
    `From ${inputName} (sha256 ${sha256}), the svchunt test corpus: Enterprise ATT&CK ` +
      `v${String(source['attack_version'])} (mitre/cti ${commitOf('mitre/cti')}, modified ` +
      `${String(source['attack_modified_date'])}); NIST SP 800-53 rev5 mappings from CTID Mappings Explorer ` +
      `(${commitOf('center-for-threat-informed-defense/mappings-explorer')}, on ATT&CK ` +
      `${String(repos.find((r) => r['mapping_attack_version'] !== undefined)?.['mapping_attack_version'])}).`,
    'Facts only: ids, names, relations, platforms, URLs, control titles, log-source names and EventCodes. ' +
      'No ATT&CK description or procedure text and no control discussion text.',
    String(source['copyright']),
    // The corpus points at its own SOURCE.md for the disclaimers; this repository points at MITRE's file.
    String(source['attack_license_text']).replace(
      /\s*\(Disclaimers:[^)]*\)\s*$/,
      ' Disclaimers: mitre/cti LICENSE.txt.',
    ),
    String(source['ctid_notice']),
  ];
  const body = paragraphs
    .map((p) =>
      wrap(p)
        .map((l) => ` * ${l}`)
        .join('\n'),
    )
    .join('\n *\n');
  return `/*\n${body}\n */\n`;
}

/** A TypeScript literal on one line, in the repository's quote style (Prettier leaves the tables alone). */
function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  const entries = Object.entries(record(value, 'literal')).map(([key, v]) => `${key}: ${literal(v)}`);
  return `{ ${entries.join(', ')} }`;
}

/** One entry per line: a compact table that diffs well when ATT&CK changes. */
function table(rows: readonly object[]): string {
  return `[\n${rows.map((row) => `  ${literal(row)},`).join('\n')}\n]`;
}

/** Turns the corpus JSON into the generated module's text, formatted with the repository's Prettier settings. */
export async function renderAttackGraph(input: Buffer, inputName: string, outputPath: string): Promise<string> {
  const corpus = record(JSON.parse(input.toString('utf8')) as unknown, inputName);
  const source = record(corpus['source'], 'source');
  const rawNodes = corpus['nodes'];
  const rawEdges = corpus['edges'];
  if (!Array.isArray(rawNodes) || !Array.isArray(rawEdges)) throw new Error(`${inputName}: no nodes or edges list`);
  const nodes = rawNodes.map((n, i) => readNode(n, `nodes[${i}]`));
  const ids = new Set(nodes.map((n) => n.id));
  if (ids.size !== nodes.length) throw new Error(`${inputName}: duplicate node ids`);
  const edges = rawEdges.map((e, i) => readEdge(e, `edges[${i}]`, ids));
  nodes.sort((a, b) => compareIds(a.id, b.id));
  edges.sort(compareEdges);
  const sha256 = createHash('sha256').update(input).digest('hex');
  const facts = {
    attackVersion: text(source['attack_version'], 'source.attack_version'),
    attackDomain: text(source['attack_domain'], 'source.attack_domain'),
    attackModified: text(source['attack_modified_date'], 'source.attack_modified_date'),
    inputSha256: sha256,
    coreTechniques: texts(source['scope_core_techniques'], 'source.scope_core_techniques'),
  };
  const code = [
    header(source, inputName, sha256),
    "import type { AttackEdge, AttackNode } from '../graph-schema.js';",
    '/** Which ATT&CK release the table holds, and the techniques the corpus expanded (the rest is context). */\n' +
      `export const ATTACK_GRAPH_SOURCE = ${literal(facts)} as const;`,
    '/** Every node, sorted by id. */\n// prettier-ignore\n' +
      `export const ATTACK_NODES = ${table(nodes)} as const satisfies readonly AttackNode[];`,
    '/** Every edge, sorted by type, from and to. */\n// prettier-ignore\n' +
      `export const ATTACK_EDGES = ${table(edges)} as const satisfies readonly AttackEdge[];`,
  ].join('\n\n');
  const options = (await resolveConfig(outputPath)) ?? {};
  return format(code, { ...options, filepath: outputPath });
}

function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the svchunt repository root');
    dir = parent;
  }
  return dir;
}

async function main(argv: readonly string[]): Promise<void> {
  const root = repositoryRoot();
  const inputPath = argv[0] === undefined ? resolve(root, DEFAULT_INPUT) : resolve(argv[0]);
  const outputPath = join(root, OUTPUT_FILE);
  if (!existsSync(inputPath)) {
    process.stderr.write(`generate-attack-graph: no corpus graph at ${inputPath}; pass its path as the argument\n`);
    process.exitCode = 1;
    return;
  }
  const output = await renderAttackGraph(readFileSync(inputPath), basename(inputPath), outputPath);
  writeFileSync(outputPath, output);
  process.stdout.write(`wrote ${OUTPUT_FILE} from ${inputPath}\n`);
}

const invoked = process.argv[1];
if (invoked !== undefined && resolve(invoked) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
