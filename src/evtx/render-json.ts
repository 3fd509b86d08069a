/**
 * The general JSON renderer: a resolved node tree → one JSON document in the shape evtx_dump made
 * common. Elements become keys; attributes with a value go under `#attributes`; an element with
 * only text becomes its value (a bare number when it is one integer or boolean); text beside
 * attributes or children goes under `#text`; an empty element is `null`; repeated names get `_1`,
 * `_2` …; inside `EventData`/`UserData`, `<Data Name="X">` becomes key `X` and unnamed `Data`
 * items gather under `"Data": {"#text": …}`. The compiled fast path (`compiled-template.ts`) renders
 * through this same code once per template variant, so both agree by construction and by test.
 */
import type { XmlElement, XmlNode } from './binxml/nodes.js';
import { isJsonNumberType } from './binxml/value-types.js';
import { jsonString } from './json-string.js';

/** What an empty `<Data Name="X"/>` renders as; the SigmaHQ JSON twins show `""` (e.g. Defender `Unused`). */
const EMPTY_DATA_JSON = '""';

function isDataContainer(name: string): boolean {
  return name === 'EventData' || name === 'UserData';
}

function hasText(nodes: readonly XmlNode[]): boolean {
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        if (node.text !== '') return true;
        break;
      case 'value':
      case 'charref':
      case 'entityref':
        return true;
      default:
        break;
    }
  }
  return false;
}

function hasElementChild(element: XmlElement): boolean {
  for (const node of element.children) if (node.kind === 'element') return true;
  return false;
}

/** The five entities XML predefines; forwarded (WEC) events write `&amp;` as an entity reference token. */
const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The text of non-element nodes, concatenated, with character and predefined entity references
 * resolved (evtx_dump writes them as `&amp;`; a rule wants the character). Unknown entities stay `&name;`.
 */
export function textContent(nodes: readonly XmlNode[]): string {
  let text = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        text += node.text;
        break;
      case 'value':
        text += typeof node.value === 'string' ? node.value : String(node.value);
        break;
      case 'charref':
        // A reference to a lone surrogate becomes U+FFFD, as `utf16.ts` decodes one in text: JSON
        // text never holds one (`json-string.ts`), so dumps and events show the same character.
        text += node.code >= 0xd800 && node.code <= 0xdfff ? '\ufffd' : String.fromCharCode(node.code);
        break;
      case 'entityref':
        text += XML_ENTITIES[node.name] ?? `&${node.name};`;
        break;
      default:
        break;
    }
  }
  return text;
}

function numberText(value: XmlNode): string | undefined {
  if (value.kind !== 'value' || !isJsonNumberType(value.type)) return undefined;
  return typeof value.value === 'string' ? value.value : String(value.value);
}

/**
 * Element and attribute names as JSON strings, made once per name: the general renderer and every
 * variant compile write the same few hundred names again and again.
 */
const quotedNames = new Map<string, string>();

/** Names remembered in `quotedNames`; past this it starts over (hostile files have endless names). */
const MAX_QUOTED_NAMES = 4096;

function quotedName(name: string): string {
  let quoted = quotedNames.get(name);
  if (quoted === undefined) {
    if (quotedNames.size >= MAX_QUOTED_NAMES) quotedNames.clear();
    quoted = JSON.stringify(name);
    quotedNames.set(name, quoted);
  }
  return quoted;
}

/** Content as a JSON value: a bare number for one integer/boolean value, a string otherwise. */
function contentValue(nodes: readonly XmlNode[]): string {
  if (nodes.length === 1) {
    const number = numberText(nodes[0]!);
    if (number !== undefined) return number;
  }
  return jsonString(textContent(nodes));
}

