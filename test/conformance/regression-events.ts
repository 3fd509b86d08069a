/** The events of every SigmaHQ regression JSON twin, for tests and benchmarks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flattenWindowsEventJson, windowsEventFromFields, type Event } from '../../src/event/index.js';
import { splitJsonValues } from '../../src/readers/json-values.js';
import { SIGMA_CORPUS } from './corpus-paths.js';
import { readRegressionIndex } from './regression-index.js';

export function regressionTwinEvents(): Event[] {
  const events: Event[] = [];
  for (const entry of readRegressionIndex()) {
    const path = join(SIGMA_CORPUS, entry.json_sample_path);
    for (const { value, offset, line } of splitJsonValues(readFileSync(path, 'utf8'), () => undefined)) {
      const fields = flattenWindowsEventJson(value);
      if (fields !== undefined) events.push(windowsEventFromFields(fields, { file: path, offset, line }));
    }
  }
  return events;
}
