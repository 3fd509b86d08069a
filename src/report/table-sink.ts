/**
 * The terminal table: findings ordered by time, columns sized to the terminal, levels in colour
 * (when the output is a colour terminal), then the ATT&CK context of the techniques found — tactic,
 * mitigations, data components, SP 800-53 controls — once per technique instead of per row, then
 * the attack stories (`story-table.ts`).
 */
import { printableText } from '../event/index.js';
import type { Finding, FindingAttack } from './finding.js';
import { isoTime, levelRank } from './finding.js';
import type { FindingSink, TextWriter } from './finding-sink.js';
import { storyTableLines } from './story-table.js';
import type { Story } from './story.js';

export interface TableOptions {
  /** Terminal width in columns; long cells are cut with `…`. */
  readonly width: number;
  readonly color: boolean;
  /** Technique id → its name and own ATT&CK context, for the context block. */
  readonly techniqueContext: (id: string) => { readonly name: string | undefined; readonly attack: FindingAttack };
  /** Print an attack stories section (`--stories`), even when there is none. */
  readonly stories?: boolean;
}

const LEVEL_COLOURS: Readonly<Record<string, string>> = {
  critical: '\u001b[1;41;97m',
  high: '\u001b[1;31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
  informational: '\u001b[2m',
};
const RESET = '\u001b[0m';
const BOLD = '\u001b[1m';

/** A cell: printable (a log value may carry terminal escapes), cut to its width. */
function cut(text: string, width: number): string {
  const flat = printableText(text);
  return flat.length <= width ? flat.padEnd(width) : `${flat.slice(0, Math.max(0, width - 1))}…`;
}

/** The detail column: the first key fields that carry a value, as `Name=value`; for a correlation, what it measured. */
function details(finding: Finding): string {
  const c = finding.correlation;
  if (c !== undefined) {
    const group = Object.entries(c.groupBy).map(([k, v]) => `${k}=${v}`);
    const of = c.fieldValue !== undefined ? ` of ${c.fieldValue}` : '';
    return [
      `${c.type} ${c.value}${of} (${c.condition}) in ${c.timespan}`,
      ...group,
      `${c.events.length + c.omittedEvents} events`,
    ].join('  ');
  }
  return Object.entries(finding.event.fields)
    .filter(([, v]) => v !== null && v !== '' && v !== undefined)
    .slice(0, 4)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join('  ');
}

function byTime(a: Finding, b: Finding): number {
  const ta = Number.isNaN(a.time) ? Number.POSITIVE_INFINITY : a.time;
  const tb = Number.isNaN(b.time) ? Number.POSITIVE_INFINITY : b.time;
  return ta - tb || levelRank(b.rule.level) - levelRank(a.rule.level);
}

export class TableSink implements FindingSink {
  private readonly out: TextWriter;
  private readonly options: TableOptions;
  private readonly findings: Finding[] = [];
  private readonly stories: Story[] = [];

  constructor(out: TextWriter, options: TableOptions) {
    this.out = out;
    this.options = options;
  }

  async write(finding: Finding): Promise<void> {
    this.findings.push(finding);
  }

  async story(story: Story): Promise<void> {
    this.stories.push(story);
  }

  async end(): Promise<void> {
    const storyLines =
      this.options.stories === true || this.stories.length > 0
        ? storyTableLines(this.stories, {
            width: this.options.width,
            color: this.options.color,
            techniqueName: (id) => this.options.techniqueContext(id).name,
            levelColour: (level, text) => (this.options.color ? `${LEVEL_COLOURS[level] ?? ''}${text}${RESET}` : text),
          })
        : [];
    if (this.findings.length === 0) {
      await this.out(`No findings.\n${storyLines.length > 0 ? `\n${storyLines.join('\n')}\n` : ''}`);
      return;
    }
    const { width, color } = this.options;
    const rows = [...this.findings].sort(byTime);
    const time = 23;
    const level = 13;
    // Widest cell by a loop: spreading every finding into Math.max overflows the stack on big hunts.
    const widest = (least: number, most: number, cell: (r: Finding) => string): number => {
      let width = least;
      for (const r of rows) width = Math.max(width, cell(r).length);
      return Math.min(most, width);
    };
    const host = widest(4, 18, (r) => r.host ?? '-');
    const technique = widest(9, 20, (r) => r.attack.techniques.join(','));
    const rule = widest(4, 48, (r) => r.rule.title);
    const detail = Math.max(20, width - (time + level + host + technique + rule + 10));
    const line = (cells: string[]): string => cells.join('  ').trimEnd();
    const lines = [
      (color ? BOLD : '') +
        line([
          cut('TIME (UTC)', time),
          cut('LEVEL', level),
          cut('HOST', host),
          cut('RULE', rule),
          cut('ATT&CK', technique),
          'DETAILS',
        ]) +
        (color ? RESET : ''),
    ];
    for (const f of rows) {
      const levelText = cut(f.rule.level ?? '-', level);
      lines.push(
        line([
          cut((isoTime(f.time) ?? '-').replace('T', ' ').replace('Z', ''), time),
          color ? `${LEVEL_COLOURS[f.rule.level ?? ''] ?? ''}${levelText}${RESET}` : levelText,
          cut(f.host ?? '-', host),
          cut(f.rule.title, rule),
          cut(f.attack.techniques.join(',') || '-', technique),
          cut(details(f), detail),
        ]),
      );
    }
    lines.push('', ...this.contextBlock(rows));
    if (storyLines.length > 0) lines.push('', ...storyLines);
    await this.out(`${lines.join('\n')}\n`);
  }

  private contextBlock(rows: readonly Finding[]): string[] {
    const byTechnique = new Map<string, number>();
    for (const f of rows) for (const t of f.attack.techniques) byTechnique.set(t, (byTechnique.get(t) ?? 0) + 1);
    const lines = [`${this.options.color ? BOLD : ''}ATT&CK context${this.options.color ? RESET : ''}`];
    const list = (refs: readonly { id: string; name: string }[]): string =>
      refs.map((r) => `${r.id} ${r.name}`).join('; ') || '-';
    for (const [id, count] of [...byTechnique].sort(([a], [b]) => a.localeCompare(b))) {
      const { name, attack } = this.options.techniqueContext(id);
      lines.push(`  ${id}${name !== undefined ? ` ${name}` : ''} — ${count} finding${count === 1 ? '' : 's'}`);
      lines.push(`    tactics:         ${attack.tactics.map((t) => `${t.id} ${t.name}`).join('; ') || '-'}`);
      lines.push(`    mitigations:     ${list(attack.mitigations)}`);
      lines.push(`    data components: ${list(attack.dataComponents)}`);
      lines.push(`    NIST 800-53:     ${attack.controls.map((c) => c.id).join(', ') || '-'}`);
    }
    return lines;
  }
}
