/**
 * laurel's JSON (threathunters-io/laurel, an auditd plug-in): one object per audit event,
 * `{"ID": "SECONDS.MILLIS:SERIAL", "SYSCALL": {…}, "EXECVE": {"argc", "ARGV": […]}, "CWD": {…},
 * "PATH": [{…}, …], "PROCTITLE": {"ARGV": […]}, …}`, with the parent process under
 * `SYSCALL.PPID` (laurel 0.5) or `PARENT_INFO` (later releases). Records are turned back into
 * auditd's own field names and text forms (`a0`… from ARGV, `0x`/`0o` prefixes dropped) and go
 * through the same builder as the raw log, so one rule reads both.
 */
import { jsonFieldValue } from './json-field-values.js';
import { isJsonObject, type JsonObject, type JsonShape, type JsonSource } from './json-shape.js';
import { readFields } from '../auditd/audit-line.js';
import { AuditEventBuilder } from '../auditd/audit-events.js';
import { parseAuditId, type AuditRecord } from '../auditd/audit-record.js';
import { ProcessTable } from '../auditd/process-table.js';
import type { FieldValue, IssueSink } from '../../event/index.js';

const NOT_RECORDS = new Set(['ID', 'NODE', 'PARENT_INFO']);
const HEX_PREFIXED = /^0x[0-9a-fA-F]+$/;
const OCTAL_PREFIXED = /^0o[0-7]+$/;
const PERCENT = /%[0-9a-fA-F]{2}/;
/** Fields that hold raw bytes, kept as laurel wrote them (a socket address is no text). */
const BINARY_FIELDS = new Set(['saddr']);

/**
 * laurel writes bytes that are not plain printable ASCII, and `%` and `+` themselves, as `%XX`
 * (its "string" encoding): `chmod %2bx` is `chmod +x`, `%0a` a newline, `%c3%a9` an é.
 */
function percentDecoded(text: string): string {
  if (!PERCENT.test(text)) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else for (const b of Buffer.from(text[i]!, 'utf8')) bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A laurel scalar in the text form the raw log writes it. */
function auditValue(value: unknown, name = ''): FieldValue {
  if (typeof value === 'string') {
    if (HEX_PREFIXED.test(value)) return value.slice(2);
    if (OCTAL_PREFIXED.test(value)) return `0${value.slice(2)}`;
    return BINARY_FIELDS.has(name) ? value : percentDecoded(value);
  }
  return jsonFieldValue(value);
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? percentDecoded(value) : JSON.stringify(value);
}

function recordFields(type: string, object: JsonObject, source: JsonSource, sink: IssueSink): Map<string, FieldValue> {
  const fields = new Map<string, FieldValue>();
  for (const name in object) {
    const value = object[name];
    if (name === 'ARGV' && Array.isArray(value)) {
      if (type === 'PROCTITLE') fields.set('proctitle', value.map(textOf).join(' '));
      else value.forEach((arg, i) => fields.set(`a${i}`, type === 'EXECVE' ? textOf(arg) : auditValue(arg)));
    } else if (name === 'msg' && typeof value === 'string' && value.includes('=')) {
      readFields(
        type,
        percentDecoded(value),
        0,
        fields,
        { file: source.file, line: source.line, offset: source.offset, sink },
        1,
      );
    } else if (!(type === 'SYSCALL' && (name === 'PPID' || name === 'PID')) && !(type === 'EXECVE' && name === 'ENV')) {
      fields.set(name, auditValue(value, name));
    }
  }
  return fields;
}

function parentImageOf(object: JsonObject): string | undefined {
  const syscall = object['SYSCALL'];
  const ppid = isJsonObject(syscall) ? syscall['PPID'] : undefined;
  const info = isJsonObject(ppid) ? ppid : object['PARENT_INFO'];
  return isJsonObject(info) && typeof info['exe'] === 'string' ? info['exe'] : undefined;
}

/**
 * The laurel shape; `processes` is what the stream has said about each process so far, for the
 * parent command line of later execs, as the raw log's reader keeps it (laurel's own parent facts
 * name the program only).
 */
function laurelShape(processes: ProcessTable | undefined): JsonShape {
  // One builder per stream (file and sink): it reports an unknown arch once, not once per record.
  let builder: AuditEventBuilder | undefined;
  let builderFor: { file: string; sink: IssueSink } | undefined;
  return {
    name: 'laurel',
    matches(object) {
      const id = object['ID'];
      return typeof id === 'string' && parseAuditId(id) !== undefined;
    },
    toEvent() {
      return undefined;
    },
    toEvents(object, source, out, sink) {
      const id = parseAuditId(object['ID'] as string);
      if (id === undefined) return 0;
      const records: AuditRecord[] = [];
      for (const type in object) {
        if (NOT_RECORDS.has(type)) continue;
        const value = object[type];
        const parts = Array.isArray(value) ? value : [value];
        for (const part of parts) {
          if (!isJsonObject(part)) continue;
          records.push({
            type,
            fields: recordFields(type, part, source, sink),
            line: source.line,
            offset: source.offset,
          });
        }
      }
      const node = typeof object['NODE'] === 'string' ? object['NODE'] : undefined;
      if (builder === undefined || builderFor?.file !== source.file || builderFor.sink !== sink) {
        builder = new AuditEventBuilder({ file: source.file, sink, processes });
        builderFor = { file: source.file, sink };
      }
      return builder.build(
        { serial: id.serial, time: id.time, node, records, parentImage: parentImageOf(object) },
        out,
      );
    },
    forStream() {
      return laurelShape(new ProcessTable());
    },
  };
}

export const LAUREL_SHAPE: JsonShape = laurelShape(undefined);
