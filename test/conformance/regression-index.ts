/** Reads SigmaHQ's regression index (`shared/corpus/sigma/regression-index.json`, see REGRESSION.md). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIGMA_CORPUS } from './corpus-paths.js';

export interface RegressionEntry {
  readonly rule_id: string;
  readonly rule_path: string;
  readonly sample_path: string;
  readonly json_sample_path: string;
  readonly expected_match_count: number;
  readonly sample_event_count: number;
  readonly rule_title: string;
}

export function readRegressionIndex(): RegressionEntry[] {
  return JSON.parse(readFileSync(join(SIGMA_CORPUS, 'regression-index.json'), 'utf8')) as RegressionEntry[];
}
