/** The human summary a hunt prints on stderr at the end. */
import { printableText } from '../event/index.js';
import type { HuntSummary } from '../pipeline/index.js';
import { groupDigits } from './group-digits.js';

const n = groupDigits;
const MB = 1024 * 1024;

function byCount(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} ${n(v)}`).join(', ');
}

/** Levels as the summary counts them; `none` for rules that name no level, so the counts add up. */
const LEVELS = ['critical', 'high', 'medium', 'low', 'informational', 'none'];

export function huntSummaryText(s: HuntSummary): string {
  const c = s.counters;
  const seconds = s.elapsedMs / 1000;
  const lines = [
    `svchunt hunt: ${n(c.files)} files (${(c.bytes / MB).toFixed(1)} MB), ${n(c.records)} records in ${seconds.toFixed(2)} s` +
      ` (${n(Math.round(c.records / Math.max(seconds, 0.001)))} records/s, ${s.threads} thread${s.threads === 1 ? '' : 's'})`,
  ];
  for (const [format, f] of Object.entries(c.byFormat).sort()) {
    lines.push(`  ${format}: ${n(f.files)} files, ${(f.bytes / MB).toFixed(1)} MB, ${n(f.records)} records`);
  }
  const skippedRecords = Object.values(c.skippedRecords).reduce((a, b) => a + b, 0);
  const skippedChunks = Object.values(c.skippedChunks).reduce((a, b) => a + b, 0);
  lines.push(
    `  skipped: ${n(skippedRecords)} records (${byCount(c.skippedRecords)}), ${n(skippedChunks)} chunks (${byCount(c.skippedChunks)})` +
      `; issues: ${byCount(c.issues)}`,
  );
  // An event without a time cannot be shown to be inside the window: it is left out with the rest.
  if (c.outsideWindow > 0) lines.push(`  outside --from/--to (or without a time): ${n(c.outsideWindow)} records`);
  lines.push(`  not logs: ${n(s.notLogs.length)} files; unreadable: ${n(s.unreadable.length)}`);
  // Paths and reasons come from the file system and the rules: printed as printableText, as issues are.
  for (const u of s.unreadable) lines.push(`    unreadable ${printableText(`${u.path}: ${u.reason}`)}`);
  lines.push(
    `  rules: ${n(s.rules.loaded)} loaded (${n(s.rules.builtin)} built-in), ${n(s.rules.correlations)} correlations` +
      (s.rules.filteredOut > 0 ? `, ${n(s.rules.filteredOut)} left out by --level/--status/--tag/--technique` : '') +
      `, ${n(s.rules.notLoaded.length)} not loaded`,
  );
  for (const r of s.rules.notLoaded) lines.push(`    not loaded ${r.code}: ${printableText(r.reason)}`);
  if (s.rules.cacheNotWritten !== null) {
    lines.push(
      `    rule cache ${printableText(s.rules.cacheNotWritten)} could not be written; rules are parsed again next run`,
    );
  }
  const evaluated = s.index.evaluations + s.index.avoided;
  if (evaluated > 0) {
    lines.push(`  rule index: ${((100 * s.index.avoided) / evaluated).toFixed(1)} % of rule evaluations avoided`);
  }
  const levels = LEVELS.filter((l) => (s.findings.byLevel[l] ?? 0) > 0).map(
    (l) => `${l} ${n(s.findings.byLevel[l] ?? 0)}`,
  );
  lines.push(`  findings: ${n(s.findings.total)}${levels.length > 0 ? ` (${levels.join(', ')})` : ''}`);
  if (s.findings.total > 0) lines.push(`  by technique: ${byCount(s.findings.byTechnique)}`);
  const c2 = s.correlation;
  if (c2.rules > 0) {
    const skipped = c2.missingGroupBy + c2.missingValue;
    lines.push(
      `  correlation: ${n(c2.rules)} rules, ${n(c2.buffered)} matches buffered and sorted by time, ${n(c2.hits)} hits` +
        (skipped > 0 ? `, ${n(skipped)} matches without a group-by or value field` : '') +
        (c2.dropped + c2.late + c2.overflow > 0
          ? `; dropped ${n(c2.dropped)} (buffer full), ${n(c2.late)} (late), ${n(c2.overflow)} (window full)`
          : ''),
    );
  }
  if (s.stories !== undefined) {
    const st = s.stories;
    lines.push(
      `  stories: ${n(st.stories)} from ${n(st.records)} story records` +
        (st.dropped > 0 ? `; ${n(st.dropped)} records dropped at the memory cap (stories may miss steps)` : ''),
    );
  }
  return `${lines.join('\n')}\n`;
}
