/**
 * `hunt` with the built-in rules on the generated Linux telemetry (`shared/corpus/logs/linux-generated/`,
 * GROUND-TRUTH.md): every attack step labelled T1569.003 and/or T1543.002 gets a finding carrying each
 * of those techniques on one of the step's audit serials, in the raw auditd log and in laurel's JSON
 * alike; the journald exports (JSON and export format) show the steps the journal can see, by unit;
 * benign steps get nothing at high or above, and the benign near-miss (systemd-run --scope) at most low.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { IssueCollector } from '../../src/event/index.js';
import { readLogFile } from '../../src/readers/index.js';
import type { Finding } from '../../src/report/index.js';
import { huntFindings } from '../support/hunt-findings.js';
import { LOG_CORPUS } from '../conformance/corpus-paths.js';

const LINUX = join(LOG_CORPUS, 'linux-generated');
const T1569 = 'T1569.003';
const T1543 = 'T1543.002';

type Session = 'attack' | 'mixed' | 'benign';

/** [step, session, techniques the step is labelled with (of T1569.003 and T1543.002), first and last audit serial]. */
const ATTACK_STEPS: readonly (readonly [string, Session, readonly string[], number, number])[] = [
  ['T1569_003_1', 'attack', [T1569], 1002, 1022],
  ['T1569_003_2', 'attack', [T1569], 1033, 1052],
  ['T1569_003_4', 'attack', [T1569], 1060, 1082],
  ['T1569_003_5', 'attack', [T1569], 1091, 1096],
  ['T1569_003_7', 'attack', [T1569], 1106, 1127],
  ['T1543_002_1', 'attack', [T1543], 1142, 1160],
  ['T1543_002_2', 'attack', [T1543], 1169, 1176],
  ['V01', 'attack', [T1543, T1569], 1179, 1183],
  ['V02', 'attack', [T1543, T1569], 1184, 1232],
  ['V03', 'attack', [T1569], 1235, 1235],
  ['V04', 'attack', [T1569], 1236, 1243],
  ['V05', 'attack', [T1569, T1543], 1246, 1249],
  ['V06', 'attack', [T1543], 1250, 1266],
  ['V07', 'attack', [T1543], 1267, 1270],
  ['V08', 'attack', [T1543], 1271, 1275],
  ['V09', 'attack', [T1543, T1569], 1276, 1283],
  ['M01', 'mixed', [T1543, T1569], 1352, 1356],
  ['M02', 'mixed', [T1569], 1379, 1379],
  ['M03', 'mixed', [T1543, T1569], 1385, 1423],
  ['M04', 'mixed', [T1569, T1543], 1428, 1431],
];

/** Benign steps by serial range; N12 is the near-miss. */
const BENIGN_STEPS: readonly (readonly [string, Session, number, number])[] = [
  ['N21', 'mixed', 1324, 1351],
  ['N22', 'mixed', 1357, 1378],
  ['N23', 'mixed', 1380, 1384],
  ['N24', 'mixed', 1426, 1427],
  ['N25', 'mixed', 1432, 1489],
  ['N26', 'mixed', 1500, 1524],
  ['N01', 'benign', 156, 214],
  ['N02', 'benign', 219, 611],
  ['N03', 'benign', 616, 663],
  ['N04', 'benign', 664, 669],
  ['N05', 'benign', 670, 672],
  ['N06', 'benign', 673, 708],
  ['N07', 'benign', 709, 713],
  ['N08', 'benign', 714, 771],
  ['N09', 'benign', 776, 822],
  ['N10', 'benign', 825, 835],
  ['N11', 'benign', 838, 904],
  ['N13', 'benign', 906, 917],
  ['N14', 'benign', 918, 967],
];

/**
 * Steps the journal shows, by the unit its entries name (Part 2 of GROUND-TRUTH.md). The others
 * leave nothing a rule can tell from admin work: a unit "Started" with a made-up description and
 * no output (T1569_003_1, T1569_003_4, T1543_002_1, V03 with --description, V05, V07, V09, M04),
 * only "Reloading." (V08, whose ssh.service does not exist) or no entry at all (T1543_002_2;
 * V06's LSB unit looks like exim4's in the benign session).
 */
const JOURNAL_STEPS: readonly (readonly [string, Session, string])[] = [
  ['T1569_003_2', 'attack', 'atomic_tmp.service'],
  ['T1569_003_5', 'attack', 'atomic-transient.service'],
  ['T1569_003_7', 'attack', 'atomic-persist.service'],
  ['V01', 'attack', 'dbus-org.freedesktop.resolve2.service'],
  ['V02', 'attack', 'gsd-sync.service'],
  ['V04', 'attack', 'tracker-extract-3.service'],
  ['M01', 'mixed', 'update-notifier-helper.service'],
  ['M02', 'mixed', 'apt-daily-cleanup.service'],
  ['M03', 'mixed', 'pulseaudio-x11.service'],
];

