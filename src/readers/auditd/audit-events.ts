/**
 * Turns one audit event (every record of a serial) into svchunt events, the same way for raw logs
 * and laurel: one `service: auditd` event per record, with the SYSCALL record's shared facts copied
 * in (`AUDIT_SHARED_FIELDS`, read through by `audit-record-event.ts`); a `process_creation` event per successful execve; a `file_event` per
 * file a successful call created or wrote, and a `file_delete` per file it removed (PATH records;
 * a rename removes none: it moves one name and may replace the file of another).
 * Provenance: the record's line, and the audit serial as record id. Field mappings are the tables
 * in `src/event/auditd-fields.ts`.
 */
import {
  AUDIT_EXEC_SYSCALLS,
  AUDIT_FILE_EVENT_FIELDS,
  AUDIT_PROCESS_CREATION_FIELDS,
  AUDIT_WRITE_SYSCALLS,
  AUDITD_FILE_DELETE_CLASS,
  AUDITD_FILE_EVENT_CLASS,
  AUDITD_PROCESS_CREATION_CLASS,
  MapEvent,
  OPEN_WRITE_FLAGS,
  type Event,
  type FieldValue,
  type IssueSink,
  type LogsourceClass,
} from '../../event/index.js';
import { absolutePath } from './audit-path.js';
import { AuditRecordEvent } from './audit-record-event.js';
import { SYSCALL_NAMES_BY_ARCH } from './syscall-names.js';
import type { ArgumentPieces, AuditEvent, AuditRecord } from './audit-record.js';
import { argumentText, fieldText } from './audit-values.js';
import { openFlags } from './open-flags.js';
import type { ProcessTable } from './process-table.js';

/** One row of `AUDIT_WRITE_SYSCALLS`. */
type AuditWriteSyscall = (typeof AUDIT_WRITE_SYSCALLS)[string];

export interface AuditEventContext {
  readonly file: string;
  readonly sink: IssueSink;
  /** Process facts of the file read so far (raw logs); undefined where the log carries them. */
  readonly processes: ProcessTable | undefined;
}

/** Computed sources of the mapping tables, beside `RECORD.field`. */
interface Computed {
  argv: string | undefined;
  parentImage: string | undefined;
  parentCommandLine: string | undefined;
  path: string | undefined;
  pathRecord: AuditRecord | undefined;
}

/**
 * EXECVE records of one event (the kernel splits long argument lists) as one record; an argument
 * whose `aN[i]` pieces run over several records is joined from all of them, in order.
 */
function mergedExecve(records: readonly AuditRecord[]): AuditRecord | undefined {
  const parts = records.filter((r) => r.type === 'EXECVE');
  if (parts.length <= 1) return parts[0];
  const fields = new Map<string, FieldValue>();
  const pieces: ArgumentPieces = new Map();
  for (const part of parts) {
    for (const [k, v] of part.fields) if (!fields.has(k)) fields.set(k, v);
    if (part.pieces === undefined) continue;
    for (const [k, bytes] of part.pieces) {
      const joined = pieces.get(k);
      if (joined === undefined) pieces.set(k, [...bytes]);
      else joined.push(...bytes);
    }
  }
  for (const [k, bytes] of pieces) fields.set(k, argumentText(bytes));
  return { type: 'EXECVE', fields, line: parts[0]!.line, offset: parts[0]!.offset, pieces };
}

/** The highest `N` of the `aN` fields an EXECVE record has, or -1. */
function lastArgumentIndex(execve: AuditRecord): number {
  let last = -1;
  for (const key of execve.fields.keys()) {
    if (key.charCodeAt(0) !== 0x61 || !/^a\d+$/.test(key)) continue; // `a` then digits only
    last = Math.max(last, Number(key.slice(1)));
  }
  return last;
}

/**
 * The command line of an EXECVE record: its arguments `a0` … joined by spaces, a missing one as
 * empty text. `argc` says how many there are, but only the arguments present are walked: a corrupt
 * or crafted `argc=300000000` must not build a list that size. `missing` counts those `argc` names
 * that the record lacks (lost pieces of a split record, a bad `argc`).
 */
