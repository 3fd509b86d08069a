/**
 * The rule index is an optimisation only: over the SigmaHQ Windows rules, the regression samples
 * and a stream of benign events, the indexed rule set reports exactly what running every
 * logsource-matching rule on every event reports.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRules, loadRules, RuleSet } from '../../src/sigma/index.js';
import { benignEvents } from '../support/benign-events.js';
import { SIGMA_CORPUS } from './corpus-paths.js';
import { regressionTwinEvents } from './regression-events.js';

describe('rule index', () => {
  it('changes no result on SigmaHQ Windows rules', async () => {
    const loaded = await loadRules([
      join(SIGMA_CORPUS, 'rules', 'windows'),
      join(SIGMA_CORPUS, 'rules-threat-hunting', 'windows'),
    ]);
    const rules = checkRules(loaded).rules;
    const indexed = new RuleSet(rules);
    const plain = new RuleSet(rules, { useIndex: false });
    const events = [...regressionTwinEvents(), ...benignEvents(3000, 11)];
    const run = (set: RuleSet): string[] => {
      const hits: string[] = [];
      events.forEach((event, i) => set.match(event, (rule) => hits.push(`${i}:${rule.key}`)));
      return hits;
    };
    const expected = run(plain);
    expect(expected.length).toBeGreaterThan(300);
    expect(run(indexed)).toEqual(expected);
    expect(indexed.stats.evaluations).toBeLessThan(plain.stats.evaluations / 10);
  });
});
