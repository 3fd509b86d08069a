/**
 * bench/sigma: events per second through the SigmaHQ Windows rule set (rules/windows and
 * rules-threat-hunting/windows, about 2,500 rules) on a stream of one million events — the SigmaHQ
 * regression samples replayed among common benign events — and the share of rule evaluations the
 * rule index avoids. Usage: npm run bench:sigma [-- --events N]
 */
import { join } from 'node:path';
import type { Event } from '../../src/event/index.js';
import { checkRules, loadRules, RuleSet } from '../../src/sigma/index.js';
import { SIGMA_CORPUS } from '../../test/conformance/corpus-paths.js';
import { regressionTwinEvents } from '../../test/conformance/regression-events.js';
import { benignEvents } from '../../test/support/benign-events.js';

const argEvents = process.argv.indexOf('--events');
const TOTAL = argEvents > 0 ? Number(process.argv[argEvents + 1]) : 1_000_000;
/** Distinct events held in memory; the stream cycles through them (caches are per event, so no reuse). */
const POOL = 50_000;

async function main(): Promise<void> {
  const loadStart = performance.now();
  const loaded = await loadRules([
    join(SIGMA_CORPUS, 'rules', 'windows'),
    join(SIGMA_CORPUS, 'rules-threat-hunting', 'windows'),
  ]);
  const checked = checkRules(loaded);
  const ruleSet = new RuleSet(checked.rules);
  const loadMs = performance.now() - loadStart;

  const attacks = regressionTwinEvents();
  const pool = benignEvents(POOL - attacks.length);
  // Spread the attack samples evenly through the benign stream.
  const step = Math.floor(pool.length / attacks.length);
  attacks.forEach((event, i) => pool.splice(i * (step + 1), 0, event as never));

  // Warm-up pass compiles every bucket the stream needs and lets V8 optimise the matchers.
  for (const event of pool) ruleSet.match(event, () => undefined);
  const warm = { ...ruleSet.stats };
  globalThis.gc?.();

  let matches = 0;
  const start = performance.now();
  for (let n = 0; n < TOTAL; n++) ruleSet.match(pool[n % pool.length] as Event, () => matches++);
  const seconds = (performance.now() - start) / 1000;

  const evaluations = ruleSet.stats.evaluations - warm.evaluations;
  const avoided = ruleSet.stats.avoided - warm.avoided;
  const rss = process.memoryUsage().rss / 2 ** 20;
  console.log(
    `rules loaded:          ${checked.rules.length} (${checked.rejected.length} not loaded) in ${(loadMs / 1000).toFixed(2)} s`,
  );
  console.log(
    `events:                ${TOTAL.toLocaleString('en')} (${attacks.length} regression samples among ${pool.length - attacks.length} benign, cycled)`,
  );
  console.log(`matches:               ${matches.toLocaleString('en')}`);
  console.log(
    `throughput:            ${Math.round(TOTAL / seconds).toLocaleString('en')} events/s (one thread, ${seconds.toFixed(2)} s)`,
  );
  console.log(
    `rule evaluations:      ${evaluations.toLocaleString('en')} (${(evaluations / TOTAL).toFixed(1)} per event)`,
  );
  console.log(
    `avoided by the index:  ${((100 * avoided) / (avoided + evaluations)).toFixed(2)} % of ${(avoided + evaluations).toLocaleString('en')} rule x event pairs`,
  );
  console.log(`rss:                   ${rss.toFixed(0)} MiB`);
}

await main();
