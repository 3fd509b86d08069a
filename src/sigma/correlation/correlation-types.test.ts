/**
 * Each correlation type of the specification (v2.1) on small hand-made streams, with the window
 * edges pinned: a match exactly one timespan after the first is still inside, a millisecond later it
 * is not.
 */
import { describe, expect, it } from 'vitest';
import { baseRule, brief, correlationKit } from './correlation-test-kit.js';

const corr = (body: string, title = 'C'): string => `title: ${title}\ncorrelation:\n${body}`;

describe('event_count', () => {
  const kit = correlationKit(
    baseRule('fail'),
    corr('  type: event_count\n  rules: [fail]\n  group-by: [User]\n  timespan: 10s\n  condition: {gte: 3}\n'),
  );

  it('fires when the count is reached inside the timespan, a match exactly at the boundary included', () => {
    const { hits } = kit.run([
      kit.match('fail', 0, { User: 'bob' }, 'a'),
      kit.match('fail', 5, { User: 'bob' }, 'b'),
      kit.match('fail', 10, { User: 'bob' }, 'c'),
    ]);
    expect(hits.map(brief)).toEqual(['C@10 User=bob 3 [a b c]']);
    expect(hits[0]?.first).toBe(0);
  });

  it('does not fire when the third match comes one millisecond after the timespan', () => {
    const m = kit.match('fail', 10.001, { User: 'bob' });
    const { hits } = kit.run([kit.match('fail', 0, { User: 'bob' }), kit.match('fail', 5, { User: 'bob' }), m]);
    expect(hits).toEqual([]);
  });

  it('slides: a burst that straddles any fixed boundary is still found', () => {
    const { hits } = kit.run([
      kit.match('fail', 0, { User: 'bob' }, 'old'),
      kit.match('fail', 19, { User: 'bob' }, 'x'),
      kit.match('fail', 21, { User: 'bob' }, 'y'),
      kit.match('fail', 28, { User: 'bob' }, 'z'),
    ]);
    expect(hits.map(brief)).toEqual(['C@28 User=bob 3 [x y z]']);
  });

  it('uses matches up: six matches in a burst give two hits, not four', () => {
    const matches = [0, 1, 2, 3, 4, 5].map((s) => kit.match('fail', s, { User: 'bob' }, `m${s}`));
    expect(kit.run(matches).hits.map(brief)).toEqual(['C@2 User=bob 3 [m0 m1 m2]', 'C@5 User=bob 3 [m3 m4 m5]']);
  });

  it('keeps groups apart and groups case-insensitively', () => {
    const { hits } = kit.run([
      kit.match('fail', 0, { User: 'Bob' }, 'a'),
      kit.match('fail', 1, { User: 'alice' }, 'b'),
      kit.match('fail', 2, { User: 'BOB' }, 'c'),
      kit.match('fail', 3, { User: 'bob' }, 'd'),
    ]);
    expect(hits.map(brief)).toEqual(['C@3 User=Bob 3 [a c d]']);
  });

  it('counts an event matched by two referenced rules once', () => {
    const two = correlationKit(
      baseRule('r1'),
      baseRule('r2'),
      corr('  type: event_count\n  rules: [r1, r2]\n  group-by: [User]\n  timespan: 10s\n  condition: {gte: 2}\n'),
    );
    const once = two.run([two.match('r1', 0, { User: 'u' }, 'same'), two.match('r2', 0, { User: 'u' }, 'same')]);
    expect(once.hits).toEqual([]);
    const twice = two.run([two.match('r1', 0, { User: 'u' }, 'e1'), two.match('r2', 1, { User: 'u' }, 'e2')]);
    expect(twice.hits.map(brief)).toEqual(['C@1 User=u 2 [e1 e2]']);
  });

  it('uses an event up once: one matched by two rules does not start the next window', () => {
    const two = correlationKit(
      baseRule('r1', 1),
      baseRule('r2', 2),
      corr('  type: event_count\n  rules: [r1, r2]\n  group-by: [U]\n  timespan: 1m\n  condition: {gte: 2}\n'),
    );
    const both = (seconds: number, event: string) => [
      two.match('r1', seconds, { U: 'u' }, event),
      two.match('r2', seconds, { U: 'u' }, event),
    ];
    const { hits } = two.run([...both(0, 'e1'), ...both(1, 'e2'), ...both(2, 'e3')]);
    expect(hits.map(brief)).toEqual(['C@1 U=u 2 [e1 e2]']);
  });

  it('uses up the events of several hits at one time, whatever order their matches arrive in', () => {
    const one = correlationKit(
      baseRule('r1', 1),
      baseRule('r2', 2),
      corr('  type: event_count\n  rules: [r1, r2]\n  group-by: [U]\n  timespan: 1m\n  condition: {gte: 1}\n'),
    );
    const at = (rule: string, event: string) => one.match(rule, 0, { U: 'u' }, event);
    const { hits } = one.run([at('r1', 'e1'), at('r1', 'e2'), at('r2', 'e1'), at('r2', 'e2')]);
    expect(hits.map(brief)).toEqual(['C@0 U=u 1 [e1]', 'C@0 U=u 1 [e2]']);
  });

  it('judges an upper bound on the complete window: fewer than 3 in 10 s', () => {
    const few = correlationKit(
      baseRule('r'),
      corr('  type: event_count\n  rules: [r]\n  group-by: [Host]\n  timespan: 10s\n  condition: {lt: 3}\n'),
    );
    const { hits } = few.run([
      few.match('r', 0, { Host: 'quiet' }, 'q1'),
      few.match('r', 10, { Host: 'quiet' }, 'q2'),
      ...[0, 1, 2, 3, 4].map((s) => few.match('r', s, { Host: 'busy' }, `b${s}`)),
      few.match('r', 10.001, { Host: 'quiet' }, 'q3'),
    ]);
    // quiet's window [0, 10] holds q1 and q2; q3 opens the next window, which ends with the input.
    expect(hits.map(brief)).toEqual(['C@10 Host=quiet 2 [q1 q2]', 'C@10.001 Host=quiet 1 [q3]']);
  });

  it('reads a range (gt and lte together) and neq', () => {
    const range = correlationKit(
      baseRule('r'),
      corr(
        '  type: event_count\n  rules: [r]\n  group-by: [H]\n  timespan: 1m\n  condition: {gt: 1, lte: 2}\n',
        'Range',
      ),
      corr('  type: event_count\n  rules: [r]\n  group-by: [H]\n  timespan: 1m\n  condition: {neq: 2}\n', 'Neq'),
    );
    const { hits } = range.run([
      range.match('r', 0, { H: 'two' }, 't1'),
      range.match('r', 0, { H: 'three' }, 'h1'),
      range.match('r', 1, { H: 'two' }, 't2'),
      range.match('r', 1, { H: 'three' }, 'h2'),
      range.match('r', 2, { H: 'three' }, 'h3'),
    ]);
    expect(hits.map(brief).sort()).toEqual(['Neq@2 H=three 3 [h1 h2 h3]', 'Range@1 H=two 2 [t1 t2]']);
  });
});

