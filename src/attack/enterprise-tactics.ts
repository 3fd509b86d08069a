/**
 * Enterprise ATT&CK tactics by id and short name, for Sigma tactic tags (`attack.execution`,
 * `attack.privilege_escalation`) whose tactic the T1569 graph does not hold. Hand-kept facts:
 * `enterprise-tactics.test.ts` checks them against the generated graph's tactic nodes.
 */

/** A tactic as a finding shows it. */
export interface TacticRef {
  readonly id: string;
  readonly name: string;
}

interface TacticEntry extends TacticRef {
  readonly shortname: string;
}

/** ATT&CK v18 Enterprise tactics, in matrix order. */
const ENTERPRISE_TACTICS: readonly TacticEntry[] = [
  { id: 'TA0043', name: 'Reconnaissance', shortname: 'reconnaissance' },
  { id: 'TA0042', name: 'Resource Development', shortname: 'resource-development' },
  { id: 'TA0001', name: 'Initial Access', shortname: 'initial-access' },
  { id: 'TA0002', name: 'Execution', shortname: 'execution' },
  { id: 'TA0003', name: 'Persistence', shortname: 'persistence' },
  { id: 'TA0004', name: 'Privilege Escalation', shortname: 'privilege-escalation' },
  { id: 'TA0005', name: 'Defense Evasion', shortname: 'defense-evasion' },
  { id: 'TA0006', name: 'Credential Access', shortname: 'credential-access' },
  { id: 'TA0007', name: 'Discovery', shortname: 'discovery' },
  { id: 'TA0008', name: 'Lateral Movement', shortname: 'lateral-movement' },
  { id: 'TA0009', name: 'Collection', shortname: 'collection' },
  { id: 'TA0011', name: 'Command and Control', shortname: 'command-and-control' },
  { id: 'TA0010', name: 'Exfiltration', shortname: 'exfiltration' },
  { id: 'TA0040', name: 'Impact', shortname: 'impact' },
];

/**
 * ATT&CK v19 split Defense Evasion: TA0005 was renamed Stealth and Defense Impairment (TA0112) is
 * new. SigmaHQ rules already carry `attack.stealth` and `attack.defense-impairment`, so these tags
 * resolve too. A tactic has one name whatever tag named it (TA0005 keeps its v18 name, as the graph
 * is v18), so a finding's tactics never depend on the order of its rule's tags.
 */
const LATER_TACTICS: readonly TacticEntry[] = [
  { id: 'TA0005', name: 'Defense Evasion', shortname: 'stealth' },
  { id: 'TA0112', name: 'Defense Impairment', shortname: 'defense-impairment' },
];

const ALL_TACTICS = [...ENTERPRISE_TACTICS, ...LATER_TACTICS];
/** Frozen: contexts share these objects, and a consumer must not be able to rename a tactic for all. */
const BY_ID = new Map<string, TacticRef>(
  ALL_TACTICS.map((t): [string, TacticRef] => [t.id, Object.freeze({ id: t.id, name: t.name })]),
);
const BY_SHORTNAME = new Map<string, TacticRef>(ALL_TACTICS.map((t) => [t.shortname, BY_ID.get(t.id)!]));

/** The tactic with this short name; Sigma's underscores count as hyphens (`lateral_movement`). */
export function tacticByShortname(shortname: string): TacticRef | undefined {
  return BY_SHORTNAME.get(shortname.toLowerCase().replaceAll('_', '-'));
}

/** The tactic with this id (`TA0002`, any case; TA0112 of v19 too). */
export function tacticById(id: string): TacticRef | undefined {
  return BY_ID.get(id.toUpperCase());
}
