/**
 * SigmaHQ regression data as an oracle (REGRESSION.md): for each of the 202 entries, the rule,
 * loaded together with every other SigmaHQ rule, matches its sample's JSON twin at least
 * `expected_match_count` times and at most once per event.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { flattenWindowsEventJson, windowsEventFromFields, type Event } from '../../src/event/index.js';
import { splitJsonValues } from '../../src/readers/json-values.js';
import { checkRules, loadRules, RuleSet } from '../../src/sigma/index.js';
import { SIGMA_CORPUS } from './corpus-paths.js';
import { readRegressionIndex } from './regression-index.js';

function readTwin(path: string): Event[] {
  const errors: string[] = [];
  const events: Event[] = [];
  for (const { value, line, offset } of splitJsonValues(readFileSync(path, 'utf8'), (e) => errors.push(e.message))) {
    const fields = flattenWindowsEventJson(value);
    if (fields === undefined) throw new Error(`${path}:${line} is no Windows event`);
    events.push(windowsEventFromFields(fields, { file: path, offset, line }));
  }
  expect(errors).toEqual([]);
  return events;
}

describe('SigmaHQ regression samples (JSON twins)', () => {
  let ruleSet: RuleSet;
  const entries = readRegressionIndex();

  beforeAll(async () => {
    const loaded = await loadRules(
      ['rules', 'rules-threat-hunting', 'rules-emerging-threats'].map((d) => join(SIGMA_CORPUS, d)),
    );
    ruleSet = new RuleSet(checkRules(loaded).rules);
  });

  it('has 202 entries', () => {
    expect(entries).toHaveLength(202);
  });

  it.each(entries.map((e) => [e.rule_title, e] as const))('%s', (_title, entry) => {
    const events = readTwin(join(SIGMA_CORPUS, entry.json_sample_path));
    expect(events).toHaveLength(entry.sample_event_count);
    let hits = 0;
    for (const event of events) {
      ruleSet.match(event, (rule) => {
        if (rule.meta.id === entry.rule_id) hits++;
      });
    }
    expect(hits).toBeGreaterThanOrEqual(entry.expected_match_count);
    expect(hits).toBeLessThanOrEqual(events.length);
  });
});