describe('value_count', () => {
  const kit = correlationKit(
    baseRule('logon'),
    corr(
      '  type: value_count\n  rules: [logon]\n  group-by: [IpAddress]\n  timespan: 1m\n  condition: {field: TargetUserName, gte: 3}\n',
    ),
  );

  it('counts distinct values, case-insensitively, and fires on the third', () => {
    const { hits } = kit.run([
      kit.match('logon', 0, { IpAddress: '10.0.0.1', TargetUserName: 'a' }, 'a'),
      kit.match('logon', 1, { IpAddress: '10.0.0.1', TargetUserName: 'A' }, 'A'),
      kit.match('logon', 2, { IpAddress: '10.0.0.1', TargetUserName: 'b' }, 'b'),
      kit.match('logon', 60, { IpAddress: '10.0.0.1', TargetUserName: 'c' }, 'c'),
    ]);
    expect(hits.map(brief)).toEqual(['C@60 IpAddress=10.0.0.1 3 [a A b c]']);
  });

  it('skips and counts matches without the value field', () => {
    const { hits, stats } = kit.run([
      kit.match('logon', 0, { IpAddress: '10.0.0.1', TargetUserName: 'a' }),
      kit.match('logon', 1, { IpAddress: '10.0.0.1' }),
      kit.match('logon', 2, { IpAddress: '10.0.0.1', TargetUserName: '' }),
      kit.match('logon', 3, { IpAddress: '10.0.0.1', TargetUserName: 'b' }),
    ]);
    expect(hits).toEqual([]);
    expect(stats.missingValue).toBe(2);
  });

  it('takes a list of fields as a tuple', () => {
    const tuple = correlationKit(
      baseRule('r'),
      corr(
        '  type: value_count\n  rules: [r]\n  group-by: [H]\n  timespan: 1m\n  condition: {field: [U, D], gte: 2}\n',
      ),
    );
    const same = tuple.run([
      tuple.match('r', 0, { H: 'h', U: 'a', D: 'x' }),
      tuple.match('r', 1, { H: 'h', U: 'a', D: 'X' }),
    ]);
    expect(same.hits).toEqual([]);
    const differ = tuple.run([
      tuple.match('r', 0, { H: 'h', U: 'a', D: 'x' }),
      tuple.match('r', 1, { H: 'h', U: 'a', D: 'y' }),
    ]);
    expect(differ.hits.map((h) => h.value)).toEqual([2]);
  });
});

