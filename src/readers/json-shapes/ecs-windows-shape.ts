/**
 * Windows events as Winlogbeat / Elastic Agent ship them, in the Elastic Common Schema: `winlog.*`
 * members (nested or dotted), also inside an Elasticsearch hit's `_source` (elasticdump, search
 * exports). Recognised by a `winlog` object or a dotted `winlog.channel`; the mapping is the data
 * in `event/ecs-windows-fields.ts`.
 */
import {
  ECS_WINDOWS_DATA_DECORATION,
  ECS_WINDOWS_DATA_OBJECTS,
  ECS_WINDOWS_SYSTEM_FIELDS,
  sigmaFieldName,
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

/** The Sigma-named fields of one ECS document: System rows first, in EVTX order, then event data. */
export function ecsWindowsFields(object: JsonObject): Map<string, FieldValue> {
  const document = documentOf(object);
  const fields = new Map<string, FieldValue>();
  for (const source of SYSTEM_SOURCES) {
    for (const path of source.paths) {
      const value = lookup(document, path);
      if (value === undefined || value === null || value === '') continue;
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
