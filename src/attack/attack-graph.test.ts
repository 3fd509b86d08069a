import { describe, expect, it } from 'vitest';
import { attackNode, canonicalAttackId, neighbours, techniqueNode } from './attack-graph.js';
import { ATTACK_EDGES, ATTACK_NODES } from './generated/attack-graph.js';

describe('the attack graph index', () => {
  it('holds the corpus counts: 398 nodes and 839 edges', () => {
    expect(ATTACK_NODES).toHaveLength(398);
    expect(ATTACK_EDGES).toHaveLength(839);
  });

  it('finds techniques and sub-techniques in any case, and nothing else', () => {
    expect(techniqueNode('t1569.002')).toMatchObject({
      id: 'T1569.002',
      type: 'subtechnique',
      name: 'Service Execution',
    });
    expect(techniqueNode('T1569')).toMatchObject({ type: 'technique', platforms: ['Windows', 'macOS', 'Linux'] });
    expect(techniqueNode('M1026')).toBeUndefined();
    expect(techniqueNode('T9999')).toBeUndefined();
  });

  it('finds SP 800-53 controls written the CTID way with a leading zero', () => {
    expect(canonicalAttackId(' cm-07 ')).toBe('CM-7');
    expect(canonicalAttackId('AC-17')).toBe('AC-17');
    expect(canonicalAttackId('t1569.002')).toBe('T1569.002');
    expect(attackNode('CM-07')).toMatchObject({ id: 'CM-7', name: 'Least Functionality', family: 'CM' });
  });

  it('lists neighbours of one edge type with their direction', () => {
    const subs = neighbours('T1569', 'subtechnique-of');
    expect(subs.map((n) => [n.direction, n.node.id])).toEqual([
      ['in', 'T1569.001'],
      ['in', 'T1569.002'],
      ['in', 'T1569.003'],
    ]);
    expect(neighbours('T1569.002', 'belongs-to-tactic').map((n) => n.node.name)).toEqual(['Execution']);
  });

  it('sorts neighbours by edge type, then outgoing before incoming', () => {
    const types = neighbours('T1569.002').map((n) => `${n.edge.type}:${n.direction}`);
    expect(types[0]).toBe('subtechnique-of:out');
    expect(types.indexOf('belongs-to-tactic:out')).toBeLessThan(types.indexOf('mitigates:in'));
    expect(types.at(-1)).toBe('uses:in');
  });

  it('keeps the log source and EventCodes of analytics on their data-component edges', () => {
    const fromAnalytic = neighbours('AN0778', 'uses-data-component').map((n) => n.edge);
    expect(fromAnalytic).toContainEqual({
      type: 'uses-data-component',
      from: 'AN0778',
      to: 'DC0060',
      logSource: 'WinEventLog:Security',
      eventCodes: [4697],
    });
    expect(fromAnalytic.find((e) => e.to === 'DC0063')?.eventCodes).toEqual([13, 14]);
  });

  it('returns no neighbours for an unknown id', () => {
    expect(neighbours('T9999')).toEqual([]);
  });
});
