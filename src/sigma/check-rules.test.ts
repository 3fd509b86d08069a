/** What `rules check` reports: every problem with its code, severity and file:line:column. */
import { describe, expect, it } from 'vitest';
import { checkYaml } from '../../test/support/sigma-harness.js';
import { formatRuleIssue } from './rule-issue.js';

const issues = (yaml: string) =>
  checkYaml(yaml).issues.map((i) => `${i.location.line}:${i.location.column} ${i.severity} ${i.code}`);

describe('checkRules', () => {
  it('locates a YAML syntax error', () => {
    expect(issues('title: x\ndetection: [unclosed\n')[0]).toMatch(/^\d+:\d+ invalid YAML_SYNTAX$/);
  });

  it('requires title, logsource and a condition', () => {
    expect(issues('logsource: {product: windows}\ndetection: {s: {a: 1}, condition: s}\n')).toEqual([
      '1:1 invalid MISSING_FIELD',
    ]);
    expect(issues('title: x\ndetection: {s: {a: 1}, condition: s}\n')).toEqual(['1:1 invalid MISSING_FIELD']);
    expect(issues('title: x\nlogsource: {product: windows}\ndetection:\n  s: {a: 1}\n')).toEqual([
      '4:3 invalid MISSING_FIELD',
    ]);
  });

  it('points at the offending token of a condition and at the key of a bad modifier', () => {
    const yaml =
      'title: x\nlogsource: {product: windows}\ndetection:\n  sel:\n    Image|endswth: a\n  condition: sel and nope\n';
    expect(issues(yaml)).toEqual(['6:22 invalid UNDEFINED_IDENTIFIER']);
    const modifier =
      'title: x\nlogsource: {product: windows}\ndetection:\n  sel:\n    Image|endswth: a\n  condition: sel\n';
    const [issue] = checkYaml(modifier).issues;
    expect(issue && formatRuleIssue(issue)).toBe('inline.yml:5:5: UNKNOWN_MODIFIER unknown modifier "endswth"');
  });

  it('rejects bad level and status, and warns on Sigma 1.0 dates', () => {
    const base = 'title: x\nlogsource: {product: windows}\ndetection: {s: {a: 1}, condition: s}\n';
    expect(issues(`${base}level: severe\n`)).toEqual(['4:8 invalid BAD_METADATA']);
    expect(issues(`${base}status: beta\n`)).toEqual(['4:9 invalid BAD_METADATA']);
    expect(issues(`${base}date: 2020/10/05\n`)).toEqual(['4:7 warning BAD_METADATA']);
  });

  it('reads every document of a multi-document file and resolves correlation references', () => {
    const yaml = `title: base
name: base_rule
logsource: {product: windows, service: security}
detection: {s: {EventID: 4625}, condition: s}
---
title: many failures
correlation: {type: event_count, rules: [base_rule], group-by: [IpAddress], timespan: 5m, condition: {gte: 10}}
---
title: broken
correlation: {type: event_count, rules: [missing_rule], group-by: [IpAddress], timespan: 5m, condition: {gte: 10}}
`;
    const result = checkYaml(yaml);
    expect(result.rules).toHaveLength(1);
    expect(result.correlations.map((c) => c.meta.title)).toEqual(['many failures']);
    expect(issues(yaml)).toEqual(['9:1 invalid UNRESOLVED_REFERENCE']);
  });

  it('warns that a correlation with an upper bound is judged on anchored windows', () => {
    const base = `title: base
name: base_rule
logsource: {product: windows, service: security}
detection: {s: {EventID: 4625}, condition: s}
`;
    const correlation = (condition: string) =>
      `---\ntitle: c\ncorrelation: {type: event_count, rules: [base_rule], timespan: 10s, condition: ${condition}}\n`;
    expect(issues(base + correlation('{gte: 3}'))).toEqual([]);
    expect(issues(base + correlation('{gte: 3, lte: 5}'))).toEqual(['6:1 warning ANCHORED_WINDOWS']);
    expect(issues(base + correlation('{eq: 4}'))).toEqual(['6:1 warning ANCHORED_WINDOWS']);
  });

  it('takes a trailing --- or a comment-only document for no document, and an explicit null for a bad one', () => {
    const rule = 'title: r\nlogsource: {product: windows}\ndetection: {s: {EventID: 1}, condition: s}\n';
    expect(issues(`${rule}---\n`)).toEqual([]);
    expect(issues(`${rule}---\n# nothing here\n`)).toEqual([]);
    expect(checkYaml(`${rule}---\n`).rules).toHaveLength(1);
    expect(issues(`${rule}---\nnull\n`)).toEqual(['5:1 invalid BAD_FIELD_TYPE']);
  });

  it('warns about a duplicate id', () => {
    const rule =
      'title: x\nid: 00000000-0000-4000-8000-0000000000aa\nlogsource: {product: windows}\ndetection: {s: {a: 1}, condition: s}\n';
    expect(issues(`${rule}---\n${rule}`)).toEqual(['6:1 warning DUPLICATE_ID']);
  });
});
