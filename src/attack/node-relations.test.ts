import { describe, expect, it } from 'vitest';
import { nodeRelations, nodeSubgraph } from './node-relations.js';

describe('nodeRelations', () => {
  it('groups the neighbours of T1569.002 by relation, ATT&CK v18 data components before legacy ones', () => {
    const found = nodeRelations('t1569.002');
    expect(found?.node.id).toBe('T1569.002');
    const labels = found?.relations.map((r) => r.label) ?? [];
    expect(labels.slice(0, 3)).toEqual(['sub-technique of', 'tactics', 'mitigations']);
    expect(labels.indexOf('data components (ATT&CK v18, from analytics)')).toBeLessThan(
      labels.indexOf('data components (ATT&CK v17.1 legacy links)'),
    );
    expect(labels).toContain('NIST SP 800-53 rev5 controls');
    expect(labels).toContain('related to (curated by the corpus author, not ATT&CK data)');
    const users = found?.relations.find((r) => r.edgeType === 'uses');
    expect(users?.members.length).toBe(71);
  });

  it('shows a data component with the analytics that read it, their log source and EventCodes', () => {
    const analytics = nodeRelations('DC0060')?.relations.find((r) => r.edgeType === 'uses-data-component');
    expect(analytics?.direction).toBe('in');
    expect(analytics?.members).toContainEqual({
      id: 'AN0778',
      type: 'analytic',
      name: 'Analytic 0778',
      logSource: 'WinEventLog:Security',
      eventCodes: [4697],
    });
  });

  it('shows a control with the techniques it mitigates', () => {
    const found = nodeRelations('CM-7');
    expect(found?.relations.map((r) => r.label)).toEqual(['mitigates (NIST SP 800-53 rev5 mapping)']);
    expect(found?.relations[0]?.members.map((m) => m.id)).toContain('T1569.002');
  });

  it('returns undefined for an id the graph lacks', () => {
    expect(nodeRelations('T9999')).toBeUndefined();
    expect(nodeSubgraph('T9999')).toBeUndefined();
  });

  it('draws a node with each neighbour once', () => {
    const sub = nodeSubgraph('DC0060');
    const ids = sub?.nodes.map((n) => n.id) ?? [];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('DC0060');
  });
});