/** Like `contentValue`, for mixed content: child elements are ignored. */
function mixedContentValue(nodes: readonly XmlNode[]): string {
  let single: XmlNode | undefined;
  let count = 0;
  for (const node of nodes) {
    if (node.kind === 'element' || node.kind === 'pi' || (node.kind === 'text' && node.text === '')) continue;
    single = node;
    count++;
  }
  if (count === 1 && single !== undefined) {
    const number = numberText(single);
    if (number !== undefined) return number;
  }
  return jsonString(textContent(nodes));
}

function nameAttribute(element: XmlElement): readonly XmlNode[] | undefined {
  for (const attribute of element.attributes) if (attribute.name === 'Name') return attribute.value;
  return undefined;
}

function dataValue(element: XmlElement): string {
  const hasChild = hasElementChild(element);
  if (hasChild) return elementBody(element, false);
  if (!hasText(element.children)) return EMPTY_DATA_JSON;
  return contentValue(element.children);
}

function elementValue(element: XmlElement, isContainer: boolean): string {
  const hasChild = hasElementChild(element);
  let hasAttributeText = false;
  for (const attribute of element.attributes) if (hasText(attribute.value)) hasAttributeText = true;
  if (!hasChild && !hasAttributeText) return hasText(element.children) ? contentValue(element.children) : 'null';
  return elementBody(element, isContainer);
}

function elementBody(element: XmlElement, inDataContainer: boolean): string {
  let body = '';
  let attributes = '';
  for (const attribute of element.attributes) {
    if (!hasText(attribute.value)) continue;
    attributes += `${attributes === '' ? '' : ','}${quotedName(attribute.name)}:${contentValue(attribute.value)}`;
  }
  if (attributes !== '') body = `"#attributes":{${attributes}}`;
  if (hasText(element.children)) body += `${body === '' ? '' : ','}"#text":${mixedContentValue(element.children)}`;

  let flattenNamedData = false;
  let positionalData = 0;
  const children = element.children;
  if (inDataContainer) {
    for (const child of children) {
      if (child.kind !== 'element' || child.name !== 'Data') continue;
      positionalData++;
      const name = nameAttribute(child);
      if (name !== undefined && hasText(name)) flattenNamedData = true;
    }
  }
  let positionalDone = false;
  /** Elements seen so far by name: repeated names get `_1`, `_2` … (a map, not a count back: linear). */
  let seen: Map<string, number> | undefined;
  for (const child of children) {
    if (child.kind !== 'element') continue;
    let member: string;
    if (inDataContainer && child.name === 'Data') {
      if (flattenNamedData) {
        const name = nameAttribute(child);
        if (name === undefined || !hasText(name)) continue;
        member = `${jsonString(textContent(name))}:${dataValue(child)}`;
      } else if (!positionalDone) {
        positionalDone = true;
        member = `"Data":{"#text":${positionalData === 1 ? dataValue(child) : positionalList(element)}}`;
      } else {
        continue;
      }
    } else {
      seen ??= new Map();
      const count = seen.get(child.name) ?? 0;
      seen.set(child.name, count + 1);
      const key = count === 0 ? quotedName(child.name) : JSON.stringify(`${child.name}_${count}`);
      member = `${key}:${elementValue(child, isDataContainer(child.name))}`;
    }
    body += body === '' ? member : `,${member}`;
  }
  return `{${body}}`;
}

function positionalList(container: XmlElement): string {
  const items: string[] = [];
  for (const child of container.children) {
    if (child.kind === 'element' && child.name === 'Data') items.push(dataValue(child));
  }
  return `[${items.join(',')}]`;
}

/** Renders resolved record nodes as one line of JSON text (`{"Event":{…}}`); `{}` when there is no element. */
export function renderJsonText(nodes: readonly XmlNode[]): string {
  for (const node of nodes) {
    if (node.kind === 'element') return `{${quotedName(node.name)}:${elementValue(node, false)}}`;
  }
  return '{}';
}

/** The same document as a value (`JSON.parse` of `renderJsonText`), for `flattenWindowsEventJson`. */
export function renderJson(nodes: readonly XmlNode[]): unknown {
  return JSON.parse(renderJsonText(nodes));
}
