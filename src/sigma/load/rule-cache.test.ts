import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRules } from '../check-rules.js';
import { loadRules } from './load-rules.js';
import { RuleCache } from './rule-cache.js';

const RULE = `title: sc create
id: 11111111-2222-4333-8444-555555555555
logsource: { category: process_creation, product: windows }
detection:
  selection: { Image|endswith: '\\sc.exe', CommandLine|contains: create }
  condition: selection
`;

function setup(): { dir: string; rules: string; cacheFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'svchunt-cache-'));
  const rules = join(dir, 'rules');
  const cacheFile = join(dir, 'cache', 'rules');
  return { dir, rules, cacheFile };
}

/** The shard files of a cache folder. */
function shardsOf(cacheFolder: string): string[] {
  return readdirSync(cacheFolder).map((name) => join(cacheFolder, name));
}

describe('RuleCache', () => {
  it('gives back the same documents on the second load, without parsing', async () => {
    const { dir, cacheFile } = setup();
    const file = join(dir, 'a.yml');
    writeFileSync(file, RULE);
    const first = new RuleCache(cacheFile, 'v1');
    const fresh = await loadRules([file], { cache: first });
    expect(first.misses).toBe(1);
    expect(first.save()).toBe(true);
    const second = new RuleCache(cacheFile, 'v1');
    const cached = await loadRules([file], { cache: second });
    expect(second.hits).toBe(1);
    expect(cached).toEqual(fresh);
    expect(checkRules(cached).rules[0]?.detection.searches).toBeInstanceOf(Map);
    // Every source location names the rule file; the shard writes it once, in the entry's key.
    expect(JSON.stringify(fresh).split(JSON.stringify(file)).length - 1).toBeGreaterThan(2);
    const shard = readFileSync(shardsOf(cacheFile)[0]!, 'utf8');
    expect(shard.split(JSON.stringify(file).slice(0, -1)).length - 1).toBe(1);
  });

  it('misses when the rule text changes or svchunt is another version', async () => {
    const { dir, cacheFile } = setup();
    const file = join(dir, 'a.yml');
    writeFileSync(file, RULE);
    const cache = new RuleCache(cacheFile, 'v1');
    await loadRules([file], { cache });
    cache.save();
    writeFileSync(file, RULE.replace('create', 'config'));
    const changed = new RuleCache(cacheFile, 'v1');
    const reloaded = await loadRules([file], { cache: changed });
    expect(changed.misses).toBe(1);
    expect(JSON.stringify(reloaded.documents)).toContain('config');
    expect(changed.save()).toBe(true);
    const sameVersion = new RuleCache(cacheFile, 'v1');
    await loadRules([file], { cache: sameVersion });
    expect(sameVersion.hits).toBe(1);
    // The same text under another version misses: only the salt differs.
    const otherVersion = new RuleCache(cacheFile, 'v2');
    await loadRules([file], { cache: otherVersion });
    expect(otherVersion.hits).toBe(0);
    expect(otherVersion.misses).toBe(1);
  });

  it('creates missing folders for the cache, and gives up at once where it cannot (under /proc)', async () => {
    const { dir } = setup();
    const file = join(dir, 'a.yml');
    writeFileSync(file, RULE);
    const deep = new RuleCache(join(dir, 'new', 'deeper', 'cache'), 'v1');
    await loadRules([file], { cache: deep });
    expect(deep.save()).toBe(true);
    expect(shardsOf(join(dir, 'new', 'deeper', 'cache'))).toHaveLength(1);
    if (!existsSync('/proc/self')) return;
    const proc = new RuleCache('/proc/svchunt-test/cache', 'v1');
    await loadRules([file], { cache: proc });
    expect(proc.save()).toBe(false);
    expect(proc.saveError).toMatch(/ENOENT|EACCES|EPERM/); // why, for the run's summary
  });

  it('starts empty from a corrupt cache file and still loads the rules', async () => {
    const { dir, cacheFile } = setup();
    const file = join(dir, 'a.yml');
    writeFileSync(file, RULE);
    const cache = new RuleCache(cacheFile, 'v1');
    await loadRules([file], { cache });
    cache.save();
    const [shard] = shardsOf(cacheFile) as [string];
    writeFileSync(shard, readFileSync(shard, 'utf8').slice(0, 50));
    const broken = new RuleCache(cacheFile, 'v1');
    const loaded = await loadRules([file], { cache: broken });
    expect(broken.hits).toBe(0);
    expect(loaded.documents).toHaveLength(1);
  });

  it('remembers which documents compile, per placeholder set, across runs', async () => {
    const { dir, cacheFile } = setup();
    const good = join(dir, 'good.yml');
    const bad = join(dir, 'bad.yml');
    writeFileSync(good, RULE);
    writeFileSync(bad, RULE.replace('CommandLine|contains: create', "CommandLine|re: '(unclosed'"));
    const first = new RuleCache(cacheFile, 'v1');
    const fresh = checkRules(await loadRules([good, bad], { cache: first }), { memo: first });
    expect(first.save()).toBe(true);

    const second = new RuleCache(cacheFile, 'v1');
    const loaded = await loadRules([good, bad], { cache: second });
    const [goodDoc, badDoc] = loaded.documents;
    expect(second.outcome(goodDoc!, '')).toBeNull();
    expect(second.outcome(badDoc!, '')?.code).toBe('BAD_REGEX');
    expect(second.outcome(goodDoc!, '[["x",["1"]]]')).toBeUndefined();
    const again = checkRules(loaded, { memo: second });
    expect(again.issues).toEqual(fresh.issues);
    expect(again.rules.map((r) => r.key)).toEqual(fresh.rules.map((r) => r.key));
  });

  it('keeps only the latest text of an edited file', async () => {
    const { dir, cacheFile } = setup();
    const file = join(dir, 'a.yml');
    writeFileSync(file, RULE);
    const first = new RuleCache(cacheFile, 'v1');
    await loadRules([file], { cache: first });
    expect(first.save()).toBe(true);
    writeFileSync(file, RULE.replace('create', 'config'));
    const second = new RuleCache(cacheFile, 'v1');
    await loadRules([file], { cache: second });
    expect(second.save()).toBe(true);
    const [shard] = shardsOf(cacheFile) as [string];
    const saved = JSON.parse(readFileSync(shard, 'utf8')) as { entries: [string, unknown][] };
    expect(saved.entries.map(([key]) => key.split('\u0000')[0])).toEqual([file]);
  });

  it('reads only the shards of the folders whose rules are loaded', async () => {
    const { dir, cacheFile } = setup();
    const folders = ['a', 'b', 'c'].map((name) => join(dir, name));
    for (const folder of folders) {
      mkdirSync(folder);
      writeFileSync(join(folder, 'rule.yml'), RULE);
    }
    const first = new RuleCache(cacheFile, 'v1');
    await loadRules(folders, { cache: first });
    expect(first.save()).toBe(true);
    expect(shardsOf(cacheFile)).toHaveLength(3);
    const second = new RuleCache(cacheFile, 'v1');
    await loadRules([folders[1]!], { cache: second });
    expect([second.hits, second.misses, second.shardsOpened]).toEqual([1, 0, 1]);
  });

  it('forgets files that are gone from their folder when it writes their shard', async () => {
    const { dir, cacheFile } = setup();
    const kept = join(dir, 'kept.yml');
    const gone = join(dir, 'gone.yml');
    writeFileSync(kept, RULE);
    writeFileSync(gone, RULE.replace('create', 'config'));
    const first = new RuleCache(cacheFile, 'v1');
    await loadRules([kept, gone], { cache: first });
    expect(first.save()).toBe(true);
    rmSync(gone);
    writeFileSync(kept, RULE.replace('create', 'delete'));
    const second = new RuleCache(cacheFile, 'v1');
    await loadRules([kept], { cache: second });
    expect(second.save()).toBe(true);
    const [shard] = shardsOf(cacheFile) as [string];
    const saved = JSON.parse(readFileSync(shard, 'utf8')) as { entries: [string, unknown][] };
    expect(saved.entries.map(([key]) => key.split('\u0000')[0])).toEqual([kept]);
  });
});
