import { describe, expect, it } from 'vitest';
import { attackContextForTags } from './attack-context.js';

const ids = (refs: readonly { id: string }[]): string[] => refs.map((r) => r.id);

describe('attackContextForTags', () => {
  it('gives T1569.002 the Execution tactic, its mitigations, data components and NIST controls', () => {
    const context = attackContextForTags(['attack.execution', 'attack.t1569.002']);
    expect(context.techniques).toEqual(['T1569.002']);
    expect(context.tactics).toEqual([{ id: 'TA0002', name: 'Execution' }]);
    expect(ids(context.mitigations)).toEqual(['M1022', 'M1026', 'M1040']);
    expect(context.mitigations[1]).toEqual({ id: 'M1026', name: 'Privileged Account Management' });
    expect(ids(context.dataComponents)).toEqual(['DC0032', 'DC0060', 'DC0063', 'DC0082']);
    expect(context.controls).toContainEqual({ id: 'CM-7', name: 'Least Functionality' });
    expect(ids(context.controls)).toEqual([
      'AC-2',
      'AC-3',
      'AC-5',
      'AC-6',
      'CA-7',
      'CM-2',
      'CM-5',
      'CM-6',
      'CM-7',
      'IA-2',
      'SI-3',
      'SI-4',
      'SI-7',
    ]);
    expect(context.controls.every((c) => c.inheritedFrom === undefined)).toBe(true);
  });

  it('lets T1569.003, which has no NIST mapping, inherit the controls of T1569 and marks them', () => {
    const context = attackContextForTags(['attack.t1569.003']);
    expect(context.techniques).toEqual(['T1569.003']);
    expect(context.controls).toHaveLength(14);
    expect(context.controls).toContainEqual({ id: 'CM-7', name: 'Least Functionality', inheritedFrom: 'T1569' });
    expect(context.controls.every((c) => c.inheritedFrom === 'T1569')).toBe(true);
    // What the sub-technique has itself is not inherited.
    expect(context.mitigations).toEqual([{ id: 'M1018', name: 'User Account Management' }]);
    expect(context.tactics).toEqual([{ id: 'TA0002', name: 'Execution' }]);
  });

  it('never lets a parent technique inherit from its sub-techniques', () => {
    // T1021 is context only in the graph: no mitigations of its own, while T1021.002 has some.
    const context = attackContextForTags(['attack.t1021']);
    expect(context.techniques).toEqual(['T1021']);
    expect(context.mitigations).toEqual([]);
    expect(context.controls).toEqual([]);
    expect(context.tactics).toEqual([{ id: 'TA0008', name: 'Lateral Movement' }]);
  });

  it('does not add the parent technique to the techniques', () => {
    expect(attackContextForTags(['attack.t1569.002']).techniques).toEqual(['T1569.002']);
  });

  it('keeps an entry the technique links itself over the same entry inherited by another tag', () => {
    const context = attackContextForTags(['attack.t1569.003', 'attack.t1569.002']);
    expect(context.techniques).toEqual(['T1569.002', 'T1569.003']);
    expect(context.controls.find((c) => c.id === 'CM-7')).toEqual({ id: 'CM-7', name: 'Least Functionality' });
    expect(context.controls.find((c) => c.id === 'CM-11')).toEqual({
      id: 'CM-11',
      name: 'User-installed Software',
      inheritedFrom: 'T1569',
    });
  });

  it('lists a technique outside the graph and adds nothing for it', () => {
    const context = attackContextForTags(['attack.t1055.012']);
    expect(context).toEqual({
      techniques: ['T1055.012'],
      tactics: [],
      mitigations: [],
      dataComponents: [],
      controls: [],
    });
  });

  it('resolves tactic tags written with hyphens, underscores, ids and v19 names', () => {
    const context = attackContextForTags([
      'attack.privilege_escalation',
      'attack.lateral-movement',
      'attack.ta0003',
      'attack.defense-impairment',
    ]);
    expect(context.techniques).toEqual([]);
    expect(context.tactics).toEqual([
      { id: 'TA0003', name: 'Persistence' },
      { id: 'TA0004', name: 'Privilege Escalation' },
      { id: 'TA0008', name: 'Lateral Movement' },
      { id: 'TA0112', name: 'Defense Impairment' },
    ]);
  });

  it('ignores group, software, unknown tactic and non-ATT&CK tags', () => {
    const context = attackContextForTags(['attack.g0016', 'attack.s0029', 'attack.nonsense', 'cve.2021-44228']);
    expect(context).toEqual({ techniques: [], tactics: [], mitigations: [], dataComponents: [], controls: [] });
  });

  it('uses the kill-chain phases of a context-only technique that has no tactic edges', () => {
    expect(attackContextForTags(['attack.t1036.004']).tactics).toEqual([{ id: 'TA0005', name: 'Defense Evasion' }]);
  });

  it('returns the same frozen object for the same tag list, by identity or by content', () => {
    const tags = ['attack.execution', 'attack.t1569.002'];
    const first = attackContextForTags(tags);
    expect(attackContextForTags(tags)).toBe(first);
    expect(attackContextForTags(['ATTACK.T1569.002', 'attack.execution'])).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.controls)).toBe(true);
    expect(Object.isFrozen(first.controls[0])).toBe(true);
  });
});
