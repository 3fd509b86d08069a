/**
 * Windows events as Winlogbeat / Elastic Agent ship them, in the Elastic Common Schema: `winlog.*`
 * members (nested or dotted), also inside an Elasticsearch hit's `_source` (elasticdump, search
 * exports). Recognised by a `winlog` object or a dotted `winlog.channel`; the mapping is the data
 * in `event/ecs-windows-fields.ts`. Event data a module moved into ECS (`process.*` for Sysmon …)
 * is put back under its EVTX name, so rules see the fields an EVTX record has.
 */
import {
  ECS_WINDOWS_DATA_DECORATION,
  ECS_WINDOWS_DATA_OBJECTS,
  ECS_WINDOWS_MOVED_DATA,
  ECS_WINDOWS_SYSTEM_FIELDS,
  sigmaFieldName,
  type EcsMovedDataSource,
  type EcsMovedValueForm,
  type FieldValue,
  type WindowsSystemValueType,
} from '../../event/index.js';
import { jsonFieldValue, systemFieldValue } from './json-field-values.js';
import { isJsonObject, type JsonObject, type JsonShape } from './json-shape.js';
import { windowsJsonEvent } from './windows-json-event.js';

/** An ECS path, split once when the module loads. */
interface EcsPath {
  readonly dotted: string;
  readonly parts: readonly string[];
}

function ecsPath(dotted: string): EcsPath {
  return { dotted, parts: dotted.split('.') };
}

const SYSTEM_SOURCES: readonly { field: string; paths: readonly EcsPath[]; type: WindowsSystemValueType }[] =
  ECS_WINDOWS_SYSTEM_FIELDS.map((source) => ({
    field: source.field,
    paths: source.from.map(ecsPath),
    type: source.type,
  }));
const DATA_OBJECTS = ECS_WINDOWS_DATA_OBJECTS.map(ecsPath);
const DECORATION = new Set(ECS_WINDOWS_DATA_DECORATION);

interface MovedData {
  readonly field: string;
  readonly paths: readonly EcsPath[];
  readonly form: EcsMovedValueForm;
  readonly values: Readonly<Record<string, string>> | undefined;
}

/** The moved data sources by provider, then by event ID: one lookup per document. */
function indexMovedData(sources: readonly EcsMovedDataSource[]): Map<string, Map<number, MovedData[]>> {
  const byProvider = new Map<string, Map<number, MovedData[]>>();
  for (const source of sources) {
    const data: MovedData = {
      field: source.field,
      paths: source.from.map(ecsPath),
      form: source.form,
      values: source.values,
    };
    let byEventId = byProvider.get(source.provider);
    if (byEventId === undefined) byProvider.set(source.provider, (byEventId = new Map()));
    for (const eventId of source.eventIds) {
      const list = byEventId.get(eventId);
      if (list === undefined) byEventId.set(eventId, [data]);
      else list.push(data);
    }
  }
  return byProvider;
}

const MOVED_DATA = indexMovedData(ECS_WINDOWS_MOVED_DATA);

/** The value at `path`, nested (`{"winlog": {"channel": …}}`) or written dotted at the top. */
function lookup(document: JsonObject, path: EcsPath): unknown {
  let node: unknown = document;
  for (const part of path.parts) {
    if (!isJsonObject(node)) return document[path.dotted];
    node = node[part];
  }
  return node === undefined ? document[path.dotted] : node;
}

/** The ECS document: the object itself, or an Elasticsearch hit's `_source`. */
function documentOf(object: JsonObject): JsonObject {
  const source = object['_source'];
  return isJsonObject(source) ? source : object;
}

function addData(fields: Map<string, FieldValue>, name: string, value: unknown): void {
  if (!DECORATION.has(name)) fields.set(sigmaFieldName(name), jsonFieldValue(value));
}

function isAbsent(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || value === '';
}

/** ECS keyword fields may be lists: a one-item list stands for its item, as the event held one value. */
function single(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

/**
 * Sysmon's `Details` from what the module made of it: the text itself, except that a DWORD became
 * its decimal (`DWORD (0x00000001)` → `1`, turned back here) and a QWORD a number that cannot be.
 */
function registryDetails(strings: unknown, type: unknown): unknown {
  const text = single(strings);
  if (type === 'SZ_QWORD') return undefined;
  if (type !== 'SZ_DWORD') return text;
  const dword = typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return Number.isInteger(dword) && dword <= 0xffffffff
    ? `DWORD (0x${dword.toString(16).padStart(8, '0')})`
    : undefined;
}

/** The event's own value of one moved field, or undefined when the document does not hold it. */
function movedValue(document: JsonObject, data: MovedData): unknown {
  switch (data.form) {
    case 'value': {
      const value = single(lookup(document, data.paths[0]!));
      if (data.values === undefined || isAbsent(value)) return value;
      return typeof value === 'string' ? data.values[value] : undefined;
    }
    case 'account': {
      const parts: string[] = [];
      for (const path of data.paths) {
        const part = lookup(document, path);
        if (typeof part === 'string' && part !== '') parts.push(part);
      }
      return parts.length === 0 ? undefined : parts.join('\\');
    }
    case 'registry-details':
      return registryDetails(lookup(document, data.paths[0]!), lookup(document, data.paths[1]!));
    default: {
      const unknownForm: never = data.form;
      throw new TypeError(`unknown moved value form ${String(unknownForm)}`);
    }
  }
}

/** Puts back the event data a Winlogbeat module moved into ECS, where the event data lacks it. */
function addMovedData(fields: Map<string, FieldValue>, document: JsonObject): void {
  const provider = fields.get('Provider_Name');
  const eventId = fields.get('EventID');
  if (typeof provider !== 'string' || typeof eventId !== 'number') return;
  const moved = MOVED_DATA.get(provider)?.get(eventId);
  if (moved === undefined) return;
  for (const data of moved) {
    if (fields.has(data.field)) continue;
    const value = movedValue(document, data);
    if (!isAbsent(value)) fields.set(data.field, jsonFieldValue(value));
  }
}

/**
 * The Sigma-named fields of one ECS document: System rows first, in EVTX order, then event data,
 * then the event data a module moved out of it.
 */
export function ecsWindowsFields(object: JsonObject): Map<string, FieldValue> {
  const document = documentOf(object);
  const fields = new Map<string, FieldValue>();
  for (const source of SYSTEM_SOURCES) {
    for (const path of source.paths) {
      const value = lookup(document, path);
      if (isAbsent(value)) continue;
      fields.set(source.field, systemFieldValue(value, source.type));
      break;
    }
  }
  for (const path of DATA_OBJECTS) {
    const data = lookup(document, path);
    if (isJsonObject(data)) {
      for (const name in data) addData(fields, name, data[name]);
      continue;
    }
    const prefix = `${path.dotted}.`;
    for (const name in document)
      if (name.startsWith(prefix)) addData(fields, name.slice(prefix.length), document[name]);
  }
  addMovedData(fields, document);
  return fields;
}

export const ECS_WINDOWS_SHAPE: JsonShape = {
  name: 'winlogbeat',
  matches(object) {
    const document = documentOf(object);
    return isJsonObject(document['winlog']) || typeof document['winlog.channel'] === 'string';
  },
  toEvent(object, source) {
    return windowsJsonEvent(ecsWindowsFields(object), source);
  },
};
