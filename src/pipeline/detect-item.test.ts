import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileYaml, ruleYaml } from '../../test/support/sigma-harness.js';
import { ItemDetector } from './detect-item.js';

const setup = { detect: {}, correlationFields: {}, stories: false };
const dir = mkdtempSync(join(tmpdir(), 'svchunt-detect-'));
const events = join(dir, 'events.json');
writeFileSync(events, `${JSON.stringify({ EventID: 7045, Channel: 'System', ServiceName: 'x' })}\n`);

describe('ItemDetector', () => {
  it('reports a file that cannot be read as unreadable', async () => {
    const detector = new ItemDetector(
      compileYaml(ruleYaml('selection: { ServiceName: x }\ncondition: selection')),
      setup,
    );
    const result = await detector.run({ index: 0, path: join(dir, 'gone.json'), format: 'json', isFirstOfFile: true });
    expect(result.unreadable).toMatch(/ENOENT/);
  });

  it('throws a bug instead of calling the input unreadable', async () => {
    const ruleSet = compileYaml(ruleYaml('selection: { ServiceName: x }\ncondition: selection'));
    ruleSet.match = () => {
      throw new TypeError('a bug in a matcher');
    };
    const detector = new ItemDetector(ruleSet, setup);
    await expect(detector.run({ index: 0, path: events, format: 'json', isFirstOfFile: true })).rejects.toThrow(
      'a bug in a matcher',
    );
  });
});
