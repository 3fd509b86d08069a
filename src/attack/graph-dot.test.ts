import { describe, expect, it } from 'vitest';
import { graphToDot } from './graph-dot.js';

describe('graphToDot', () => {
  it('writes nodes by id with DOT line breaks, and escapes quotes and backslashes', () => {
    const dot = graphToDot('a "test"', {
      nodes: [
        { id: 'T1569', type: 'technique', name: 'System Services' },
        { id: 'S0001', type: 'software', name: 'Say "hi" \\ bye' },
      ],
      edges: [{ type: 'uses', from: 'S0001', to: 'T1569' }],
    });
    expect(dot.split('\n')).toEqual([
      'digraph "a \\"test\\"" {',
      '  rankdir=LR;',
      '  node [fontname="Helvetica", fontsize=10];',
      '  edge [fontname="Helvetica", fontsize=8];',
      '  "S0001" [label="S0001\\nSay \\"hi\\" \\\\ bye", shape=ellipse, style=filled, fillcolor="#f6f6f6"];',
      '  "T1569" [label="T1569\\nSystem Services", shape=box, style="filled,bold", fillcolor="#f4cccc"];',
      '  "S0001" -> "T1569" [label="uses"];',
      '}',
      '',
    ]);
  });

  it('labels an edge with its provenance on a second line', () => {
    const dot = graphToDot('x', {
      nodes: [],
      edges: [{ type: 'related-to', from: 'T1569.002', to: 'T1570', provenance: 'curated' }],
    });
    expect(dot).toContain('"T1569.002" -> "T1570" [label="related-to\\ncurated"];');
  });
});
