/**
 * One `<Event>` element's text → the evtx_dump JSON shape (`{"Event": {"System": …,
 * "EventData": …}}`, attributes under `#attributes`, mixed text under `#text`), parsed by saxes
 * (a strict, well-kept XML parser). From there `flattenWindowsEventJson` gives exactly the field
 * names an EVTX record gets. `<Data Name="X">` becomes member `X` as evtx_dump writes it, and the
 * System values EVTX stores as numbers become numbers. `RenderingInfo` (Event Viewer's rendered
 * message, which no EVTX record holds) is left out.
 */
import { SaxesParser } from 'saxes';

type Json = string | number | null | Json[] | { [key: string]: Json };

interface Node {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: Node[];
  text: string;
}

/** System elements and attributes whose EVTX value is an unsigned integer. */
const NUMERIC_SYSTEM = new Set(['EventID', 'Version', 'Level', 'Task', 'Opcode', 'EventRecordID']);
const NUMERIC_ATTRIBUTES = new Set(['Qualifiers', 'ProcessID', 'ThreadID']);
const LEFT_OUT = new Set(['RenderingInfo']);
const DECIMAL = /^\d+$/;

function numberOr(text: string): Json {
  return DECIMAL.test(text) ? Number(text) : text;
}

function attributesOf(node: Node, numeric: boolean): Json {
  const out: { [key: string]: Json } = {};
  for (const [name, value] of Object.entries(node.attributes)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    out[name] = numeric && NUMERIC_ATTRIBUTES.has(name) ? numberOr(value) : value;
  }
  return out;
}

function add(object: { [key: string]: Json }, name: string, value: Json): void {
  const before = object[name];
  if (before === undefined) object[name] = value;
  else if (Array.isArray(before)) before.push(value);
  else object[name] = [before, value];
}

function toJson(node: Node, inSystem: boolean): Json {
  const hasAttributes = Object.keys(node.attributes).some((n) => n !== 'xmlns' && !n.startsWith('xmlns:'));
  const text = node.children.length === 0 ? node.text : node.text.trim();
  const value = inSystem && NUMERIC_SYSTEM.has(node.name) ? numberOr(text) : text;
  if (!hasAttributes && node.children.length === 0) return text === '' ? null : value;
  const object: { [key: string]: Json } = {};
  if (hasAttributes) object['#attributes'] = attributesOf(node, inSystem);
  for (const child of node.children) {
    if (LEFT_OUT.has(child.name)) continue;
    add(object, child.name, toJson(child, inSystem || child.name === 'System'));
  }
  if (text !== '') object['#text'] = value;
  return object;
}

/** `<EventData>`: named `<Data>` by name, anything else (unnamed Data, Binary) by element name. */
function dataToJson(node: Node): Json {
  const object: { [key: string]: Json } = {};
  for (const child of node.children) {
    const name = child.name === 'Data' ? child.attributes['Name'] : undefined;
    if (name !== undefined) object[name] = child.text;
    else add(object, child.name, child.children.length === 0 ? child.text : toJson(child, false));
  }
  return Object.keys(object).length === 0 ? null : object;
}

function eventToJson(event: Node): Json {
  const inner: { [key: string]: Json } = {};
  for (const child of event.children) {
    if (LEFT_OUT.has(child.name)) continue;
    inner[child.name] = child.name === 'EventData' ? dataToJson(child) : toJson(child, child.name === 'System');
  }
  return { Event: inner };
}

export interface XmlEventError {
  readonly message: string;
  /** 1-based line and column inside the event's text. */
  readonly line: number;
  readonly column: number;
}

/** The evtx_dump-shaped JSON of one `<Event>…</Event>` text, or the first well-formedness error. */
export function parseEventXml(text: string): { readonly json: Json } | { readonly error: XmlEventError } {
  const parser = new SaxesParser({ fragment: true, position: true });
  const stack: Node[] = [];
  let root: Node | undefined;
  let error: XmlEventError | undefined;
  parser.on('error', (err) => {
    error ??= { message: err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ''), line: parser.line, column: parser.column };
  });
  parser.on('opentag', (tag) => {
    const node: Node = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent === undefined) root ??= node;
    else parent.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top !== undefined) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack[stack.length - 1];
    if (top !== undefined) top.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(text);
  if (error === undefined) parser.close();
  if (error !== undefined) return { error };
  if (root === undefined || root.name !== 'Event')
    return { error: { message: 'no <Event> element', line: 1, column: 1 } };
  return { json: eventToJson(root) };
}
