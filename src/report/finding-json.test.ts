import { describe, expect, it } from 'vitest';
import type { Finding, FindingAttack, FindingRule } from './finding.js';
import { findingJsonText, findingToJson } from './finding-json.js';

const rule: FindingRule = {
  id: 'r-1',
  title: 'Service installed from a temp folder',
  level: 'high',
  status: null,
  author: 'svchunt',
  tags: ['attack.t1569.002'],
  origin: 'builtin',
  path: '/rules/r.yml',
};
const attack: FindingAttack = {
  techniques: ['T1569.002'],
  tactics: [{ id: 'TA0002', name: 'Execution' }],
  mitigations: [],
  dataComponents: [{ id: 'DC0001', name: 'Service Creation' }],
  controls: [{ id: 'CM-7', name: 'Least Functionality', inheritedFrom: 'T1569' }],
};

const finding = (extra: Partial<Finding> = {}): Finding => ({
  time: Date.UTC(2024, 4, 1, 10),
  host: 'WS01',
  rule,
  attack,
  event: {
    channel: 'System',
    eventId: 7045,
    recordId: 12,
    provider: null,
    fields: { ServiceName: 'x', ImagePath: 'C:\\Temp\\"a".exe\u2028', channel: 'overrides', n: [1, null, 'z'] },
  },
  source: { file: 'a.evtx', format: 'evtx', offset: 4096, recordId: 12, chunk: 0 },
  ...extra,
});

describe('findingJsonText', () => {
  it('writes exactly what JSON.stringify(findingToJson(finding)) writes', () => {
    const cases: Finding[] = [
      finding(),
      finding({ time: Number.NaN, host: null }),
      finding({ source: { file: 'a.jsonl', format: 'json', offset: 10, line: 3 } }),
      finding({ rule: { ...rule, id: null, tags: [] }, attack: { ...attack, controls: [] } }),
      // Members a plain-data finding may lack at run time, and field names that collide with members.
      finding({
        host: undefined as unknown as null,
        rule: { ...rule, status: undefined as unknown as null },
        event: {
          channel: null,
          eventId: null,
          recordId: null,
          provider: null,
          fields: { ['__proto__']: 'x', rule: 'r', event: 'e', source: 's', eventId: 7 } as Record<
            string,
            string | number
          >,
        },
      }),
      finding({
        correlation: {
          type: 'event_count',
          timespan: '5m',
          condition: 'gte 3',
          groupBy: { Computer: 'WS01' },
          value: 3,
          first: 0,
          events: [],
          omittedEvents: 0,
        },
      }),
    ];
    for (const f of cases) expect(findingJsonText(f)).toBe(JSON.stringify(findingToJson(f)));
  });

  it('does not reuse a rule text for another ATT&CK context of the same rule object', () => {
    const other: FindingAttack = { ...attack, techniques: ['T1543.003'] };
    expect(findingJsonText(finding())).toContain('"T1569.002"');
    const text = findingJsonText(finding({ attack: other }));
    expect(text).toBe(JSON.stringify(findingToJson(finding({ attack: other }))));
    expect(text).toContain('"T1543.003"');
  });
});
