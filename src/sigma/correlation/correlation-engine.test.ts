/**
 * The engine around the types: group-by with missing fields, aliases across rules with different
 * field names, chained correlations, out-of-order input, `generate`, planning problems, and the
 * bound on what it holds.
 */
import { describe, expect, it } from 'vitest';
import { checkRules } from '../check-rules.js';
import { loadRuleText } from '../load/load-rules.js';
import type { CorrelationMatch } from './correlation-match.js';
import { planCorrelations } from './correlation-plan.js';
import { baseRule, brief, correlationKit } from './correlation-test-kit.js';

const corr = (body: string, extra = ''): string => `title: C\n${extra}correlation:\n${body}`;

describe('group-by', () => {
  const kit = correlationKit(
    baseRule('r'),
    corr('  type: event_count\n  rules: [r]\n  group-by: [Computer, User]\n  timespan: 1m\n  condition: {gte: 2}\n'),
  );

  it('leaves out (and counts) a match that lacks a group-by field or has it empty', () => {
    const { hits, stats } = kit.run([
      kit.match('r', 0, { Computer: 'h', User: 'u' }, 'a'),
      kit.match('r', 1, { Computer: 'h' }, 'no-user'),
      kit.match('r', 2, { Computer: 'h', User: null }, 'null-user'),
      kit.match('r', 3, { Computer: 'h', User: '' }, 'empty-user'),
      kit.match('r', 4, { Computer: 'h', User: 'u' }, 'b'),
    ]);
    expect(hits.map(brief)).toEqual(['C@4 Computer=h,User=u 2 [a b]']);
    expect(stats.missingGroupBy).toBe(3);
  });

  it('puts every match in one group when there is no group-by', () => {
    const all = correlationKit(
      baseRule('r'),
      corr('  type: event_count\n  rules: [r]\n  timespan: 1m\n  condition: {gte: 2}\n'),
    );
    expect(all.run([all.match('r', 0, { X: '1' }), all.match('r', 1, {})]).hits.length).toBe(1);
  });
});

describe('aliases', () => {
  // The share access names the account SubjectUserName, the logon TargetUserName: one alias joins them.
  const kit = correlationKit(
    baseRule('logon', 4624),
    baseRule('share', 5145),
    corr(
      [
        '  type: temporal_ordered',
        '  rules: [logon, share]',
        '  group-by: [Computer, account]',
        '  timespan: 1m',
        '  aliases:',
        '    account:',
        '      logon: TargetUserName',
        '      share: SubjectUserName',
        '',
      ].join('\n'),
    ),
  );

  it('groups matches of rules that carry the value under different field names', () => {
    const { hits } = kit.run([
      kit.match('logon', 0, { Computer: 'fs01', TargetUserName: 'it-admin', SubjectUserName: '-' }, 'logon'),
      kit.match('share', 1, { Computer: 'fs01', SubjectUserName: 'other' }, 'share-other'),
      kit.match('share', 2, { Computer: 'fs01', SubjectUserName: 'IT-ADMIN' }, 'share'),
    ]);
    expect(hits.map(brief)).toEqual(['C@2 Computer=fs01,account=it-admin 2 [logon share]']);
  });

  it('asks each rule for its own field', () => {
    const byRule = (name: string): readonly string[] => kit.plan.fieldsFor(kit.match(name, 0).ruleKey);
    expect(byRule('logon')).toEqual(['Computer', 'TargetUserName']);
    expect(byRule('share')).toEqual(['Computer', 'SubjectUserName']);
  });
});

