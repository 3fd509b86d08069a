/** Sigma 1.0 aggregations run as the Sigma 2 correlations they stand for. */
import { describe, expect, it } from 'vitest';
import { checkYaml } from '../../../test/support/sigma-harness.js';
import { correlationKit } from '../correlation/correlation-test-kit.js';
import { parseAggregation } from './aggregation.js';

const rule = (condition: string, timeframe = '  timeframe: 5m\n') =>
  `title: brute force
id: 00000000-0000-4000-8000-0000000000bb
level: high
logsource: {product: windows, service: security}
detection:
  selection: {EventID: 4625}
${timeframe}  condition: ${condition}
`;

describe('Sigma 1.0 aggregations', () => {
  it('read count, sum and avg with an optional field, group and comparison', () => {
    expect(parseAggregation(' count() > 5')).toMatchObject({
      fn: 'count',
      field: undefined,
      groupBy: undefined,
      operator: 'gt',
      value: 5,
    });
    expect(parseAggregation('count(TargetUserName) by IpAddress >= 10')).toMatchObject({
      field: 'TargetUserName',
      groupBy: 'IpAddress',
      operator: 'gte',
    });
    expect(parseAggregation('sum(bytes) by src < 300000')).toMatchObject({ fn: 'sum', operator: 'lt' });
    expect(parseAggregation('near other')).toBeUndefined();
    expect(parseAggregation('sum() > 1')).toBeUndefined();
  });

  it('become a base rule feeding a correlation that keeps the rule’s id, title and level', () => {
    const checked = checkYaml(rule('selection | count(TargetUserName) by IpAddress > 2'));
    expect(checked.issues.filter((i) => i.severity !== 'warning')).toEqual([]);
    expect(checked.rules.map((r) => [r.meta.id, r.detection.aggregation])).toEqual([[undefined, undefined]]);
    expect(checked.correlations).toEqual([
      expect.objectContaining({
        type: 'value_count',
        groupBy: ['IpAddress'],
        timespanMs: 300_000,
        generate: false,
        condition: { comparisons: [{ operator: 'gt', value: 2 }], field: ['TargetUserName'] },
        meta: expect.objectContaining({
          id: '00000000-0000-4000-8000-0000000000bb',
          title: 'brute force',
          level: 'high',
        }),
      }),
    ]);
  });

  it('fire through the correlation engine: three distinct users from one address within five minutes', () => {
    const kit = correlationKit(rule('selection | count(TargetUserName) by IpAddress > 2'));
    const base = kit.plan.correlations[0]?.rule.rules[0] as string;
    const hit = (users: string[], spacing: number) =>
      kit.run(users.map((u, i) => kit.match(base, i * spacing, { TargetUserName: u, IpAddress: '10.0.0.9' }))).hits
        .length;
    expect(hit(['a', 'b', 'c'], 60)).toBe(1);
    expect(hit(['a', 'b', 'b'], 60)).toBe(0);
    expect(hit(['a', 'b', 'c'], 200)).toBe(0);
  });

  it('without a timeframe count over the whole input; min and max stay unsupported', () => {
    expect(checkYaml(rule('selection | count() > 5', '')).correlations[0]?.timespanMs).toBeGreaterThan(3e11);
    expect(
      checkYaml(rule('selection | max(LogonType) > 5')).issues.filter((i) => i.severity === 'unsupported'),
    ).toEqual([
      expect.objectContaining({
        code: 'UNSUPPORTED_AGGREGATION',
        message: expect.stringContaining('max() has no Sigma 2 correlation'),
      }),
    ]);
  });
});
