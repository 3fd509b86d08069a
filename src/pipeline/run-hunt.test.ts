import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FindingSink } from '../report/index.js';
import { PROGRESS_RECORDS } from './detect-item.js';
import { runHunt, type HuntProgress } from './run-hunt.js';

// Threads > 1 run the worker from dist/ (see `workerUrl` in item-runner.ts): `npm run build` first.

const dir = mkdtempSync(join(tmpdir(), 'svchunt-hunt-'));
const rules = join(dir, 'rules');
const RULE = `title: Service installed
id: 6c1bb1f2-4d6e-4b7e-9a59-0d5c2b1f0e11
status: test
level: high
logsource:
  product: windows
  service: system
detection:
  selection:
    EventID: 7045
  condition: selection
`;
mkdirSync(rules);
writeFileSync(join(rules, 'service-installed.yml'), RULE);

/** `count` System events, every `installEvery`th a service install the rule flags. */
function systemFile(name: string, count: number, installEvery: number): string {
  let text = '';
  for (let i = 0; i < count; i++) {
    const eventId = i % installEvery === 0 ? 7045 : 7036;
    text += `${JSON.stringify({ Hostname: 'FS01', Channel: 'System', EventID: eventId, ServiceName: `svc${i}` })}\n`;
  }
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const quietSink: FindingSink = { write: () => Promise.resolve(), end: () => Promise.resolve() };

async function progressOf(inputs: string[], threads: number): Promise<{ calls: HuntProgress[]; totals: HuntProgress }> {
  const calls: HuntProgress[] = [];
  const summary = await runHunt(
    { inputs, rules: { builtin: false, rulePaths: [rules] }, detect: {}, threads },
    quietSink,
    { onProgress: (p) => calls.push(p) },
  );
  const totals = {
    filesDone: inputs.length,
    filesTotal: inputs.length,
    bytesDone: summary.counters.bytes,
    bytesTotal: calls[0]?.bytesTotal ?? 0,
    records: summary.counters.records,
    findings: summary.findings.total,
    elapsedMs: 0,
  };
  return { calls, totals };
}

describe('runHunt progress', () => {
  it.each([1, 2])(
    'moves while one large file is read, never back, and ends at the summary totals (threads %i)',
    async (threads) => {
      // Few findings: no part is cut for them, only for progress.
      const big = systemFile(`big-${threads}.json`, 4 * PROGRESS_RECORDS, 10_000);
      const small = systemFile(`small-${threads}.json`, 100, 10);
      const { calls, totals } = await progressOf([big, small], threads);
      const beforeEnd = calls.filter((c) => c.filesDone === 0);
      expect(beforeEnd.length).toBeGreaterThan(0);
      expect(beforeEnd[0]!.records).toBe(PROGRESS_RECORDS);
      expect(beforeEnd[0]!.bytesDone).toBeGreaterThan(0);
      expect(beforeEnd.at(-1)!.bytesDone).toBeLessThan(totals.bytesDone);
      for (let i = 1; i < calls.length; i++) {
        expect(calls[i]!.bytesDone).toBeGreaterThanOrEqual(calls[i - 1]!.bytesDone);
        expect(calls[i]!.records).toBeGreaterThanOrEqual(calls[i - 1]!.records);
      }
      expect({ ...calls.at(-1)!, elapsedMs: 0 }).toEqual(totals);
      expect(totals.records).toBe(4 * PROGRESS_RECORDS + 100);
    },
  );
});
