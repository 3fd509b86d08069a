/**
 * Flat Windows event JSON: NXLog `im_msvistalog` output, the OTRF Security-Datasets built from it,
 * and exports alike. System values sit at the top level under the collector's names, event data
 * beside them. Recognised by a numeric `EventID` with a channel or provider name beside it; the
 * mapping is the data in `event/flat-windows-fields.ts`.
 */
import {
  FLAT_WINDOWS_COLLECTOR_FIELDS,
  FLAT_WINDOWS_DATA_OBJECTS,
  FLAT_WINDOWS_SYSTEM_FIELDS,
  numericEventId,
  sigmaFieldName,
  type FieldValue,
  type WindowsSystemFieldSource,
} from '../../event/index.js';
import { jsonFieldValue, systemFieldValue } from './json-field-values.js';
import { isJsonObject, type JsonObject, type JsonShape } from './json-shape.js';
import { windowsJsonEvent } from './windows-json-event.js';

function sourcesOf(field: string): readonly string[] {
  const row = FLAT_WINDOWS_SYSTEM_FIELDS.find((source: WindowsSystemFieldSource) => source.field === field);
  if (row === undefined) throw new Error(`flat-windows-fields.ts has no ${field} row`);
  return row.from;
}

/** Names that carry the event's identity: the shape needs an EventID and one of the names. */
const EVENT_ID_NAMES = sourcesOf('EventID');
const IDENTITY_NAMES = [...sourcesOf('Channel'), ...sourcesOf('Provider_Name')];

/** Every name a System row reads, so it is not read again as event data. */
const SYSTEM_NAMES = new Set(FLAT_WINDOWS_SYSTEM_FIELDS.flatMap((source) => source.from));
const DATA_OBJECTS = new Set(FLAT_WINDOWS_DATA_OBJECTS);

interface CollectorRule {
  readonly marker: string | undefined;
  /** Undefined: dropped whatever the value. */
  readonly values: ReadonlySet<string> | undefined;
}

const COLLECTOR_RULES = new Map<string, CollectorRule[]>();
for (const set of FLAT_WINDOWS_COLLECTOR_FIELDS) {
  for (const [name, when] of Object.entries(set.fields)) {
    const rules = COLLECTOR_RULES.get(name) ?? [];
    rules.push({ marker: set.marker, values: when === 'always' ? undefined : new Set(when) });
    COLLECTOR_RULES.set(name, rules);
  }
}

function isCollectorField(object: JsonObject, name: string, value: unknown): boolean {
  const rules = COLLECTOR_RULES.get(name);
  if (rules === undefined) return false;
  for (const rule of rules) {
    if (rule.marker !== undefined && object[rule.marker] === undefined) continue;
    if (rule.values === undefined || (typeof value === 'string' && rule.values.has(value))) return true;
  }
  return false;
}

/** The Sigma-named fields of one flat object: System rows first, in EVTX order, then event data. */
export function flatWindowsFields(object: JsonObject): Map<string, FieldValue> {
  const fields = new Map<string, FieldValue>();
  for (const source of FLAT_WINDOWS_SYSTEM_FIELDS) {
    for (const name of source.from) {
      const value = object[name];
      if (value === undefined || value === null || value === '') continue;
      fields.set(source.field, systemFieldValue(value, source.type));
      break;
    }
  }
  for (const name in object) {
    if (SYSTEM_NAMES.has(name)) continue;
    const value = object[name];
    if (DATA_OBJECTS.has(name) && isJsonObject(value)) {
      for (const inner in value) fields.set(sigmaFieldName(inner), jsonFieldValue(value[inner]));
    } else if (!isCollectorField(object, name, value)) {
      fields.set(sigmaFieldName(name), jsonFieldValue(value));
    }
  }
  return fields;
}

function hasEventId(object: JsonObject): boolean {
  for (const name of EVENT_ID_NAMES) {
    const value = object[name];
    if ((typeof value === 'number' || typeof value === 'string') && numericEventId(value) !== undefined) return true;
  }
  return false;
}

export const FLAT_WINDOWS_SHAPE: JsonShape = {
  name: 'flat-windows',
  matches(object) {
    if (!hasEventId(object)) return false;
    for (const name of IDENTITY_NAMES) if (typeof object[name] === 'string') return true;
    return false;
  },
  toEvent(object, source) {
    return windowsJsonEvent(flatWindowsFields(object), source);
  },
};
