/**
 * Flattens a Windows event in the evtx_dump JSON shape (`Event` → `System` / `EventData` /
 * `UserData`, XML attributes under `#attributes`, element text under `#text`) into Sigma field
 * names, following the Sigma rules specification's "Field Usage": `<Provider Name=…>` becomes
 * `Provider_Name`, `<Data Name="X">` becomes `X`, simple System children keep their element name.
 * evtx_dump's `--separate-json-attributes` writes an element's attributes beside it, as
 * `X_attributes` (and an element with attributes only as `""`): they map as `X.#attributes` does.
 */
import type { FieldValue, ScalarValue } from './field-value.js';

const ATTRIBUTES = '#attributes';
const TEXT = '#text';
/** The suffix of the member that holds an element's attributes under `--separate-json-attributes`. */
const SEPARATE_ATTRIBUTES = '_attributes';

type Json = ScalarValue | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalarOrList(value: Json): FieldValue {
  if (Array.isArray(value))
    return value.map((item) => (isObject(item) || Array.isArray(item) ? JSON.stringify(item) : item));
  if (isObject(value)) return JSON.stringify(value);
  return value;
}

/** The element whose separate attributes `key` holds (`Provider` for `Provider_attributes`), if beside it. */
function attributesOwner(node: { [key: string]: Json }, key: string): string | undefined {
  if (!key.endsWith(SEPARATE_ATTRIBUTES)) return undefined;
  const element = key.slice(0, -SEPARATE_ATTRIBUTES.length);
  return element in node ? element : undefined;
}

/** The empty body evtx_dump writes beside `X_attributes` for an element that has attributes only. */
function isAttributesOnly(node: { [key: string]: Json }, element: string, value: Json): boolean {
  return (value === '' || value === null) && isObject(node[`${element}${SEPARATE_ATTRIBUTES}`]);
}

/** `System` children: attributes become `Element_Attribute`, text or plain values keep the name. */
function flattenSystem(system: { [key: string]: Json }, out: Map<string, FieldValue>): void {
  for (const [element, value] of Object.entries(system)) {
    const owner = attributesOwner(system, element);
    if (owner !== undefined && isObject(value)) {
      for (const [name, attr] of Object.entries(value)) out.set(`${owner}_${name}`, scalarOrList(attr));
      continue;
    }
    if (!isObject(value)) {
      if (!isAttributesOnly(system, element, value)) out.set(element, scalarOrList(value));
      continue;
    }
    const attributes = value[ATTRIBUTES];
    if (isObject(attributes)) {
      for (const [name, attr] of Object.entries(attributes)) out.set(`${element}_${name}`, scalarOrList(attr));
    }
    if (TEXT in value) out.set(element, scalarOrList(value[TEXT] ?? null));
  }
}

/**
 * Sigma names a data field by its `Name` attribute with spaces removed (rules specification, "Field
 * Usage"): Defender's `Threat Name` is `ThreatName` in rules.
 */
export function sigmaFieldName(name: string): string {
  return name.includes(' ') ? name.replaceAll(' ', '') : name;
}

/** Name of the unnamed `<Data>` items of classic (non-manifest) events: `EventData.Data`. */
const UNNAMED_DATA = 'Data';

/**
 * Unnamed `<Data>` items also get a stable name each, by position from 1: `Data[1]`, `Data[2]` …
 * (the names Hayabusa's rules use), so a rule can test the one item it means; `Data` itself stays
 * the list, where any item matches.
 */
function nameDataItems(value: FieldValue, out: Map<string, FieldValue>): void {
  if (Array.isArray(value)) value.forEach((item, i) => out.set(`${UNNAMED_DATA}[${i + 1}]`, item));
  else out.set(`${UNNAMED_DATA}[1]`, value);
}

/**
 * `EventData` / `UserData` leaves by their own name. The wrapper element of `UserData` (e.g.
 * `Operation_ClientFailure`) is dropped because rules name the leaves directly; a leaf whose name is
 * already taken keeps its parent's name as a prefix so nothing is lost.
 */
function flattenData(node: { [key: string]: Json }, prefix: string, out: Map<string, FieldValue>): void {
  for (const [rawKey, value] of Object.entries(node)) {
    // A `#attributes` beside data fields is XML decoration (xmlns, TaskScheduler's Name), not data.
    if (rawKey === ATTRIBUTES) continue;
    const owner = attributesOwner(node, rawKey);
    if (owner !== undefined && isObject(value)) {
      // Only a text element's attributes are kept, as with `#attributes`: a wrapper's are decoration.
      const text = node[owner];
      if (text !== undefined && text !== '' && text !== null && !isObject(text))
        for (const [attr, v] of Object.entries(value)) out.set(`${sigmaFieldName(owner)}_${attr}`, scalarOrList(v));
      continue;
    }
    const key = sigmaFieldName(rawKey);
    const name = out.has(key) && prefix !== '' ? `${prefix}_${key}` : key;
    if (isObject(value)) {
      if (TEXT in value) {
        const text = scalarOrList(value[TEXT] ?? null);
        out.set(name, text);
        if (name === UNNAMED_DATA && prefix === '') nameDataItems(text, out);
        const attributes = value[ATTRIBUTES];
        if (isObject(attributes)) {
          for (const [attr, v] of Object.entries(attributes)) out.set(`${name}_${attr}`, scalarOrList(v));
        }
      } else {
        flattenData(value, key, out);
      }
      continue;
    }
    if (isAttributesOnly(node, rawKey, value)) continue; // as `{"#attributes": …}`, which adds nothing
    const scalar = scalarOrList(value);
    out.set(name, scalar);
    if (name === UNNAMED_DATA && prefix === '') nameDataItems(scalar, out);
  }
}

/** The Sigma-named fields of one evtx_dump-style document (`{"Event": {…}}` or the inner object). */
export function flattenWindowsEventJson(document: unknown): Map<string, FieldValue> | undefined {
  const event = isObject(document) && isObject(document['Event']) ? document['Event'] : document;
  if (!isObject(event) || !isObject(event['System'])) return undefined;
  const fields = new Map<string, FieldValue>();
  flattenSystem(event['System'], fields);
  for (const section of ['EventData', 'UserData'] as const) {
    const data = event[section];
    if (isObject(data)) flattenData(data, '', fields);
    else if (data !== undefined && data !== null) fields.set(section, scalarOrList(data));
  }
  return fields;
}

/** EventID as a number, whether the export wrote it as a number or a numeric string. */
export function numericEventId(value: FieldValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}
