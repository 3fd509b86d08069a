/**
 * Renders resolved record nodes as indented XML text, the way Event Viewer and evtxexport show a
 * record: one element per line, text inline, empty elements self-closed, attributes in order.
 */
import type { XmlElement, XmlNode } from './binxml/nodes.js';
import { textContent } from './render-json.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeXml(text: string): string {
  return /[&<>"]/.test(text) ? text.replace(/[&<>"]/g, (c) => ESCAPES[c]!) : text;
}

/** Text of a node list for XML: references stay references, values become their text. */
function xmlText(nodes: readonly XmlNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (node.kind === 'charref') text += `&#${node.code};`;
    else if (node.kind === 'entityref') text += `&${node.name};`;
    else if (node.kind === 'text' || node.kind === 'value') text += escapeXml(textContent([node]));
  }
  return text;
}

function renderElement(element: XmlElement, indent: string, out: string[]): void {
  let open = `${indent}<${element.name}`;
  for (const attribute of element.attributes) {
    // An attribute whose substitution was NULL or empty is left out, as Event Viewer and evtxexport show it.
    const value = xmlText(attribute.value);
    if (value !== '') open += ` ${attribute.name}="${value}"`;
  }
  const hasChildElements = element.children.some((node) => node.kind === 'element');
  const text = xmlText(element.children);
  if (!hasChildElements) {
    out.push(text === '' ? `${open}/>` : `${open}>${text}</${element.name}>`);
    return;
  }
  out.push(`${open}>`);
  for (const node of element.children) {
    if (node.kind === 'element') renderElement(node, `${indent}  `, out);
    else if (node.kind === 'pi') out.push(`${indent}  <?${node.target} ${node.data}?>`);
    else if (node.kind !== 'substitution') {
      const line = xmlText([node]);
      if (line !== '') out.push(`${indent}  ${line}`);
    }
  }
  out.push(`${indent}</${element.name}>`);
}

/** Renders resolved record nodes as XML text (no declaration), lines joined by `\n`. */
export function renderXmlText(nodes: readonly XmlNode[]): string {
  const out: string[] = [];
  for (const node of nodes) if (node.kind === 'element') renderElement(node, '', out);
  return out.join('\n');
}