describe('temporal', () => {
  const kit = correlationKit(
    baseRule('a'),
    baseRule('b'),
    baseRule('c'),
    corr('  type: temporal\n  rules: [a, b, c]\n  group-by: [Computer]\n  timespan: 5m\n'),
  );

  it('needs every rule in the window, in any order', () => {
    const { hits } = kit.run([
      kit.match('c', 0, { Computer: 'h' }, 'c'),
      kit.match('a', 100, { Computer: 'h' }, 'a'),
      kit.match('b', 300, { Computer: 'h' }, 'b'),
    ]);
    expect(hits.map(brief)).toEqual(['C@300 Computer=h 3 [c a b]']);
  });

  it('misses when the rules are spread over more than the timespan', () => {
    const { hits } = kit.run([
      kit.match('c', 0, { Computer: 'h' }),
      kit.match('a', 100, { Computer: 'h' }),
      kit.match('b', 300.001, { Computer: 'h' }),
    ]);
    expect(hits).toEqual([]);
  });

  it('with a condition, compares the number of rules seen', () => {
    const two = correlationKit(
      baseRule('a'),
      baseRule('b'),
      baseRule('c'),
      corr('  type: temporal\n  rules: [a, b, c]\n  group-by: [Computer]\n  timespan: 5m\n  condition: {gte: 2}\n'),
    );
    const { hits } = two.run([two.match('b', 0, { Computer: 'h' }, 'b'), two.match('a', 1, { Computer: 'h' }, 'a')]);
    expect(hits.map(brief)).toEqual(['C@1 Computer=h 2 [b a]']);
  });
});

