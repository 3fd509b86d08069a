/**
 * Windows events as Winlogbeat / Elastic Agent ship them, in the Elastic Common Schema: `winlog.*`
 * members (nested or dotted); the JSON reader hands over an Elasticsearch hit's `_source`
 * (elasticdump, search exports). Recognised by a `winlog` object or a dotted `winlog.channel`; the mapping is the data
 * in `event/ecs-windows-fields.ts`. Event data a module moved into ECS (`process.*` for Sysmon …)
 * or rewrote is put back under its EVTX name (`ecs-moved-value.ts` reads each form), so rules see
 * the fields an EVTX record has.
 */
import {
  ECS_WINDOWS_DATA_DECORATION,
  ECS_WINDOWS_DATA_OBJECTS,
  ECS_WINDOWS_MOVED_DATA,
  ECS_WINDOWS_SYSTEM_FIELDS,
  sigmaFieldName,
  type EcsMovedDataSource,
  type FieldValue,
  type WindowsSystemValueType,
} from '../../event/index.js';
import { ecsPath, lookup, type EcsPath } from './ecs-path.js';
import { isAbsent, movedData, movedValue, type MovedData } from './ecs-moved-value.js';
import { jsonFieldValue, systemFieldValue } from './json-field-values.js';
import { isJsonObject, type JsonObject, type JsonShape } from './json-shape.js';
import { windowsJsonEvent } from './windows-json-event.js';

const SYSTEM_SOURCES: readonly { field: string; paths: readonly EcsPath[]; type: WindowsSystemValueType }[] =
  ECS_WINDOWS_SYSTEM_FIELDS.map((source) => ({
    field: source.field,
    paths: source.from.map(ecsPath),
    type: source.type,
  }));
const DATA_OBJECTS = ECS_WINDOWS_DATA_OBJECTS.map(ecsPath);
const DECORATION = new Set(ECS_WINDOWS_DATA_DECORATION);

/** The moved data sources by provider, then by event ID, in table order: one lookup per document. */
function indexMovedData(sources: readonly EcsMovedDataSource[]): Map<string, Map<number, MovedData[]>> {
  const byProvider = new Map<string, Map<number, MovedData[]>>();
  for (const source of sources) {
    const data = movedData(source);
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

function addData(fields: Map<string, FieldValue>, name: string, value: unknown): void {
  if (!DECORATION.has(name)) fields.set(sigmaFieldName(name), jsonFieldValue(value));
}

/**
 * Puts back the event data a Winlogbeat module moved into ECS, where the event data lacks it; the
 * first source of a field that holds a value gives it.
 */
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

/** A message code as Winlogbeat's 8.x security pipeline leaves it in an access list: `4417` for `%%4417`. */
const BARE_MESSAGE_CODE = /^\d{4,5}$/;

/**
 * Puts the `%%` back before the codes of a Security `AccessList` the 8.x security pipeline kept
 * without it (`["4416", "4417"]`), so rules testing `AccessList|contains: '%%4417'` (SigmaHQ's and
 * the built-in share-write rules) still match. An EVTX access list only ever holds `%%` codes, so
 * a list of bare codes can only be the pipeline's; anything else is left as the document has it.
 */
function restoreAccessList(fields: Map<string, FieldValue>): void {
  const list = fields.get('AccessList');
  if (list === undefined || fields.get('Channel') !== 'Security') return;
  const items = Array.isArray(list) ? list : [list];
  if (items.length === 0) return;
  if (!items.every((item) => typeof item === 'string' && BARE_MESSAGE_CODE.test(item))) return;
  const restored = items.map((code) => `%%${String(code)}`);
  fields.set('AccessList', restored.length === 1 ? (restored[0] as string) : restored);
}

/**
 * The Sigma-named fields of one ECS document: System rows first, in EVTX order, then event data,
 * then the event data a module moved out of it.
 */
export function ecsWindowsFields(document: JsonObject): Map<string, FieldValue> {
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
  restoreAccessList(fields);
  return fields;
}

export const ECS_WINDOWS_SHAPE: JsonShape = {
  name: 'winlogbeat',
  matches(document) {
    return isJsonObject(document['winlog']) || typeof document['winlog.channel'] === 'string';
  },
  toEvent(document, source) {
    return windowsJsonEvent(ecsWindowsFields(document), source);
  },
};
