/**
 * The SigmaHQ checks through `hunt`: one hunt over all 202 regression samples (EVTX and JSON twin)
 * with the SigmaHQ rules as `--rules` and no built-in rules; each rule matches its own sample at
 * least the expected number of times, in both formats, and the rule folders load as `rules check` says.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runHunt, type HuntSummary } from '../../src/pipeline/index.js';
import type { Finding, FindingSink } from '../../src/report/index.js';
import { SIGMA_CORPUS } from '../conformance/corpus-paths.js';
import { readRegressionIndex } from '../conformance/regression-index.js';

describe('SigmaHQ regression through hunt', () => {
  const entries = readRegressionIndex();
  const hitsByFile = new Map<string, Map<string, number>>();
  let summary: HuntSummary;

  beforeAll(async () => {
    const sink: FindingSink = {
      write: async (finding: Finding) => {
        const byRule = hitsByFile.get(finding.source.file) ?? new Map<string, number>();
        byRule.set(finding.rule.id ?? '', (byRule.get(finding.rule.id ?? '') ?? 0) + 1);
        hitsByFile.set(finding.source.file, byRule);
      },
      end: async () => undefined,
    };
    const inputs = entries.flatMap((e) => [join(SIGMA_CORPUS, e.sample_path), join(SIGMA_CORPUS, e.json_sample_path)]);
    summary = await runHunt(
      {
        inputs,
        rules: {
          builtin: false,
          rulePaths: ['rules', 'rules-threat-hunting', 'rules-emerging-threats'].map((d) => join(SIGMA_CORPUS, d)),
        },
        detect: {},
        threads: 2,
      },
      sink,
    );
  });

  it('reads every sample and loads every rule but the two placeholder rules', () => {
    expect(summary.counters.files).toBe(404);
    expect(summary.counters.records).toBe(2 * entries.reduce((sum, e) => sum + e.sample_event_count, 0));
    expect(summary.unreadable).toEqual([]);
    expect(summary.rules.notLoaded.map((r) => r.code)).toEqual(['UNSUPPORTED_PLACEHOLDER', 'UNSUPPORTED_PLACEHOLDER']);
  });

  it.each(entries.map((e) => [e.rule_title, e] as const))('%s', (_title, entry) => {
    for (const sample of [entry.sample_path, entry.json_sample_path]) {
      const hits = hitsByFile.get(join(SIGMA_CORPUS, sample))?.get(entry.rule_id) ?? 0;
      expect(hits, sample).toBeGreaterThanOrEqual(entry.expected_match_count);
      expect(hits, sample).toBeLessThanOrEqual(entry.sample_event_count);
    }
  });
});
