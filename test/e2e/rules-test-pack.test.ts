/**
 * svchunt's own rule pack: every fixture passes, and every rule keeps the pack's conventions
 * (metadata, fresh UUIDv4 ids, the platform's T1569 sub-technique), so `npm test` guards them.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRules, loadRules, runRuleFixtures, type SigmaRule } from '../../src/sigma/index.js';

const PACK = fileURLToPath(new URL('../../rules/', import.meta.url));
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The T1569 sub-technique of each platform (SigmaHQ tags systemctl as .002; we do not). */
const PLATFORM_SUB_TECHNIQUE: Readonly<Record<string, string>> = {
  windows: 'attack.t1569.002',
  linux: 'attack.t1569.003',
  macos: 'attack.t1569.001',
};

async function packRules(): Promise<readonly SigmaRule[]> {
  return checkRules(await loadRules([PACK])).rules;
}

describe('svchunt rule pack', () => {
  it('passes every fixture, with no rule issue of any severity', async () => {
    const report = await runRuleFixtures([PACK]);
    const failures = report.failures.map(
      (f) => `${f.testCase.location.file}:${f.testCase.location.line} ${f.kind} ${f.testCase.name}`,
    );
    expect(failures).toEqual([]);
    expect(report.fixtureIssues).toEqual([]);
    expect(report.ruleIssues).toEqual([]);
    // Every file of detection rules has its fixture; correlation documents are tested through their input rules.
    expect(report.fixtures).toBe(new Set((await packRules()).map((r) => r.location.file)).size);
    expect(report.passed).toBe(true);
  });

  it('gives every rule the required metadata and a unique UUIDv4', async () => {
    const rules = await packRules();
    expect(rules.length).toBeGreaterThan(0);
    const ids = new Set<string>();
    for (const rule of rules) {
      const where = rule.location.file;
      expect(rule.meta.id, where).toMatch(UUID_V4);
      expect(ids.has(rule.meta.id ?? ''), `${where}: id used twice`).toBe(false);
      ids.add(rule.meta.id ?? '');
      expect(rule.meta.author, where).toBe('svchunt project');
      expect(rule.meta.status, where).toBeDefined();
      expect(rule.meta.level, where).toBeDefined();
      expect(rule.meta.date, where).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(rule.meta.description, where).toBeTruthy();
      expect(rule.meta.references.length, where).toBeGreaterThan(0);
      expect(rule.meta.falsepositives.length, where).toBeGreaterThan(0);
      expect(
        rule.meta.tags.some((t) => /^attack\.t\d{4}/.test(t)),
        `${where}: no technique tag`,
      ).toBe(true);
      expect(
        rule.meta.tags.some((t) => /^attack\.[a-z]+(-[a-z]+)*$/.test(t)),
        `${where}: no tactic tag`,
      ).toBe(true);
    }
  });

  it('tags T1569 with the sub-technique of the platform the rule is written for', async () => {
    for (const rule of await packRules()) {
      const t1569 = rule.meta.tags.filter((t) => t.startsWith('attack.t1569'));
      const expected = PLATFORM_SUB_TECHNIQUE[rule.logsource.product ?? ''];
      expect(expected, rule.location.file).toBeDefined();
      for (const tag of t1569) expect(tag, rule.location.file).toBe(expected);
    }
  });
});