describe('temporal_ordered', () => {
  const kit = correlationKit(
    baseRule('pipe'),
    baseRule('install'),
    corr('  type: temporal_ordered\n  rules: [pipe, install]\n  group-by: [Computer]\n  timespan: 1m\n'),
  );

  it('fires when the rules match in the listed order', () => {
    const { hits } = kit.run([
      kit.match('pipe', 0, { Computer: 'h' }, 'p'),
      kit.match('install', 60, { Computer: 'h' }, 'i'),
    ]);
    expect(hits.map(brief)).toEqual(['C@60 Computer=h 2 [p i]']);
  });

  it('does not fire on the reverse order', () => {
    const { hits } = kit.run([kit.match('install', 0, { Computer: 'h' }), kit.match('pipe', 1, { Computer: 'h' })]);
    expect(hits).toEqual([]);
  });

  it('takes equal times as in order, whichever arrived first', () => {
    const { hits } = kit.run([kit.match('pipe', 5, { Computer: 'h' }), kit.match('install', 5, { Computer: 'h' })]);
    expect(hits.length).toBe(1);
    const reversed = kit.run([
      kit.match('install', 5, { Computer: 'h' }, 'i'),
      kit.match('pipe', 5, { Computer: 'h' }, 'p'),
    ]);
    expect(reversed.hits.map(brief)).toEqual(['C@5 Computer=h 2 [p i]']);
  });

  it('keeps the matches a hit did not use: two overlapping pairs give two hits', () => {
    const { hits } = kit.run([
      kit.match('pipe', 0, { Computer: 'h' }, 'p1'),
      kit.match('pipe', 30, { Computer: 'h' }, 'p2'),
      kit.match('install', 40, { Computer: 'h' }, 'i1'),
      kit.match('install', 50, { Computer: 'h' }, 'i2'),
    ]);
    expect(hits.map(brief)).toEqual(['C@40 Computer=h 2 [p1 i1]', 'C@50 Computer=h 2 [p2 i2]']);
  });

  it('judges an upper bound even on a window with nothing in order (no crash)', () => {
    const few = correlationKit(
      baseRule('a'),
      baseRule('b'),
      corr('  type: temporal_ordered\n  rules: [a, b]\n  group-by: [H]\n  timespan: 1m\n  condition: {lt: 2}\n'),
    );
    expect(few.run([few.match('b', 0, { H: 'h' }, 'b0')]).hits.map(brief)).toEqual(['C@0 H=h 0 [b0]']);
  });

  it('finds the order after a stray later-rule match', () => {
    const { hits } = kit.run([
      kit.match('install', 0, { Computer: 'h' }, 'i0'),
      kit.match('pipe', 10, { Computer: 'h' }, 'p'),
      kit.match('install', 20, { Computer: 'h' }, 'i1'),
    ]);
    expect(hits.map(brief)).toEqual(['C@20 Computer=h 2 [p i1]']);
  });

  it('with a condition, compares the longest prefix found in order', () => {
    const prefix = correlationKit(
      baseRule('a'),
      baseRule('b'),
      baseRule('c'),
      corr('  type: temporal_ordered\n  rules: [a, b, c]\n  group-by: [H]\n  timespan: 1m\n  condition: {gte: 2}\n'),
    );
    expect(prefix.run([prefix.match('b', 0, { H: 'h' }), prefix.match('c', 1, { H: 'h' })]).hits).toEqual([]);
    expect(prefix.run([prefix.match('a', 0, { H: 'h' }), prefix.match('b', 1, { H: 'h' })]).hits.length).toBe(1);
  });
});

describe('value_sum', () => {
  const kit = correlationKit(
    baseRule('upload'),
    corr(
      '  type: value_sum\n  rules: [upload]\n  group-by: [User]\n  timespan: 1h\n  condition: {field: bytes, gt: 1000}\n',
    ),
  );

  it('adds numbers and numeric text, and fires as the sum passes the bound', () => {
    const { hits } = kit.run([
      kit.match('upload', 0, { User: 'u', bytes: 400 }, 'a'),
      kit.match('upload', 10, { User: 'u', bytes: '500' }, 'b'),
      kit.match('upload', 20, { User: 'u', bytes: 'n/a' }, 'x'),
      kit.match('upload', 3600, { User: 'u', bytes: 101 }, 'c'),
    ]);
    expect(hits.map(brief)).toEqual(['C@3600 User=u 1001 [a b c]']);
  });

  it('forgets values that left the window', () => {
    const { hits } = kit.run([
      kit.match('upload', 0, { User: 'u', bytes: 900 }),
      kit.match('upload', 3600.5, { User: 'u', bytes: 200 }),
    ]);
    expect(hits).toEqual([]);
  });

  it('adds an event matched by two referenced rules once', () => {
    const two = correlationKit(
      baseRule('r1', 1),
      baseRule('r2', 2),
      corr(
        '  type: value_sum\n  rules: [r1, r2]\n  group-by: [U]\n  timespan: 1h\n  condition: {field: bytes, gt: 1000}\n',
      ),
    );
    const { hits } = two.run([
      two.match('r1', 0, { U: 'u', bytes: 600 }, 'same'),
      two.match('r2', 0, { U: 'u', bytes: 600 }, 'same'),
    ]);
    expect(hits).toEqual([]);
  });

  it('does not drift as values join and leave: 0.2 + 0.5 − 0.2 + 0.3 reaches 0.8', () => {
    const cpu = correlationKit(
      baseRule('r'),
      corr('  type: value_sum\n  rules: [r]\n  group-by: [U]\n  timespan: 10s\n  condition: {field: cpu, gte: 0.8}\n'),
    );
    const { hits } = cpu.run([
      cpu.match('r', 0, { U: 'u', cpu: 0.2 }, 'a'),
      cpu.match('r', 5, { U: 'u', cpu: 0.5 }, 'b'),
      cpu.match('r', 11, { U: 'u', cpu: 0.3 }, 'c'),
    ]);
    expect(hits.map(brief)).toEqual(['C@11 U=u 0.8 [b c]']);
  });
});

