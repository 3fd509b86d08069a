/**
 * Endpoint Security events as `eslogger` (macOS 13+) writes them, one JSON object a line:
 * `{"schema_version", "time", "event_type", "process": es_process_t, "event": {"exec": {…}}, …}`
 * (Apple's EndpointSecurity headers name every member). The whole object is kept as dotted fields
 * (`event.exec.target.executable.path`), and the Sigma fields of the event's category are added:
 *
 * - exec → `Image` (the new image: target), `CommandLine` (args joined), `CurrentDirectory`,
 *   `ParentImage` — the image that called exec, which after fork is the parent's program (ES
 *   names no parent path; `ppid` is there as `ParentProcessId`), `User` (`root` for euid 0, else
 *   the uid: ES carries ids, not names), `ProcessId`;
 * - create / write / rename → `TargetFilename` (existing file, or new path dir + name), `Image`;
 * - any other event keeps its dotted fields only (`btm_launch_item_add`: `…item.item_url` …).
 */
import { classifyEsloggerEvent, MapEvent, type FieldValue } from '../../event/index.js';
import { jsonFieldValue } from './json-field-values.js';
import { isJsonObject, type JsonObject, type JsonShape } from './json-shape.js';

/** Members nested deeper than this are kept as JSON text (es_process_t nests four levels). */
const MAX_FLATTEN_DEPTH = 8;

function flatten(object: JsonObject, prefix: string, depth: number, out: Map<string, FieldValue>): void {
  for (const name in object) {
    const value = object[name];
    const key = prefix === '' ? name : `${prefix}.${name}`;
    if (isJsonObject(value) && depth < MAX_FLATTEN_DEPTH) flatten(value, key, depth + 1, out);
    else out.set(key, jsonFieldValue(value));
  }
}

function at(object: unknown, ...path: string[]): unknown {
  let node = object;
  for (const step of path) node = isJsonObject(node) ? node[step] : undefined;
  return node;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function userOf(process: unknown): string | undefined {
  const euid = at(process, 'audit_token', 'euid');
  if (typeof euid !== 'number') return undefined;
  return euid === 0 ? 'root' : String(euid);
}

/** The path a create, write or rename event is about. */
function targetOf(name: string, body: unknown): string | undefined {
  if (name === 'write') return text(at(body, 'target', 'path'));
  const destination = at(body, 'destination');
  const existing = text(at(destination, 'existing_file', 'path'));
  if (existing !== undefined) return existing;
  const dir = text(at(destination, 'new_path', 'dir', 'path'));
  const file = text(at(destination, 'new_path', 'filename'));
  if (dir === undefined || file === undefined) return undefined;
  return dir.endsWith('/') ? `${dir}${file}` : `${dir}/${file}`;
}

function sigmaFields(name: string, object: JsonObject, body: unknown, out: Map<string, FieldValue>): void {
  const process = object['process'];
  const set = (field: string, value: FieldValue | undefined): void => {
    if (value !== undefined) out.set(field, value);
  };
  if (name === 'exec') {
    const target = at(body, 'target');
    const args = at(body, 'args');
    set('Image', text(at(target, 'executable', 'path')));
    set('CommandLine', Array.isArray(args) ? args.map((a) => String(a)).join(' ') : undefined);
    set('CurrentDirectory', text(at(body, 'cwd', 'path')));
    set('User', userOf(target));
    set('ProcessId', jsonFieldValue(at(target, 'audit_token', 'pid') ?? null) ?? undefined);
    set('ParentImage', text(at(process, 'executable', 'path')));
    set('ParentProcessId', jsonFieldValue(at(target, 'ppid') ?? null) ?? undefined);
    return;
  }
  if (name === 'create' || name === 'write' || name === 'rename' || name === 'unlink') {
    set('TargetFilename', name === 'unlink' ? text(at(body, 'target', 'path')) : targetOf(name, body));
    set('Image', text(at(process, 'executable', 'path')));
    set('User', userOf(process));
    set('ProcessId', jsonFieldValue(at(process, 'audit_token', 'pid') ?? null) ?? undefined);
  }
}

export const ESLOGGER_SHAPE: JsonShape = {
  name: 'eslogger',
  matches(object) {
    const event = object['event'];
    return (
      isJsonObject(event) &&
      isJsonObject(object['process']) &&
      ('schema_version' in object || 'global_seq_num' in object)
    );
  },
  toEvent(object, source) {
    const event = object['event'] as JsonObject;
    const name = Object.keys(event)[0];
    if (name === undefined) return undefined;
    const fields = new Map<string, FieldValue>();
    fields.set('EventType', name);
    sigmaFields(name, object, event[name], fields);
    flatten(object, '', 0, fields);
    const time = text(object['time']);
    const sequence = object['global_seq_num'];
    return new MapEvent(
      fields,
      classifyEsloggerEvent(name),
      time === undefined ? Number.NaN : Date.parse(time),
      undefined,
      {
        file: source.file,
        offset: source.offset,
        line: source.line,
        ...(typeof sequence === 'number' ? { recordId: sequence } : {}),
      },
    );
  },
};
