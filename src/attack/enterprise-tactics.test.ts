import { describe, expect, it } from 'vitest';
import { tacticById, tacticByShortname } from './enterprise-tactics.js';
import { ATTACK_NODES } from './generated/attack-graph.js';
import type { AttackNode } from './graph-schema.js';

describe('enterprise tactics', () => {
  it('agree with every tactic node of the generated graph on id, name and short name', () => {
    const tactics = (ATTACK_NODES as readonly AttackNode[]).filter((n) => n.type === 'tactic');
    expect(tactics.length).toBeGreaterThan(0);
    for (const node of tactics) {
      expect(tacticByShortname(node.shortname ?? '')).toEqual({ id: node.id, name: node.name });
      expect(tacticById(node.id)).toEqual({ id: node.id, name: node.name });
    }
  });

  it('know every kill-chain phase the graph names on a technique', () => {
    const phases = new Set((ATTACK_NODES as readonly AttackNode[]).flatMap((n) => n.tactics ?? []));
    for (const phase of phases) expect(tacticByShortname(phase), phase).toBeDefined();
  });

  it('resolve the v19 names Sigma rules already use, each tactic under one name whatever tag named it', () => {
    expect(tacticByShortname('stealth')).toBe(tacticByShortname('defense-evasion'));
    expect(tacticByShortname('stealth')).toEqual({ id: 'TA0005', name: 'Defense Evasion' });
    expect(tacticByShortname('defense_impairment')).toEqual({ id: 'TA0112', name: 'Defense Impairment' });
    expect(tacticById('ta0112')).toBe(tacticByShortname('defense-impairment'));
    expect(Object.isFrozen(tacticById('TA0002'))).toBe(true);
  });
});
