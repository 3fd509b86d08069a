/** CSV (RFC 4180): a header, then one row per finding as it arrives; spreadsheet-friendly. */
import type { Finding } from './finding.js';
import { isoTime } from './finding.js';
import type { FindingSink, TextWriter } from './finding-sink.js';

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
] as const;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.join(';') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(finding: Finding): string {
  const f = finding.event.fields;
  const ids = (refs: readonly { id: string }[]): string => refs.map((r) => r.id).join(';');
  const values = [
    isoTime(finding.time),
    finding.host,
    finding.rule.level,
    finding.rule.id,
    finding.rule.title,
    finding.rule.author,
    finding.attack.techniques.join(';'),
    finding.attack.tactics.map((t) => t.name).join(';'),
    ids(finding.attack.mitigations),
    ids(finding.attack.controls),
    finding.event.channel,
    finding.event.eventId,
    finding.event.recordId,
    f['ServiceName'],
    f['ImagePath'] ?? f['ServiceFileName'],
    f['Image'] ?? f['NewProcessName'],
    f['CommandLine'],
    f['ParentImage'] ?? f['ParentProcessName'],
    f['User'] ?? f['SubjectUserName'],
    f['TargetObject'],
    finding.source.file,
    finding.source.line ?? finding.source.offset,
  ];
  return `${values.map(cell).join(',')}\r\n`;
}

export class CsvSink implements FindingSink {
  private readonly out: TextWriter;
  private started = false;

  constructor(out: TextWriter) {
    this.out = out;
  }

  async write(finding: Finding): Promise<void> {
    if (!this.started) await this.header();
    await this.out(csvRow(finding));
  }

  private async header(): Promise<void> {
    this.started = true;
    await this.out(`${COLUMNS.join(',')}\r\n`);
  }

  async end(): Promise<void> {
    if (!this.started) await this.header();
  }
}
