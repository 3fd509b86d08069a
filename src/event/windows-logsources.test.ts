/**
 * The Windows logsource table is data taken from SigmaHQ's own mapping (`tests-data/thor.yml` in the
 * shared corpus): every service → channel and every category → EventID (+ conditions, field renames)
 * there must be in our table, and the classifier must put events where thor.yml says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SIGMA_CORPUS } from '../../test/conformance/corpus-paths.js';
import { classifyWindowsEvent } from './windows-classifier.js';
import { WINDOWS_CATEGORY_SOURCES, WINDOWS_SERVICE_CHANNELS } from './windows-logsources.js';

interface ThorEntry {
  readonly category?: string;
  readonly product?: string;
  readonly service?: string;
  readonly conditions?: Record<string, string | number | (string | number)[]>;
  readonly fieldmappings?: Record<string, string>;
  readonly rewrite?: { product?: string; service?: string };
  readonly sources?: string[];
}

const thor = parse(readFileSync(join(SIGMA_CORPUS, 'tests-data', 'thor.yml'), 'utf8')) as {
  logsources: Record<string, ThorEntry>;
};
const entries = Object.entries(thor.logsources);

const serviceRows = entries.filter(
  ([, e]) => e.product === 'windows' && e.service !== undefined && e.sources !== undefined,
);
const categoryRows = entries.filter(([, e]) => e.category !== undefined && e.rewrite?.product === 'windows');

describe('Windows logsource table against SigmaHQ thor.yml', () => {
  it('reads the rows of thor.yml (an empty table would make no tests at all)', () => {
    expect(serviceRows.length).toBeGreaterThanOrEqual(40);
    expect(categoryRows.length).toBeGreaterThanOrEqual(40);
  });

  it.each(serviceRows)('service %s names the same channels', (_name, entry) => {
    const channels = (entry.sources ?? []).map((s) => s.replace(/^WinEventLog:/, ''));
    expect(WINDOWS_SERVICE_CHANNELS[entry.service as string]).toEqual(channels);
  });

  it.each(categoryRows)('category row %s is in the table and classifies its events', (_name, entry) => {
    const service = entry.rewrite?.service as string;
    const ids = ([] as (string | number)[]).concat(entry.conditions?.['EventID'] ?? []).map(Number);
    const extra = Object.entries(entry.conditions ?? {}).filter(([field]) => field !== 'EventID');
    const rows = WINDOWS_CATEGORY_SOURCES.filter(
      (row) =>
        row.category === entry.category && row.service === service && ids.every((id) => row.eventIds.includes(id)),
    );
    expect(rows.length, `${entry.category} / ${service} / ${ids.join(',')}`).toBeGreaterThan(0);
    const row = rows.find((r) => extra.every(([field, value]) => r.conditions?.[field]?.includes(String(value))));
    expect(row, 'conditions').toBeDefined();
    expect(row?.fieldMap ?? {}).toEqual(entry.fieldmappings ?? {});
    const channel = WINDOWS_SERVICE_CHANNELS[service]?.[0] as string;
    for (const id of ids) {
      expect(classifyWindowsEvent(channel, id).categories.map((m) => m.category)).toContain(entry.category);
    }
  });

  it('puts a Security 4688 into process_creation with its image fields renamed', () => {
    const cls = classifyWindowsEvent('Security', 4688);
    expect(cls.services).toEqual(['security']);
    expect(cls.categories).toEqual([
      expect.objectContaining({
        category: 'process_creation',
        fieldMap: { Image: 'NewProcessName', ParentImage: 'ParentProcessName' },
      }),
    ]);
    expect(classifyWindowsEvent('security', 4688)).toBe(cls);
  });
});