describe('chained correlations', () => {
  const kit = correlationKit(
    baseRule('failed', 4625),
    baseRule('success', 4624),
    `title: Many failures\nname: many_failures\ncorrelation:\n  type: event_count\n  rules: [failed]\n  group-by: [User]\n  timespan: 1m\n  condition: {gte: 3}\n`,
    corr('  type: temporal_ordered\n  rules: [many_failures, success]\n  group-by: [User]\n  timespan: 5m\n'),
  );

  it('feeds an inner hit to the outer correlation, with the inner hit’s events flattened in', () => {
    const { hits } = kit.run([
      kit.match('failed', 0, { User: 'bob' }, 'f1'),
      kit.match('failed', 1, { User: 'bob' }, 'f2'),
      kit.match('failed', 2, { User: 'bob' }, 'f3'),
      kit.match('success', 10, { User: 'bob' }, 's'),
    ]);
    expect(hits.map(brief)).toEqual(['Many failures@2 User=bob 3 [f1 f2 f3]', 'C@10 User=bob 2 [f1 f2 f3 s]']);
    expect(hits[1]?.first).toBe(0);
  });

  it('does not fire the outer one when the inner one never held', () => {
    const { hits } = kit.run([kit.match('failed', 0, { User: 'bob' }), kit.match('success', 10, { User: 'bob' })]);
    expect(hits).toEqual([]);
  });

  it('reports the inner correlation only as a feed (generate: false is the default)', () => {
    const inner = kit.plan.correlations.find((c) => c.rule.meta.name === 'many_failures');
    expect(kit.plan.feedOnly.has(inner?.rule.key ?? '')).toBe(true);
    expect(kit.plan.correlations.map((c) => c.rule.meta.title)).toEqual(['Many failures', 'C']);
  });

  it('sees an anchored inner hit at the end of its window, never out of order', () => {
    const anchored = correlationKit(
      baseRule('a'),
      baseRule('b'),
      `title: Few\nname: few\ncorrelation:\n  type: event_count\n  rules: [a]\n  group-by: [H]\n  timespan: 10s\n  condition: {lte: 2}\n`,
      corr('  type: temporal_ordered\n  rules: [few, b]\n  group-by: [H]\n  timespan: 1m\n'),
    );
    const { hits, stats } = anchored.run([
      anchored.match('a', 0, { H: 'h' }, 'a1'),
      anchored.match('b', 5, { H: 'h' }, 'b-early'),
      anchored.match('b', 10, { H: 'h' }, 'b-at-end'),
      anchored.match('b', 11, { H: 'h' }, 'b-late'),
    ]);
    // `few` is decided at 10 s (its window's end); b at 10 s came first, but equal times count as in
    // order whichever arrived first, so b at 10 s completes it, and b at 5 s (before it) does not.
    expect(hits.map(brief)).toEqual(['Few@0 H=h 1 [a1]', 'C@10 H=h 2 [a1 b-at-end]']);
    expect(stats.late).toBe(0);
  });
});

describe('generate', () => {
  it('marks base rules of a generate: false correlation as feed-only, and not those of generate: true', () => {
    const kit = correlationKit(
      baseRule('quiet'),
      baseRule('loud'),
      corr('  type: event_count\n  rules: [quiet]\n  timespan: 1m\n  condition: {gte: 2}\n'),
      corr('  type: event_count\n  rules: [loud]\n  timespan: 1m\n  condition: {gte: 2}\n', 'generate: true\n'),
    );
    expect(kit.plan.feedOnly.has(kit.match('quiet', 0).ruleKey)).toBe(true);
    expect(kit.plan.feedOnly.has(kit.match('loud', 0).ruleKey)).toBe(false);
    expect([...kit.plan.baseRuleKeys].length).toBe(2);
  });

  it('resolves references by id as well as by name', () => {
    const kit = correlationKit(
      'title: by id\nid: 5d6f8f3e-4d1b-4c2a-9c35-7a1a0f1d2e3b\nlogsource: {product: windows, service: security}\ndetection:\n  sel: {EventID: 1}\n  condition: sel\n',
      corr(
        '  type: event_count\n  rules: [5d6f8f3e-4d1b-4c2a-9c35-7a1a0f1d2e3b]\n  timespan: 1m\n  condition: {gte: 1}\n',
      ),
    );
    expect(kit.plan.fieldsFor('5d6f8f3e-4d1b-4c2a-9c35-7a1a0f1d2e3b')).toEqual([]);
    expect(kit.plan.correlations.length).toBe(1);
    expect(kit.plan.issues).toEqual([]);
  });
});

describe('planning problems', () => {
  it('leaves out a correlation whose rule was not given (left out by a selection), with an issue', () => {
    const checked = checkRules(
      loadRuleText(
        `${baseRule('r')}---\n${corr('  type: event_count\n  rules: [r]\n  timespan: 1m\n  condition: {gte: 1}\n')}`,
        'x.yml',
      ),
    );
    const plan = planCorrelations(checked.correlations, []);
    expect(plan.correlations).toEqual([]);
    expect(plan.issues.map((i) => `${i.code} ${i.message}`)).toEqual([
      'UNRESOLVED_REFERENCE correlation refers to "r", which is not loaded or was left out',
    ]);
  });

  it('refuses a cycle of correlations', () => {
    expect(() =>
      correlationKit(
        `title: A\nname: a\ncorrelation:\n  type: event_count\n  rules: [b]\n  group-by: [U]\n  timespan: 1m\n  condition: {gte: 1}\n`,
        `title: B\nname: b\ncorrelation:\n  type: event_count\n  rules: [a]\n  group-by: [U]\n  timespan: 1m\n  condition: {gte: 1}\n`,
      ),
    ).not.toThrow();
    const kit = correlationKit(
      `title: A\nname: a\ncorrelation:\n  type: event_count\n  rules: [b]\n  group-by: [U]\n  timespan: 1m\n  condition: {gte: 1}\n`,
      `title: B\nname: b\ncorrelation:\n  type: event_count\n  rules: [a]\n  group-by: [U]\n  timespan: 1m\n  condition: {gte: 1}\n`,
    );
    expect(kit.plan.correlations).toEqual([]);
    expect(kit.plan.issues.map((i) => i.message)).toContain(
      'correlation refers to itself through a chain of correlations',
    );
  });

  it('refuses an outer group-by field the inner correlation does not group by', () => {
    const kit = correlationKit(
      baseRule('r'),
      `title: Inner\nname: inner\ncorrelation:\n  type: event_count\n  rules: [r]\n  group-by: [User]\n  timespan: 1m\n  condition: {gte: 1}\n`,
      corr('  type: event_count\n  rules: [inner]\n  group-by: [Computer]\n  timespan: 1m\n  condition: {gte: 1}\n'),
    );
    expect(kit.plan.correlations.map((c) => c.rule.meta.title)).toEqual(['Inner']);
    expect(kit.plan.issues[0]?.message).toMatch(/Computer are not among the group-by fields of correlation "Inner"/);
  });
});

