import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileYaml, ruleYaml } from '../../test/support/sigma-harness.js';
import { isProgressOnly, ItemDetector, PROGRESS_RECORDS, type ItemPart } from './detect-item.js';
import { planWork, type WorkItem } from './work-plan.js';

const setup = { detect: {}, correlationFields: {}, stories: false };
const dir = mkdtempSync(join(tmpdir(), 'svchunt-detect-'));
const events = join(dir, 'events.json');
writeFileSync(events, `${JSON.stringify({ EventID: 7045, Channel: 'System', ServiceName: 'x' })}\n`);

/** `count` flat System events, one per line; every `installEvery`th a service install (7045). */
function systemLines(count: number, installEvery: number): string {
  let text = '';
  for (let i = 0; i < count; i++) {
    const eventId = i % installEvery === 0 ? 7045 : 7036;
    text += `${JSON.stringify({ Channel: 'System', EventID: eventId, ServiceName: `svc${i}` })}\n`;
  }
  return text;
}

async function allParts(detector: ItemDetector, item: WorkItem): Promise<ItemPart[]> {
  const parts: ItemPart[] = [];
  for await (const part of detector.parts(item)) parts.push(part);
  return parts;
}

describe('ItemDetector', () => {
  it('reports a file that cannot be read as unreadable', async () => {
    const detector = new ItemDetector(
      compileYaml(ruleYaml('selection: { ServiceName: x }\ncondition: selection')),
      setup,
    );
    const parts = await allParts(detector, {
      index: 0,
      path: join(dir, 'gone.json'),
      format: 'json',
      isFirstOfFile: true,
    });
    expect(parts).toHaveLength(1);
    expect(parts[0]?.end?.unreadable).toMatch(/ENOENT/);
    expect(parts[0]?.end?.counters).toMatchObject({ files: 0, unreadable: 1, bytes: 0 });
  });

  it('throws a bug instead of calling the input unreadable', async () => {
    const ruleSet = compileYaml(ruleYaml('selection: { ServiceName: x }\ncondition: selection'));
    ruleSet.match = () => {
      throw new TypeError('a bug in a matcher');
    };
    const detector = new ItemDetector(ruleSet, setup);
    await expect(allParts(detector, { index: 0, path: events, format: 'json', isFirstOfFile: true })).rejects.toThrow(
      'a bug in a matcher',
    );
  });

  it('tells how far a file with no findings is read, and its end counts it once as before', async () => {
    const path = join(dir, 'quiet.json');
    writeFileSync(path, systemLines(2 * PROGRESS_RECORDS + 1_500, 1_000_000_000));
    const detector = new ItemDetector(
      compileYaml(ruleYaml('selection: { ServiceName: none }\ncondition: selection')),
      setup,
    );
    const parts = await allParts(detector, { index: 0, path, format: 'json', isFirstOfFile: true });
    const sizeBytes = statSync(path).size;
    expect(parts.map((p) => p.progress.records)).toEqual([
      PROGRESS_RECORDS,
      2 * PROGRESS_RECORDS,
      2 * PROGRESS_RECORDS + 1_500,
    ]);
    expect(parts.slice(0, -1).every(isProgressOnly)).toBe(true);
    const bytes = parts.map((p) => p.progress.bytes);
    expect(bytes[0]).toBeGreaterThan(0);
    expect(bytes[1]).toBeGreaterThan(bytes[0]!);
    expect(bytes[2]).toBe(sizeBytes);
    expect(parts.at(-1)?.end?.counters).toMatchObject({ records: 2 * PROGRESS_RECORDS + 1_500, bytes: sizeBytes });
  });

  it('carries the progress on parts with findings, and cuts no progress-only part between them', async () => {
    const path = join(dir, 'busy.json');
    writeFileSync(path, systemLines(3 * PROGRESS_RECORDS, 1));
    const detector = new ItemDetector(
      compileYaml(ruleYaml('selection: { EventID: 7045 }\ncondition: selection')),
      setup,
    );
    const parts = await allParts(detector, { index: 0, path, format: 'json', isFirstOfFile: true });
    expect(parts.some(isProgressOnly)).toBe(false);
    expect(parts.reduce((n, p) => n + p.findings.length, 0)).toBe(3 * PROGRESS_RECORDS);
    // Each part tells how many events were read up to it: its findings and those before it.
    let findings = 0;
    for (const part of parts) {
      findings += part.findings.length;
      expect(part.progress.records).toBe(findings);
    }
    const end = parts.at(-1)?.end?.counters;
    expect(end?.records).toBe(3 * PROGRESS_RECORDS);
    expect(parts.at(-1)?.progress).toEqual({ bytes: end?.bytes, records: end?.records });
  });

  it('tells how far an EVTX chunk run is read, and ends with its counters', async () => {
    const example = fileURLToPath(new URL('../../examples/windows/psexec-target-system.evtx', import.meta.url));
    const [item] = planWork([{ path: example, format: 'evtx', sizeBytes: statSync(example).size }]);
    const detector = new ItemDetector(
      compileYaml(ruleYaml('selection: { EventID: 7045 }\ncondition: selection')),
      setup,
    );
    const parts = await allParts(detector, item!);
    const end = parts.at(-1)?.end?.counters;
    expect(end?.records).toBeGreaterThan(0);
    expect(parts.at(-1)?.progress).toEqual({ bytes: end?.bytes, records: end?.records });
    expect(end?.bytes).toBe(statSync(example).size);
  });
});
