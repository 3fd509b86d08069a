/**
 * The shape of the ATT&CK graph around T1569: node and edge types and the facts each may carry.
 * Only facts live here (ids, names, relations, platforms, log-source names, EventCodes); no
 * ATT&CK description or procedure text and no control discussion text.
 */

/** Node types of the graph, as the corpus names them. */
export const NODE_TYPES = [
  'technique',
  'subtechnique',
  'tactic',
  'mitigation',
  'detection-strategy',
  'analytic',
  'data-component',
  'data-source',
  'control',
  'group',
  'software',
  'campaign',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** Edge types; every edge points `from` → `to` in the direction the comment gives. */
export const EDGE_TYPES = [
  'subtechnique-of', // sub-technique → parent technique
  'belongs-to-tactic', // technique → tactic
  'mitigates', // mitigation → technique
  'detects', // detection strategy or data component → technique
  'analytic-of', // analytic → detection strategy
  'uses-data-component', // analytic → data component, with the log source
  'component-of', // data component → data source (ATT&CK v17.1 grouping)
  'mapped-control', // NIST SP 800-53 rev5 control → technique (CTID mapping, type "mitigates")
  'related-to', // technique → technique
  'uses', // group, software or campaign → technique
] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

/**
 * Where an edge comes from when it is not an ATT&CK v18 relationship object: `v18-derived`
 * data-component detections are computed from analytics' log sources, `v17.1-legacy` ones are the
 * old relationship objects, `attack-description-link` is a link inside an ATT&CK description and
 * `curated` is the corpus author's judgement, not ATT&CK data.
 */
export type EdgeProvenance = 'v18-derived' | 'v17.1-legacy' | 'attack-description-link' | 'curated';
export const EDGE_PROVENANCES = [
  'v18-derived',
  'v17.1-legacy',
  'attack-description-link',
  'curated',
] as const satisfies readonly EdgeProvenance[];

/** One node: fields beyond id, type and name appear only on the node types that have them. */
export interface AttackNode {
  readonly id: string;
  readonly type: NodeType;
  readonly name: string;
  readonly url?: string;
  readonly platforms?: readonly string[];
  /** Techniques: kill-chain phase short names (`execution`, `privilege-escalation`). */
  readonly tactics?: readonly string[];
  /** Techniques: false for context-only neighbours whose own links were not followed. */
  readonly expanded?: boolean;
  /** Tactics: the short name used in kill chains and Sigma tags (`lateral-movement`). */
  readonly shortname?: string;
  /** Controls: the SP 800-53 family id (`CM`) and its title (`Configuration Management`). */
  readonly family?: string;
  readonly familyName?: string;
  /** Data sources: ATT&CK v18 deprecated them (kept for the v17.1 grouping of data components). */
  readonly deprecated?: boolean;
}

/** One edge; analytic → data-component edges carry the log source and its EventCodes. */
export interface AttackEdge {
  readonly type: EdgeType;
  readonly from: string;
  readonly to: string;
  readonly provenance?: EdgeProvenance;
  /** `v18-derived` detections: the `DETxxxx/ANxxxx` paths they were computed from. */
  readonly via?: readonly string[];
  /** `uses-data-component`: the log source name (`WinEventLog:Security`, `auditd:SYSCALL`). */
  readonly logSource?: string;
  /** `uses-data-component`: the Windows EventCodes, when the analytic names some. */
  readonly eventCodes?: readonly number[];
}
