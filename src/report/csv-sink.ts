/**
 * CSV (RFC 4180): a header, then rows as they arrive; spreadsheet-friendly. One table for all:
 * `kind` says what a row is — `finding` (one rule, one event), `correlation` (one row per event
 * behind a correlation finding, `group_id` C1, C2 … joining them, `step` the base rule that
 * matched), `story` (with `--stories`: a `summary` row then one row per event, `group_id` the story
 * id, `step` the story step).
 */
import type { CorrelationEventOut, Finding, FindingAttack } from './finding.js';
import { isoTime } from './finding.js';
import type { FindingSink, TextWriter } from './finding-sink.js';
import type { Story } from './story.js';

const COLUMNS = [
  'time',
  'host',
  'level',
  'rule_id',
  'rule_title',
  'rule_author',
  'techniques',
  'tactics',
  'mitigations',
  'controls',
  'channel',
  'event_id',
  'record_id',
  'service_name',
  'image_path',
  'image',
  'command_line',
  'parent_image',
  'user',
  'target_object',
  'file',
  'line_or_offset',
  'kind',
  'group_id',
  'step',
] as const;

/**
 * A cell, quoted when needed. Text that a spreadsheet would run as a formula (starting with = + - @,
 * or a tab or carriage return before one) gets a leading apostrophe: log values are attacker-chosen,
 * and `=HYPERLINK(…)` in a service name must stay text when an analyst opens the file in Excel.
 * Numbers are written as numbers, so a negative one keeps its sign.
 */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join(';') : String(value);
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const ids = (refs: readonly { id: string }[]): string => refs.map((r) => r.id).join(';');

function attackCells(attack: FindingAttack): unknown[] {
  return [
    attack.techniques.join(';'),
    attack.tactics.map((t) => t.name).join(';'),
    ids(attack.mitigations),
    ids(attack.controls),
  ];
}

type EventLike = Pick<Finding, 'time' | 'host' | 'event' | 'source'>;

function eventCells(e: EventLike): unknown[] {
  const f = e.event.fields;
  return [
    e.event.channel,
    e.event.eventId,
    e.event.recordId,
    f['ServiceName'],
    f['ImagePath'] ?? f['ServiceFileName'],
    f['Image'] ?? f['NewProcessName'],
    f['CommandLine'],
    f['ParentImage'] ?? f['ParentProcessName'],
    f['User'] ?? f['SubjectUserName'],
    f['TargetObject'],
    e.source.file,
    e.source.line ?? e.source.offset,
  ];
}

const row = (values: readonly unknown[]): string => `${values.map(cell).join(',')}\r\n`;

export function csvRow(finding: Finding): string {
  const r = finding.rule;
  return row([
    isoTime(finding.time),
    finding.host,
    r.level,
    r.id,
    r.title,
    r.author,
    ...attackCells(finding.attack),
    ...eventCells(finding),
    'finding',
    '',
    '',
  ]);
}

function correlationRows(finding: Finding, group: string): string {
  const r = finding.rule;
  const events: readonly CorrelationEventOut[] = finding.correlation?.events ?? [];
  return events
    .map((e) =>
      row([
        isoTime(e.time),
        e.host,
        r.level,
        r.id,
        r.title,
        r.author,
        ...attackCells(finding.attack),
        ...eventCells(e),
        'correlation',
        group,
        e.rule.title,
      ]),
    )
    .join('');
}

export function storyRows(story: Story): string {
  const attack = attackCells(story.attack);
  const blank = ['', '', '', '', '', '', '', '', '', ''];
  const lines = [
    row([
      isoTime(story.first),
      story.host,
      story.level,
      '',
      story.summary,
      '',
      ...attack,
      ...blank,
      '',
      '',
      'story',
      story.id,
      'summary',
    ]),
  ];
  for (const e of story.events) {
    const step = story.steps.find((s) => s.step === e.step);
    lines.push(
      row([
        isoTime(e.time),
        story.host,
        story.level,
        '',
        e.what,
        '',
        (step?.techniques ?? []).join(';'),
        '',
        '',
        '',
        e.channel,
        e.eventId,
        e.recordId,
        ...blank.slice(0, 7),
        e.source.file,
        e.source.line ?? e.source.offset,
        'story',
        story.id,
        e.step,
      ]),
    );
  }
  return lines.join('');
}

export class CsvSink implements FindingSink {
  private readonly out: TextWriter;
  private started = false;
  private correlations = 0;

  constructor(out: TextWriter) {
    this.out = out;
  }

  async write(finding: Finding): Promise<void> {
    if (!this.started) await this.header();
    if (finding.correlation === undefined) await this.out(csvRow(finding));
    else await this.out(correlationRows(finding, `C${++this.correlations}`));
  }

  async story(story: Story): Promise<void> {
    if (!this.started) await this.header();
    await this.out(storyRows(story));
  }

  private async header(): Promise<void> {
    this.started = true;
    await this.out(`${COLUMNS.join(',')}\r\n`);
  }

  async end(): Promise<void> {
    if (!this.started) await this.header();
  }
}
