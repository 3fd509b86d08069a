/**
 * Groups raw audit records into audit events by node and serial. auditd writes the records of one
 * event together, ending with PROCTITLE or EOE, but records of concurrent events may interleave;
 * an event is complete when an EOE record closes it, or when `REORDER_LINES` lines have passed
 * without a record of its serial. Complete events come out in the order they started (an event
 * closed by EOE waits for the open ones that started before it), and at most `MAX_OPEN_EVENTS`
 * are held, each of at most `MAX_RECORDS_PER_EVENT` records, so memory stays bounded on any log.
 * An event is known by its node, serial and time (serials start over at boot, and a log gathered
 * from several hosts repeats them). A record whose event already came out is a late record: it is
 * read as an event of its own, and reported, since that event lacks the rest.
 */
import type { AuditEvent, AuditRecord } from './audit-record.js';

/** Lines after which an event without a new record is taken as complete (the corpus needs 1). */
export const REORDER_LINES = 64;
/** Events held open at once; past this the oldest is taken as complete. */
export const MAX_OPEN_EVENTS = 1024;
/**
 * Records one event may gather before it is given out in parts: a real event has a few (an execve
 * with its PATH and split EXECVE records, at most a few hundred); a log that repeats one serial
 * forever must not grow one event without bound.
 */
export const MAX_RECORDS_PER_EVENT = 4096;
/** Events that came out, remembered to tell a late record from a new event. */
const REMEMBERED_SERIALS = 4096;

/** Node and serial as one map key; the serial alone when the log names no host (no string built). */
type EventKey = number | string;

function eventKey(node: string | undefined, serial: number): EventKey {
  return node === undefined ? serial : `${node}\u0000${serial}`;
}

interface OpenEvent extends AuditEvent {
  readonly key: EventKey;
  lastLine: number;
  /** Closed by its EOE record, waiting for the events that started before it. */
  ended: boolean;
}

/** Told of a record that belongs to an event already given out. */
export type LateRecordHandler = (serial: number, record: AuditRecord) => void;

export interface AssemblerHandlers {
  readonly onLate: LateRecordHandler;
  /** Told once per event that reached `MAX_RECORDS_PER_EVENT` (at the record that filled it). */
  readonly onOversized: (serial: number, record: AuditRecord) => void;
}

export class AuditAssembler {
  private readonly open = new Map<EventKey, OpenEvent>();
  /** Node and serial → time of the events given out. */
  private readonly given = new Map<EventKey, number>();
  /** `given`'s keys in the order the events came out, so the oldest are forgotten first. */
  private readonly givenOrder: EventKey[] = [];
  private givenStart = 0;
  /** Events given out in parts (key → time): their further records start the next part without a late report. */
  private readonly oversized = new Map<EventKey, number>();
  private readonly handlers: AssemblerHandlers;

  constructor(handlers: AssemblerHandlers) {
    this.handlers = handlers;
  }

  /** Adds a record; complete events are appended to `out` in the order they started. */
  add(serial: number, time: number, node: string | undefined, record: AuditRecord, out: AuditEvent[]): void {
    const key = eventKey(node, serial);
    let event = this.open.get(key);
    if (event !== undefined && event.time !== time) {
      this.giveOut(event, out); // the serial counter started over: another event
      event = undefined;
    }
    if (event === undefined) {
      if (this.given.get(key) === time && this.oversized.get(key) !== time) this.handlers.onLate(serial, record);
      event = { key, serial, time, node, records: [], lastLine: record.line, ended: false };
      this.open.set(key, event);
    }
    // A record after the EOE of an event still held joins it: nothing of the event has come out.
    event.lastLine = record.line;
    if (record.type === 'EOE') event.ended = true;
    else event.records.push(record);
    if (event.records.length >= MAX_RECORDS_PER_EVENT) {
      if (this.oversized.get(key) !== time) {
        if (this.oversized.size >= REMEMBERED_SERIALS) this.oversized.clear();
        this.oversized.set(key, time);
        this.handlers.onOversized(serial, record);
      }
      this.giveOut(event, out);
    }
    this.flushDone(record.line, out);
  }

  /** Every event still open, in start order (at the end of the input). */
  flush(out: AuditEvent[]): void {
    for (const event of [...this.open.values()]) this.giveOut(event, out);
  }

  /** Gives out events from the oldest on while each is ended, stale, or one too many. */
  private flushDone(line: number, out: AuditEvent[]): void {
    for (const event of this.open.values()) {
      if (!event.ended && line - event.lastLine < REORDER_LINES && this.open.size <= MAX_OPEN_EVENTS) break;
      this.giveOut(event, out);
    }
  }

  private giveOut(event: OpenEvent, out: AuditEvent[]): void {
    if (this.open.get(event.key) === event) this.open.delete(event.key);
    this.remember(event.key, event.time);
    if (event.records.length > 0)
      out.push({ serial: event.serial, time: event.time, node: event.node, records: event.records });
  }

  private remember(key: EventKey, time: number): void {
    const known = this.given.has(key);
    this.given.set(key, time);
    if (known) return;
    this.givenOrder.push(key);
    if (this.givenOrder.length - this.givenStart > REMEMBERED_SERIALS) {
      this.given.delete(this.givenOrder[this.givenStart++]!);
      if (this.givenStart > REMEMBERED_SERIALS) {
        this.givenOrder.splice(0, this.givenStart);
        this.givenStart = 0;
      }
    }
  }
}
