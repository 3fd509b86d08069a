// The shape of a BinXML template before encoding: elements with literal text and substitution
// slots (MS-EVEN6 §2.2.12 BinXml, §3.1.4.7.1 templates). Two records whose trees are equal share one
// template definition in a chunk, so the tree doubles as the template's identity.

export interface TemplateText {
  readonly kind: 'text';
  readonly text: string;
}

/** `%n`: value n of the template instance. An optional one drops its element or attribute when NULL. */
export interface TemplateSubstitution {
  readonly kind: 'substitution';
  readonly index: number;
  readonly typeCode: number;
  readonly optional: boolean;
}

export interface TemplateAttribute {
  readonly name: string;
  readonly value: TemplateText | TemplateSubstitution;
}

export interface TemplateElement {
  readonly kind: 'element';
  readonly name: string;
  readonly attributes: readonly TemplateAttribute[];
  readonly children: readonly TemplateNode[];
}

export type TemplateNode = TemplateElement | TemplateText | TemplateSubstitution;

/** An element; `attributes` keep their order, as they do in the rendered XML. */
export function element(
  name: string,
  attributes: Readonly<Record<string, TemplateText | TemplateSubstitution>> = {},
  children: readonly TemplateNode[] = [],
): TemplateElement {
  return {
    kind: 'element',
    name,
    attributes: Object.entries(attributes).map(([attributeName, value]) => ({ name: attributeName, value })),
    children,
  };
}

export function text(value: string): TemplateText {
  return { kind: 'text', text: value };
}

export function substitution(index: number, typeCode: number, optional: boolean): TemplateSubstitution {
  return { kind: 'substitution', index, typeCode, optional };
}

/** A string equal for equal trees: the key of a template in a chunk's template table. */
export function templateKey(root: TemplateElement): string {
  return JSON.stringify(root);
}
