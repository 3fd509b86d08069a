/**
 * The audit data model shared by the raw `audit.log` reader and the laurel JSON shape: a record
 * (one `type=…` line, or one member of a laurel object) with its decoded fields, and an audit
 * event — every record that carries the same serial in `msg=audit(TIME:SERIAL)`.
 */
import type { FieldValue } from '../../event/index.js';

export interface AuditRecord {
  /** Record type as auditd names it: SYSCALL, EXECVE, CWD, PATH, PROCTITLE, USER_CMD … */
  readonly type: string;
  /** The record's fields under auditd's names, strings decoded (hex arguments, quotes removed). */
  readonly fields: Map<string, FieldValue>;
  /** 1-based line and byte offset of the record in its file. */
  readonly line: number;
  readonly offset: number;
  /** EXECVE's `aN[i]` pieces as bytes (raw logs), to join an argument the kernel spread over several records. */
  readonly pieces?: ArgumentPieces | undefined;
}

/** Argument name (`a3`) → its pieces' bytes, in the order the log wrote them. */
export type ArgumentPieces = Map<string, Buffer[]>;

export interface AuditEvent {
  readonly serial: number;
  /** Epoch milliseconds of `msg=audit(SECONDS.MILLIS:…)`. */
  readonly time: number;
  /** `node=` of the records, when the log names hosts. */
  readonly node: string | undefined;
  readonly records: AuditRecord[];
  /** What the log itself says of the parent process (laurel's PPID enrichment), when it does. */
  readonly parentImage?: string | undefined;
}

/** Reads `SECONDS.MILLIS:SERIAL` (the inside of `audit(…)`, and laurel's `ID`). */
export function parseAuditId(id: string): { time: number; serial: number } | undefined {
  const match = /^(\d+)\.(\d{1,3}):(\d+)$/.exec(id);
  if (match === null) return undefined;
  return { time: Number(match[1]) * 1000 + Number(match[2]!.padEnd(3, '0')), serial: Number(match[3]) };
}
