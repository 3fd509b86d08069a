/**
 * Finds the substitution that decides an element's array expansion (MS-EVEN6 §3.1.4.7.5): the first
 * one among the element's own children, then among its attribute values, that a caller accepts.
 * Shared by the general resolver and the compiled path so both expand the same element the same way.
 */
import type { XmlElement, XmlNode, XmlSubstitution } from './nodes.js';

function firstIn(nodes: readonly XmlNode[], accept: (node: XmlSubstitution) => boolean): XmlSubstitution | undefined {
  for (const node of nodes) if (node.kind === 'substitution' && accept(node)) return node;
  return undefined;
}

/** The first accepted substitution directly inside `element` (children first, then attributes). */
export function findOwnSubstitution(
  element: XmlElement,
  accept: (node: XmlSubstitution) => boolean,
): XmlSubstitution | undefined {
  const found = firstIn(element.children, accept);
  if (found !== undefined) return found;
  for (const attribute of element.attributes) {
    const inAttribute = firstIn(attribute.value, accept);
    if (inAttribute !== undefined) return inAttribute;
  }
  return undefined;
}