describe('out-of-order input', () => {
  const kit = correlationKit(
    baseRule('a'),
    baseRule('b'),
    corr('  type: temporal_ordered\n  rules: [a, b]\n  group-by: [H]\n  timespan: 30s\n'),
    `title: Count\ncorrelation:\n  type: event_count\n  rules: [a, b]\n  group-by: [H]\n  timespan: 20s\n  condition: {gte: 3}\n`,
  );
  const stream: CorrelationMatch<string>[] = [];
  for (let i = 0; i < 40; i++) stream.push(kit.match(i % 3 === 0 ? 'a' : 'b', i * 7, { H: `h${i % 2}` }, `m${i}`));

  it('gives the same hits shuffled (within the allowed lateness) as in time order', () => {
    const ordered = kit.run(stream).hits.map(brief);
    expect(ordered.length).toBeGreaterThan(3);
    // A deterministic shuffle: swap neighbours within 30 s of each other.
    const shuffled = [...stream];
    for (let i = 0; i + 3 < shuffled.length; i += 4) {
      const [x, y, z, w] = shuffled.slice(i, i + 4) as [CorrelationMatch<string>, ...CorrelationMatch<string>[]];
      shuffled.splice(
        i,
        4,
        w as CorrelationMatch<string>,
        y as CorrelationMatch<string>,
        x,
        z as CorrelationMatch<string>,
      );
    }
    const late = kit.run(shuffled, { allowedLatenessMs: 30_000 });
    expect(late.stats.late).toBe(0);
    expect(late.hits.map(brief)).toEqual(ordered);
  });

  it('drops and counts matches later than the allowed lateness', () => {
    const { stats } = kit.run(
      [
        kit.match('a', 100, { H: 'h' }),
        kit.match('a', 200, { H: 'h' }),
        kit.match('a', 99, { H: 'h' }),
        kit.match('a', 190, { H: 'h' }),
      ],
      { allowedLatenessMs: 10_000 },
    );
    // 200 s releases everything up to 190 s: the match at 100 s is processed, so 99 s is too late; 190 s is not.
    expect(stats.late).toBe(1);
  });

  it('skips and counts matches without a time', () => {
    const { stats } = kit.run([kit.match('a', Number.NaN, { H: 'h' })]);
    expect(stats.untimed).toBe(1);
  });
});

describe('bounded state', () => {
  it('holds only the current windows on a long stream', () => {
    const kit = correlationKit(
      baseRule('r'),
      corr('  type: event_count\n  rules: [r]\n  group-by: [H]\n  timespan: 10s\n  condition: {gte: 1000}\n'),
      `title: Anchored\ncorrelation:\n  type: value_avg\n  rules: [r]\n  group-by: [H]\n  timespan: 10s\n  condition: {field: n, gt: 1000}\n`,
    );
    const matches = Array.from({ length: 20_000 }, (_, i) => kit.match('r', i, { H: `h${i % 50}`, n: 1 }));
    const { hits, stats } = kit.run(matches);
    expect(hits).toEqual([]);
    // 50 groups × (11 s of 1 match per 50 s each) per correlation: far below the 20,000 matches read.
    expect(stats.peakHeld).toBeLessThan(200);
  });

  it('caps a window and counts what it drops', () => {
    const kit = correlationKit(
      baseRule('r'),
      corr('  type: event_count\n  rules: [r]\n  timespan: 1h\n  condition: {lt: 1}\n'),
    );
    const { stats } = kit.run(
      Array.from({ length: 50 }, (_, i) => kit.match('r', i, {})),
      { maxItemsPerGroup: 20 },
    );
    expect(stats.overflow).toBe(30);
  });

  it('keeps at most maxEventsPerHit matches in a hit and counts the rest', () => {
    const kit = correlationKit(
      baseRule('r'),
      corr('  type: event_count\n  rules: [r]\n  timespan: 1h\n  condition: {gte: 30}\n'),
    );
    const { hits } = kit.run(
      Array.from({ length: 30 }, (_, i) => kit.match('r', i, {})),
      { maxEventsPerHit: 10 },
    );
    expect(hits[0]?.matches.length).toBe(10);
    expect(hits[0]?.omitted).toBe(20);
    expect(hits[0]?.value).toBe(30);
  });
});