function argvOf(execve: AuditRecord): { text: string; missing: number } {
  const argc = Number(fieldText(execve.fields.get('argc')) ?? Number.NaN);
  const last = lastArgumentIndex(execve);
  const count = Number.isInteger(argc) && argc >= 0 ? Math.min(argc, last + 1) : last + 1;
  const args: string[] = [];
  let present = 0;
  for (let i = 0; i < count; i++) {
    const arg = fieldText(execve.fields.get(`a${i}`));
    if (arg !== undefined) present++;
    args.push(arg ?? '');
  }
  return { text: args.join(' '), missing: Number.isInteger(argc) && argc > present ? argc - present : 0 };
}

function lookup(source: string, records: readonly AuditRecord[], computed: Computed): FieldValue | undefined {
  const dot = source.indexOf('.');
  if (dot < 0) return computed[source as keyof Omit<Computed, 'pathRecord'>];
  const type = source.slice(0, dot);
  const name = source.slice(dot + 1);
  if (type === 'PATH') return computed.pathRecord?.fields.get(name);
  for (const record of records) if (record.type === type) return record.fields.get(name);
  return undefined;
}

function mapped(
  table: readonly { readonly field: string; readonly from: readonly string[] }[],
  records: readonly AuditRecord[],
  computed: Computed,
): Map<string, FieldValue> {
  const fields = new Map<string, FieldValue>();
  for (const row of table) {
    for (const source of row.from) {
      const value = lookup(source, records, computed);
      if (value === undefined || value === null) continue;
      fields.set(row.field, value);
      break;
    }
  }
  return fields;
}

/**
 * Whether a PATH record (of this `nametype`) names a file the call created or wrote (see `AUDIT_WRITE_SYSCALLS`);
 * `flags` are the call's open flags when the event shows them.
 */
function isWrite(nametype: string | undefined, op: AuditWriteSyscall, flags: number | undefined): boolean {
  if (nametype === 'CREATE') return true;
  if (nametype !== 'NORMAL') return false;
  if (op.writesExisting === true) return true;
  // Without flags (an openat2 on a kernel before 5.16, which writes no OPENAT2 record) a NORMAL
  // path says only that a file which existed was opened, and most opens are reads: counting them
  // as writes made every read of a unit file a file_event. So it is a read; a file the call made
  // is still seen (CREATE), an O_TRUNC openat2 of an existing file on such a kernel is not.
  return flags !== undefined && (flags & OPEN_WRITE_FLAGS) !== 0;
}

export class AuditEventBuilder {
  private readonly context: AuditEventContext;
  /** Architectures without a syscall table, reported once each. */
  private readonly unknownArches = new Set<string>();

  constructor(context: AuditEventContext) {
    this.context = context;
  }

  /** Appends the events of `event` to `out`; returns how many. */
  build(event: AuditEvent, out: Event[]): number {
    const before = out.length;
    const execve = mergedExecve(event.records);
    const records: AuditRecord[] = [];
    for (const record of event.records) {
      if (record.type !== 'EXECVE') records.push(record);
      else if (execve !== undefined && !records.includes(execve)) records.push(execve);
    }
    const syscall = records.find((r) => r.type === 'SYSCALL');
    const name = syscall === undefined ? undefined : this.syscallName(event, syscall);
    if (syscall !== undefined && name !== undefined && !syscall.fields.has('SYSCALL'))
      syscall.fields.set('SYSCALL', name);
    for (const record of records) out.push(this.recordEvent(event, record, syscall));
    if (syscall === undefined || fieldText(syscall.fields.get('success')) !== 'yes' || name === undefined)
      return out.length - before;
    const computed: Computed = {
      argv: undefined,
      parentImage: undefined,
      parentCommandLine: undefined,
      path: undefined,
      pathRecord: undefined,
    };
    const processes = this.context.processes;
    const pid = fieldText(syscall.fields.get('pid'));
    const exe = fieldText(syscall.fields.get('exe'));
    if (AUDIT_EXEC_SYSCALLS.has(name)) {
      computed.argv = this.commandLine(event, execve, records, syscall);
      const parent = processes?.get(event.node, fieldText(syscall.fields.get('ppid')) ?? '');
      computed.parentImage = event.parentImage ?? parent?.exe;
      computed.parentCommandLine = parent?.commandLine;
      if (computed.argv !== undefined) {
        const fields = mapped(AUDIT_PROCESS_CREATION_FIELDS, records, computed);
        out.push(this.derived(event, syscall, fields, AUDITD_PROCESS_CREATION_CLASS));
      }
    }
    if (processes !== undefined && pid !== undefined && exe !== undefined)
      processes.note(event.node, pid, exe, computed.argv);
    const op = AUDIT_WRITE_SYSCALLS[name];
    const flags = op?.flags === undefined ? undefined : openFlags(op.flags, syscall, records);
    for (const record of records) {
      if (record.type !== 'PATH') continue;
      const nametype = fieldText(record.fields.get('nametype'));
      // A rename's DELETE paths are no removal (AUDIT_WRITE_SYSCALLS, `movesNames`).
      const cls =
        nametype === 'DELETE'
          ? op?.movesNames === true
            ? undefined
            : AUDITD_FILE_DELETE_CLASS
          : op !== undefined && isWrite(nametype, op, flags)
            ? AUDITD_FILE_EVENT_CLASS
            : undefined;
      if (cls === undefined) continue;
      computed.path = absolutePath(record, records, syscall, name);
      if (computed.path === undefined) continue;
      computed.pathRecord = record;
      out.push(this.derived(event, record, mapped(AUDIT_FILE_EVENT_FIELDS, records, computed), cls));
    }
    return out.length - before;
  }