describe('value_avg', () => {
  const kit = correlationKit(
    baseRule('r'),
    corr('  type: value_avg\n  rules: [r]\n  group-by: [H]\n  timespan: 10s\n  condition: {field: size, gte: 100}\n'),
  );

  it('judges the average of the complete window anchored at the first match', () => {
    const { hits } = kit.run([
      kit.match('r', 0, { H: 'h', size: 150 }, 'a'),
      kit.match('r', 5, { H: 'h', size: 90 }, 'b'),
      kit.match('r', 10, { H: 'h', size: 60 }, 'c'),
      kit.match('r', 11, { H: 'h', size: 500 }, 'd'),
    ]);
    // [0, 10]: (150 + 90 + 60) / 3 = 100 holds; [11, 21]: 500 holds.
    expect(hits.map(brief)).toEqual(['C@10 H=h 100 [a b c]', 'C@11 H=h 500 [d]']);
  });

  it('weighs an event matched by two referenced rules once', () => {
    const two = correlationKit(
      baseRule('r1', 1),
      baseRule('r2', 2),
      corr('  type: value_avg\n  rules: [r1, r2]\n  group-by: [U]\n  timespan: 1h\n  condition: {field: n, gte: 0}\n'),
    );
    const { hits } = two.run([
      two.match('r1', 0, { U: 'u', n: 100 }, 'e1'),
      two.match('r2', 0, { U: 'u', n: 100 }, 'e1'),
      two.match('r1', 1, { U: 'u', n: 10 }, 'e2'),
    ]);
    expect(hits.map((h) => h.value)).toEqual([55]);
  });

  it('does not fire early on a high first value that the window then brings down', () => {
    const { hits } = kit.run([
      kit.match('r', 0, { H: 'h', size: 299 }),
      kit.match('r', 1, { H: 'h', size: 0 }),
      kit.match('r', 2, { H: 'h', size: 0 }),
    ]);
    expect(hits).toEqual([]);
  });
});

describe('value_percentile (svchunt reading: share of the window, in percent, per value)', () => {
  const kit = correlationKit(
    baseRule('proc'),
    corr(
      '  type: value_percentile\n  rules: [proc]\n  group-by: [Computer]\n  timespan: 1d\n  condition: {field: Image, lte: 10}\n',
    ),
  );

  it('fires once per rare value, with only that value’s events', () => {
    const common = Array.from({ length: 19 }, (_, i) =>
      kit.match('proc', i, { Computer: 'h', Image: 'svchost.exe' }, `s${i}`),
    );
    const { hits } = kit.run([...common, kit.match('proc', 30, { Computer: 'h', Image: 'C:\\x\\evil.exe' }, 'evil')]);
    expect(hits.map(brief)).toEqual(['C@30 Computer=h 5 of C:\\x\\evil.exe [evil]']);
  });

  it('finds nothing rare when every value is common', () => {
    const { hits } = kit.run([
      kit.match('proc', 0, { Computer: 'h', Image: 'a' }),
      kit.match('proc', 1, { Computer: 'h', Image: 'b' }),
    ]);
    expect(hits).toEqual([]);
  });
});
