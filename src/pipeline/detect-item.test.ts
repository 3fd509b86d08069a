import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileYaml, ruleYaml } from '../../test/support/sigma-harness.js';
import { ItemDetector, type ItemPart } from './detect-item.js';
import type { WorkItem } from './work-plan.js';

const setup = { detect: {}, correlationFields: {}, stories: false };
const dir = mkdtempSync(join(tmpdir(), 'svchunt-detect-'));
const events = join(dir, 'events.json');
writeFileSync(events, `${JSON.stringify({ EventID: 7045, Channel: 'System', ServiceName: 'x' })}\n`);

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
});
