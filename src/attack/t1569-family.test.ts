import { describe, expect, it } from 'vitest';
import { t1569Family, t1569FamilySubgraph } from './t1569-family.js';

describe('the T1569 family', () => {
  it('has T1569, T1543, T1021.002 and T1570 as roots, with their sub-techniques', () => {
    const family = t1569Family();
    expect(family.map((f) => f.id)).toEqual(['T1569', 'T1543', 'T1021.002', 'T1570']);
    expect(family[0]?.subtechniques.map((s) => s.id)).toEqual(['T1569.001', 'T1569.002', 'T1569.003']);
    expect(family[1]?.subtechniques).toHaveLength(5);
  });

  it('carries tactics and platforms, and names a parent outside the family', () => {
    const [t1569, t1543, smb] = t1569Family();
    expect(t1569?.tactics).toEqual([{ id: 'TA0002', name: 'Execution' }]);
    expect(t1543?.tactics.map((t) => t.id)).toEqual(['TA0003', 'TA0004']);
    expect(smb?.parent).toEqual({ id: 'T1021', name: 'Remote Services' });
    expect(t1569?.parent).toBeUndefined();
    expect(t1569?.subtechniques[2]?.platforms).toEqual(['Linux']);
  });

  it('keeps the curated links apart from ATT&CK description links', () => {
    const serviceExecution = t1569Family()[0]?.subtechniques[1];
    expect(serviceExecution?.related).toEqual([
      { id: 'T1543.003', provenance: 'attack-description-link' },
      { id: 'T1021.002', provenance: 'curated' },
      { id: 'T1570', provenance: 'curated' },
    ]);
  });

  it('draws the family with its tactics and out-of-family parents, and only edges among them', () => {
    const { nodes, edges } = t1569FamilySubgraph();
    const ids = new Set(nodes.map((n) => n.id));
    expect(ids).toContain('T1021');
    expect(ids).toContain('TA0008');
    expect(edges.every((e) => ids.has(e.from) && ids.has(e.to))).toBe(true);
    expect(edges.some((e) => e.type === 'mitigates' || e.type === 'uses')).toBe(false);
  });
});