  /** The syscall's name: the ENRICHED / laurel `SYSCALL`, else the table of its `arch` (an unknown arch reported once). */
  private syscallName(event: AuditEvent, syscall: AuditRecord): string | undefined {
    const named = fieldText(syscall.fields.get('SYSCALL'));
    if (named !== undefined) return named;
    const arch = fieldText(syscall.fields.get('arch')) ?? '(none)';
    const names = SYSCALL_NAMES_BY_ARCH.get(arch);
    if (names !== undefined) return names[Number(fieldText(syscall.fields.get('syscall')))];
    if (!this.unknownArches.has(arch)) {
      this.unknownArches.add(arch);
      this.context.sink.report({
        code: 'AUDIT_UNKNOWN_ARCH',
        message:
          `SYSCALL records of arch=${arch} name their syscall by a number this reader has no table for; ` +
          'no process_creation, file_event or file_delete events are derived from them (reported once per arch)',
        file: this.context.file,
        line: syscall.line,
        offset: syscall.offset,
        recordId: event.serial,
        skipped: 'none',
      });
    }
    return undefined;
  }

  /** The decoded command line of an execve; from PROCTITLE (reported) when EXECVE is missing. */
  private commandLine(
    event: AuditEvent,
    execve: AuditRecord | undefined,
    records: readonly AuditRecord[],
    syscall: AuditRecord,
  ): string | undefined {
    if (execve !== undefined) {
      const argv = argvOf(execve);
      if (argv.missing > 0)
        this.context.sink.report({
          code: 'AUDIT_ARGUMENTS_MISSING',
          message: `EXECVE record says argc=${fieldText(execve.fields.get('argc'))} but lacks ${argv.missing} of those arguments; the command line has the ones present`,
          file: this.context.file,
          line: execve.line,
          offset: execve.offset,
          recordId: event.serial,
          skipped: 'field',
        });
      return argv.text;
    }
    const proctitle = fieldText(records.find((r) => r.type === 'PROCTITLE')?.fields.get('proctitle'));
    this.context.sink.report({
      code: 'AUDIT_EXECVE_MISSING',
      message:
        `audit event ${event.serial} is a successful execve without its EXECVE record` +
        (proctitle === undefined
          ? '; no process_creation event'
          : '; command line taken from PROCTITLE (at most 128 bytes)'),
      file: this.context.file,
      line: syscall.line,
      offset: syscall.offset,
      recordId: event.serial,
      skipped: proctitle === undefined ? 'record' : 'none',
    });
    return proctitle;
  }

  private recordEvent(event: AuditEvent, record: AuditRecord, syscall: AuditRecord | undefined): Event {
    return new AuditRecordEvent(record, record === syscall ? undefined : syscall, event.time, event.node, {
      file: this.context.file,
      offset: record.offset,
      line: record.line,
      recordId: event.serial,
    });
  }

  private derived(event: AuditEvent, record: AuditRecord, fields: Map<string, FieldValue>, cls: LogsourceClass): Event {
    return new MapEvent(fields, cls, event.time, event.node, {
      file: this.context.file,
      offset: record.offset,
      line: record.line,
      recordId: event.serial,
    });
  }
}
