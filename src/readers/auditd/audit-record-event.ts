/**
 * One audit record as an event of `service: auditd`: `type`, the record's own fields, then the
 * shared facts of its SYSCALL record (`AUDIT_SHARED_FIELDS`: exe, comm, key, auid …).
 */
import {
  AUDIT_SHARED_FIELDS,
  AUDITD_RECORD_CLASS,
  type Event,
  type FieldValue,
  type Provenance,
  usableTime,
} from '../../event/index.js';
import type { AuditRecord } from './audit-record.js';

const SHARED = new Set(AUDIT_SHARED_FIELDS);

/**
 * One record as an event: `type`, the record's own fields, then the SYSCALL record's shared facts,
 * read through from the SYSCALL record instead of copied (a copy per record was most of the
 * reader's garbage-collection time).
 */
export class AuditRecordEvent implements Event {
  readonly time: number;
  readonly host: string | undefined;
  readonly logsource = AUDITD_RECORD_CLASS;
  readonly provenance: Provenance;
  private readonly record: AuditRecord;
  private readonly syscall: AuditRecord | undefined;
  private names: readonly string[] | undefined;

  constructor(
    record: AuditRecord,
    syscall: AuditRecord | undefined,
    time: number,
    host: string | undefined,
    provenance: Provenance,
  ) {
    this.time = usableTime(time);
    this.host = host;
    this.provenance = provenance;
    this.record = record;
    this.syscall = syscall;
    this.names = undefined;
  }

  get(field: string): FieldValue | undefined {
    if (field === 'type') return this.record.type;
    const own = this.record.fields.get(field);
    if (own !== undefined || this.syscall === undefined || !SHARED.has(field)) return own;
    return this.syscall.fields.get(field);
  }

  fieldNames(): readonly string[] {
    if (this.names === undefined) {
      const names = ['type', ...this.record.fields.keys()];
      if (this.syscall !== undefined) {
        for (const name of AUDIT_SHARED_FIELDS) {
          if (!this.record.fields.has(name) && this.syscall.fields.has(name)) names.push(name);
        }
      }
      this.names = names;
    }
    return this.names;
  }
}
