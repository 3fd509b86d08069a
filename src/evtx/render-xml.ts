/**
 * Renders resolved record nodes as indented XML text, the way Event Viewer and evtxexport show a
 * record: one element per line, text inline, empty elements self-closed, attributes in order.
 */
import { charEscape, isXmlForbiddenCode, XML_FORBIDDEN_CHARS } from '../event/index.js';
import type { XmlElement, XmlNode } from './binxml/nodes.js';
import { textContent } from './render-json.js';
import { xmlName, xmlPiTarget } from './xml-name.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/**
 * What XML escapes, plus the characters XML 1.0 forbids even as references (§2.2 Char: C0 controls
 * but tab, LF and CR; U+FFFE, U+FFFF). EVTX values hold them (a control character in a DNS name,
 * an empty-looking Data); written raw or as `&#x1;` they make saxes and expat (checked) reject the
 * record, so they are written as the `\xNN` text svchunt prints them as, which the XML reader also
 * puts in their place (`readers/xml/forbidden-xml-chars.ts`).
 */
const NEEDS_ESCAPE = new RegExp(`[&<>"${XML_FORBIDDEN_CHARS}]`);
const NEEDS_ESCAPE_ALL = new RegExp(`[&<>"${XML_FORBIDDEN_CHARS}]`, 'g');

function escapeXml(text: string): string {
  return NEEDS_ESCAPE.test(text)
    ? text.replace(NEEDS_ESCAPE_ALL, (c) => ESCAPES[c] ?? charEscape(c.charCodeAt(0)))
    : text;
}

/** Entities XML declares without a DTD (§4.6); a reference to another one is not well-formed. */
const PREDEFINED_ENTITIES: ReadonlySet<string> = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** Text of a node list for XML: references stay references, values become their text. */
function xmlText(nodes: readonly XmlNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (node.kind === 'charref') text += isXmlForbiddenCode(node.code) ? charEscape(node.code) : `&#${node.code};`;
    // Another entity is written as the text `&name;`, which is what the JSON shows for it.
    else if (node.kind === 'entityref')
      text += PREDEFINED_ENTITIES.has(node.name) ? `&${node.name};` : escapeXml(`&${node.name};`);
    else if (node.kind === 'text' || node.kind === 'value') text += escapeXml(textContent([node]));
  }
  return text;
}

const PI_DATA_ESCAPE = new RegExp(`\\?>|[${XML_FORBIDDEN_CHARS}]`, 'g');

/** PI data: no `?>` inside (it would end the PI early) and no character XML forbids. */
function piData(data: string): string {
  return data.replace(PI_DATA_ESCAPE, (found) =>
    found === '?>' ? `?${charEscape(0x3e)}` : charEscape(found.charCodeAt(0)),
  );
}

/**
 * The start tag's attributes with a value. XML allows a name once per element (§3.1), so a name
 * that comes again (or again once encoded) gets `_1`, `_2` … as repeated elements do in JSON.
 */
function attributeText(element: XmlElement): string {
  let text = '';
  let seen: Set<string> | undefined;
  for (const attribute of element.attributes) {
    // An attribute whose substitution was NULL or empty is left out, as Event Viewer and evtxexport show it.
    const value = xmlText(attribute.value);
    if (value === '') continue;
    let name = xmlName(attribute.name);
    // Only an element with several attributes can repeat one: no Set for Provider, Data Name=….
    if (element.attributes.length > 1) {
      seen ??= new Set();
      for (let n = 1; seen.has(name); n++) name = `${xmlName(attribute.name)}_${n}`;
      seen.add(name);
    }
    text += ` ${name}="${value}"`;
  }
  return text;
}

function renderElement(element: XmlElement, indent: string, out: string[]): void {
  const name = xmlName(element.name);
  const open = `${indent}<${name}${attributeText(element)}`;
  const hasChildElements = element.children.some((node) => node.kind === 'element');
  const text = xmlText(element.children);
  if (!hasChildElements) {
    out.push(text === '' ? `${open}/>` : `${open}>${text}</${name}>`);
    return;
  }
  out.push(`${open}>`);
  for (const node of element.children) {
    if (node.kind === 'element') renderElement(node, `${indent}  `, out);
    else if (node.kind === 'pi') out.push(`${indent}  <?${xmlPiTarget(node.target)} ${piData(node.data)}?>`);
    else if (node.kind !== 'substitution') {
      const line = xmlText([node]);
      if (line !== '') out.push(`${indent}  ${line}`);
    }
  }
  out.push(`${indent}</${name}>`);
}

/** Renders resolved record nodes as XML text (no declaration), lines joined by `\n`. */
export function renderXmlText(nodes: readonly XmlNode[]): string {
  const out: string[] = [];
  for (const node of nodes) if (node.kind === 'element') renderElement(node, '', out);
  return out.join('\n');
}