const HIGH_OR_ABOVE = new Set(['high', 'critical']);

async function hunt(file: string): Promise<Finding[]> {
  const { findings, summary } = await huntFindings(join(LINUX, file));
  expect(summary.counters.files).toBe(1);
  expect(summary.counters.issues).toEqual({});
  return findings;
}

const findings = new Map<string, Finding[]>();
/** Journal cursor → the entry's unit, per journal file (findings name the entry by its cursor). */
const units = new Map<string, Map<string, string>>();
const FILES = ['auditd/%s.log', 'laurel/%s.jsonl', 'journald/%s.json', 'journald/%s.export'];

beforeAll(async () => {
  for (const session of ['attack', 'mixed', 'benign'] as const) {
    for (const pattern of FILES) {
      const file = pattern.replace('%s', session);
      findings.set(file, await hunt(file));
      if (file.startsWith('journald/')) units.set(file, await unitsByCursor(file));
    }
  }
}, 120_000);

function serialOf(finding: Finding): number {
  return Number(finding.source.recordId);
}

async function unitsByCursor(file: string): Promise<Map<string, string>> {
  const byCursor = new Map<string, string>();
  for await (const batch of readLogFile(join(LINUX, file), { sink: new IssueCollector() })) {
    for (const event of batch.events) {
      const unit = event.get('Unit');
      if (typeof unit === 'string') byCursor.set(String(event.provenance.recordId), unit);
    }
  }
  return byCursor;
}

function unitOf(file: string, finding: Finding): string | undefined {
  return units.get(file)?.get(String(finding.source.recordId));
}

describe.each([
  ['raw auditd', 'auditd/%s.log'],
  ['laurel', 'laurel/%s.jsonl'],
])('hunt on the %s logs', (_name, pattern) => {
  it.each(ATTACK_STEPS)(
    'finds step %s (%s session) with its techniques on its serials',
    (_step, session, techniques, first, last) => {
      const onStep = (findings.get(pattern.replace('%s', session)) ?? []).filter(
        (f) => serialOf(f) >= first && serialOf(f) <= last,
      );
      for (const technique of techniques) {
        expect(onStep.filter((f) => f.attack.techniques.includes(technique)).length, technique).toBeGreaterThan(0);
      }
    },
  );

  it.each(BENIGN_STEPS)(
    'reports nothing at high or above for benign step %s (%s session)',
    (_step, session, first, last) => {
      const loud = (findings.get(pattern.replace('%s', session)) ?? []).filter(
        (f) => serialOf(f) >= first && serialOf(f) <= last && HIGH_OR_ABOVE.has(f.rule.level ?? ''),
      );
      expect(loud.map((f) => f.rule.title)).toEqual([]);
    },
  );

  it('reports the near-miss N12 (systemd-run --scope apt-get check) at most at low', () => {
    const n12 = (findings.get(pattern.replace('%s', 'benign')) ?? []).filter((f) => serialOf(f) === 905);
    expect(
      n12.filter((f) => f.rule.level !== 'low' && f.rule.level !== 'informational').map((f) => f.rule.title),
    ).toEqual([]);
  });
});

describe.each([
  ['journalctl -o json', 'journald/%s.json'],
  ['journalctl -o export', 'journald/%s.export'],
])('hunt on the journal exports (%s)', (_name, pattern) => {
  it.each(JOURNAL_STEPS)('finds step %s (%s session) by its unit %s', (_step, session, unit) => {
    const file = pattern.replace('%s', session);
    const onUnit = (findings.get(file) ?? []).filter((f) => unitOf(file, f) === unit);
    expect(
      onUnit.filter((f) => f.attack.techniques.includes(T1569) || f.attack.techniques.includes(T1543)).length,
    ).toBeGreaterThan(0);
  });

  it('reports nothing at all on the benign session, the near-miss N12 included', () => {
    expect((findings.get(pattern.replace('%s', 'benign')) ?? []).map((f) => f.rule.title)).toEqual([]);
  });

  it('reports nothing at high or above for units of the benign steps of the mixed session', () => {
    const file = pattern.replace('%s', 'mixed');
    const loud = (findings.get(file) ?? []).filter(
      (f) => HIGH_OR_ABOVE.has(f.rule.level ?? '') && ['cron.service', 'init.scope'].includes(unitOf(file, f) ?? ''),
    );
    expect(loud).toEqual([]);
  });
});
