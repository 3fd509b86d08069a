/**
 * The raw Linux audit log reader (`/var/log/audit/audit.log`, RAW or ENRICHED format): lines →
 * records (`audit-line.ts`) → audit events by serial (`audit-assembler.ts`) → svchunt events
 * (`audit-events.ts`), with the parent of each new process known from the records read before it
 * (`process-table.ts`). Streams with bounded memory; every problem is an issue with file:line.
 */
import type { Event, IssueSink } from '../../event/index.js';
import { ChunkParserReader, type ChunkParser } from '../chunk-parser.js';
import { LineSplitter, type TextLine } from '../line-splitter.js';
import type { StreamLogReader } from '../log-reader.js';
import { AuditAssembler, MAX_RECORDS_PER_EVENT, REORDER_LINES } from './audit-assembler.js';
import { AuditEventBuilder } from './audit-events.js';
import { parseAuditLine } from './audit-line.js';
import type { AuditEvent } from './audit-record.js';
import { ProcessTable } from './process-table.js';

/** Raw audit lines → records → audit events by serial → svchunt events. */
class AuditParser implements ChunkParser {
  private readonly name: string;
  private readonly sink: IssueSink;
  private readonly splitter: LineSplitter;
  private readonly assembler: AuditAssembler;
  private readonly builder: AuditEventBuilder;
  private readonly lines: TextLine[] = [];
  private readonly complete: AuditEvent[] = [];

  constructor(name: string, sink: IssueSink) {
    this.name = name;
    this.sink = sink;
    this.splitter = new LineSplitter(name, sink);
    this.assembler = new AuditAssembler({
      onLate: (serial, record) =>
        sink.report({
          code: 'AUDIT_LATE_RECORD',
          message:
            `a ${record.type} record of audit event ${serial} came after the event was read (after its EOE, ` +
            `or ${REORDER_LINES} lines without a record of it); it is read as an event of its own, without the others`,
          file: name,
          line: record.line,
          offset: record.offset,
          recordId: serial,
          skipped: 'none',
        }),
      onOversized: (serial, record) =>
        sink.report({
          code: 'AUDIT_EVENT_TOO_LARGE',
          message:
            `audit event ${serial} has more than ${MAX_RECORDS_PER_EVENT} records: it is read in parts of ` +
            `${MAX_RECORDS_PER_EVENT}, each an event of its own`,
          file: name,
          line: record.line,
          offset: record.offset,
          recordId: serial,
          skipped: 'none',
        }),
    });
    this.builder = new AuditEventBuilder({ file: name, sink, processes: new ProcessTable() });
  }

  get consumedBytes(): number {
    return this.splitter.consumedBytes;
  }

  push(chunk: Buffer, out: Event[]): void {
    this.splitter.push(chunk, this.lines);
    this.take(out);
  }

  end(out: Event[]): void {
    this.splitter.end(this.lines);
    this.take(out);
    this.assembler.flush(this.complete);
    this.build(out);
  }

  private take(out: Event[]): void {
    for (const line of this.lines) {
      const parsed = parseAuditLine(line.text, {
        file: this.name,
        line: line.line,
        offset: line.offset,
        sink: this.sink,
      });
      if (parsed === undefined) continue;
      const record = {
        type: parsed.type,
        fields: parsed.fields,
        line: line.line,
        offset: line.offset,
        pieces: parsed.pieces,
      };
      this.assembler.add(parsed.serial, parsed.time, parsed.node, record, this.complete);
    }
    this.lines.length = 0;
    this.build(out);
  }

  private build(out: Event[]): void {
    for (const event of this.complete) this.builder.build(event, out);
    this.complete.length = 0;
  }
}

/** The shared raw audit log reader: record events plus derived process and file events (RAW or ENRICHED logs). */
export const AUDITD_READER: StreamLogReader = new ChunkParserReader(
  'auditd',
  (name, sink) => new AuditParser(name, sink),
);
