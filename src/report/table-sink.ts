/**
 * The terminal table: findings ordered by time, columns sized to the width it is given, levels in
 * colour (when the output is a colour terminal), then the ATT&CK context of the techniques found —
 * tactic, mitigations, data components, SP 800-53 controls — once per technique instead of per row,
 * then the attack stories (`story-table.ts`). Widths are display widths (`display-width.ts`): a CJK
 * host name takes twice its length. On a narrow terminal the least important column gives way first
 * (`fitColumns`).
 */
import { printableText } from '../event/index.js';
import { cutToWidth, displayWidth, loadDisplayWidth } from './display-width.js';
import type { Finding, FindingAttack } from './finding.js';
import { isoTime, levelRank } from './finding.js';
import type { FindingSink, TextWriter } from './finding-sink.js';
import { storyTableLines } from './story-table.js';
import type { Story } from './story.js';

export interface TableOptions {
  /**
   * Columns a line may take (the terminal's width); long cells are cut with `…`. A file or a pipe
   * passes `Number.POSITIVE_INFINITY`: nothing is cut there, since users grep it for whole values.
   */
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
const SEPARATOR = '  ';

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

type ColumnName = 'time' | 'level' | 'host' | 'rule' | 'techniques' | 'details';

interface Column {
  readonly header: string;
  readonly cell: (finding: Finding) => string;
  /** The narrowest it is cut to on a narrow terminal (its cells then end in `…`); undefined: never cut. */
  readonly minWidth: number | undefined;
}

const COLUMNS = {
  time: {
    header: 'TIME (UTC)',
    cell: (f) => (isoTime(f.time) ?? '-').replace('T', ' ').replace('Z', ''),
    minWidth: undefined,
  },
  level: { header: 'LEVEL', cell: (f) => f.rule.level ?? '-', minWidth: undefined },
  // A short host name whole, or the first label of a long one (`FS01.corp.e…`).
  host: { header: 'HOST', cell: (f) => f.host ?? '-', minWidth: 12 },
  // About four words of a title, enough to tell the rules of one hunt apart: on an 80-column
  // terminal the ATT&CK column (listed again in the context block) goes before the title is cut further.
  rule: { header: 'RULE', cell: (f) => f.rule.title, minWidth: 26 },
  // One sub-technique id and the `…` that says more follow; the context block lists them all.
  techniques: { header: 'ATT&CK', cell: (f) => f.attack.techniques.join(',') || '-', minWidth: 10 },
  // Below this a `Name=value` pair is seldom recognisable: the column goes rather than show a sliver.
  details: { header: 'DETAILS', cell: details, minWidth: 20 },
} as const satisfies Record<ColumnName, Column>;

const COLUMN_ORDER: readonly ColumnName[] = ['time', 'level', 'host', 'rule', 'techniques', 'details'];

/** The least important column: it takes what the others leave at their full width, or is left out. */
const LEFTOVER_COLUMN: ColumnName = 'details';

/** Columns left out, in this order, while a line cannot hold even the minimums of those shown. */
const LEAVE_OUT_ORDER: readonly ColumnName[] = ['details', 'techniques', 'host'];

/** How a line too wide is cut: step by step, each step cutting one column no further than `downTo` (default: its minimum). */
const CUT_STEPS: readonly { readonly column: ColumnName; readonly downTo?: number }[] = [
  { column: 'details' },
  // The end of a long title goes before any other column: Sigma titles run to 90 columns, and their
  // first 48 tell them apart (the table's fixed rule width before it fitted the terminal).
  { column: 'rule', downTo: 48 },
  { column: 'techniques' },
  { column: 'host' },
  { column: 'rule' },
];

/** Each column's widest cell (its header included), in display columns. */
function naturalWidths(cells: readonly (readonly string[])[]): number[] {
  const widths = COLUMN_ORDER.map((name) => displayWidth(COLUMNS[name].header));
  // A loop, not Math.max(...rows): spreading every finding overflows the stack on big hunts.
  for (const row of cells)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  return widths;
}

/**
 * The width of each column in `COLUMN_ORDER` for lines of at most `width` columns (undefined: left
 * out), from their natural widths: first `LEFTOVER_COLUMN` and `LEAVE_OUT_ORDER` decide which are
 * shown, then `CUT_STEPS` cut those. When time, level and the shortest title do not fit (under ~60
 * columns), lines stay wider than `width` and the terminal wraps them: hiding when or how bad a
 * finding was would be worse. An unlimited `width` cuts nothing.
 */
function fitColumns(natural: readonly number[], width: number): (number | undefined)[] {
  const widths: (number | undefined)[] = [...natural];
  const least = (i: number, downTo = COLUMNS[COLUMN_ORDER[i]!].minWidth ?? Infinity): number =>
    Math.min(natural[i] ?? 0, downTo);
  const lineWidth = (columnWidth: (i: number) => number): number => {
    const shown = widths.flatMap((w, i) => (w === undefined ? [] : [columnWidth(i)]));
    return shown.reduce((sum, w) => sum + w, 0) + SEPARATOR.length * (shown.length - 1);
  };
  for (const name of LEAVE_OUT_ORDER) {
    const column = COLUMN_ORDER.indexOf(name);
    const needed =
      name === LEFTOVER_COLUMN
        ? lineWidth((i) => (i === column ? least(i) : (widths[i] ?? 0)))
        : lineWidth((i) => least(i));
    if (needed > width) widths[column] = undefined;
  }
  let over = lineWidth((i) => widths[i] ?? 0) - width;
  for (const step of CUT_STEPS) {
    const column = COLUMN_ORDER.indexOf(step.column);
    const current = widths[column];
    if (over <= 0 || current === undefined) continue;
    const cut = Math.min(over, Math.max(0, current - least(column, step.downTo)));
    widths[column] = current - cut;
    over -= cut;
  }
  return widths;
}

/** `text` with spaces after it up to `width` display columns. */
function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** An entry of a context list is cut only below this, however narrow the terminal. */
const MIN_CONTEXT_ENTRY_WIDTH = 12;

/**
 * `label` and `entries` joined by `separator` and wrapped at `width`, continuation lines under the
 * first entry; each line but the last ends with the separator's mark (`;`) so a multi-word entry
 * is not mistaken for two. Only an entry longer than a whole line is cut.
 */
function wrapList(label: string, entries: readonly string[], separator: '; ' | ', ', width: number): string[] {
  if (entries.length === 0) return [`${label}-`];
  const mark = separator.trimEnd();
  const indent = ' '.repeat(displayWidth(label));
  const entryRoom = Math.max(MIN_CONTEXT_ENTRY_WIDTH, width - indent.length - mark.length);
  const lines: string[] = [];
  let line = label;
  let used = indent.length;
  entries.forEach((entry, i) => {
    const piece = cutToWidth(entry, entryRoom) + (i < entries.length - 1 ? mark : '');
    const pieceWidth = displayWidth(piece);
    if (i > 0 && used + 1 + pieceWidth > width) {
      lines.push(line);
      line = indent + piece;
      used = indent.length + pieceWidth;
    } else {
      line += (i > 0 ? ' ' : '') + piece;
      used += (i > 0 ? 1 : 0) + pieceWidth;
    }
  });
  lines.push(line);
  return lines;
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
    await loadDisplayWidth();
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
    const cells = rows.map((f) => COLUMN_ORDER.map((name) => printableText(COLUMNS[name].cell(f))));
    const widths = fitColumns(naturalWidths(cells), width);
    const line = (row: readonly string[], paint: (column: ColumnName, text: string) => string): string =>
      COLUMN_ORDER.flatMap((name, i) => {
        const columnWidth = widths[i];
        return columnWidth === undefined
          ? []
          : [paint(name, padToWidth(cutToWidth(row[i] ?? '', columnWidth), columnWidth))];
      })
        .join(SEPARATOR)
        .trimEnd();
    const header = line(
      COLUMN_ORDER.map((name) => COLUMNS[name].header),
      (_, text) => text,
    );
    const lines = [color ? `${BOLD}${header}${RESET}` : header];
    rows.forEach((f, r) => {
      const level = f.rule.level ?? '';
      lines.push(
        line(cells[r] ?? [], (name, text) =>
          color && name === 'level' ? `${LEVEL_COLOURS[level] ?? ''}${text}${RESET}` : text,
        ),
      );
    });
    lines.push('', ...this.contextBlock(rows));
    if (storyLines.length > 0) lines.push('', ...storyLines);
    await this.out(`${lines.join('\n')}\n`);
  }

