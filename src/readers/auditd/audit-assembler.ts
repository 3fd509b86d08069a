/**
 * Groups raw audit records into audit events by serial. auditd writes the records of one event
 * together, ending with PROCTITLE or EOE, but records of concurrent events may interleave; an
 * event is complete when an EOE record closes it, or when `REORDER_LINES` lines have passed
 * without a record of its serial. Complete events come out in the order they started, and at
 * most `MAX_OPEN_EVENTS` are held, so memory stays bounded on any log.
 */
import type { AuditEvent, AuditRecord } from './audit-record.js';

/** Lines after which an event without a new record is taken as complete (the corpus needs 1). */
export const REORDER_LINES = 64;
/** Events held open at once; past this the oldest is taken as complete. */
export const MAX_OPEN_EVENTS = 1024;

interface OpenEvent extends AuditEvent {
  lastLine: number;
}

export class AuditAssembler {
  private readonly open = new Map<number, OpenEvent>();

  /** Adds a record; complete events are appended to `out` in the order they started. */
  add(serial: number, time: number, node: string | undefined, record: AuditRecord, out: AuditEvent[]): void {
    let event = this.open.get(serial);
    if (event === undefined) {
      event = { serial, time, node, records: [], lastLine: record.line };
      this.open.set(serial, event);
    }
    event.lastLine = record.line;
    if (record.type === 'EOE') {
      this.close(serial, out);
    } else {
      event.records.push(record);
    }
    this.flushStale(record.line, out);
  }

  /** Every event still open, in start order (at the end of the input). */
  flush(out: AuditEvent[]): void {
    for (const serial of [...this.open.keys()]) this.close(serial, out);
  }

  private flushStale(line: number, out: AuditEvent[]): void {
    for (const [serial, event] of this.open) {
      if (line - event.lastLine < REORDER_LINES && this.open.size <= MAX_OPEN_EVENTS) break;
      this.close(serial, out);
    }
  }

  private close(serial: number, out: AuditEvent[]): void {
    const event = this.open.get(serial);
    if (event === undefined) return;
    this.open.delete(serial);
    if (event.records.length > 0) out.push(event);
  }
}