  private contextBlock(rows: readonly Finding[]): string[] {
    const { width, color } = this.options;
    const byTechnique = new Map<string, number>();
    for (const f of rows) for (const t of f.attack.techniques) byTechnique.set(t, (byTechnique.get(t) ?? 0) + 1);
    const lines = [`${color ? BOLD : ''}ATT&CK context${color ? RESET : ''}`];
    const named = (refs: readonly { id: string; name: string }[]): string[] => refs.map((r) => `${r.id} ${r.name}`);
    for (const [id, count] of [...byTechnique].sort(([a], [b]) => a.localeCompare(b))) {
      const { name, attack } = this.options.techniqueContext(id);
      const heading = `  ${id}${name !== undefined ? ` ${name}` : ''} — ${count} finding${count === 1 ? '' : 's'}`;
      lines.push(
        cutToWidth(heading, width),
        ...wrapList('    tactics:         ', named(attack.tactics), '; ', width),
        ...wrapList('    mitigations:     ', named(attack.mitigations), '; ', width),
        ...wrapList('    data components: ', named(attack.dataComponents), '; ', width),
        ...wrapList(
          '    NIST 800-53:     ',
          attack.controls.map((c) => c.id),
          ', ',
          width,
        ),
      );
    }
    return lines;
  }
}
