/**
 * The XML tree BinXML describes. A template definition parses into this tree once per chunk, with
 * `substitution` leaves; a record's instance resolves it into a tree without them (values in place,
 * arrays expanded, nested BinXML spliced in). Renderers only ever see resolved trees.
 */

/** A decoded scalar: numbers for integers that fit in 53 bits, bigint beyond, text for the rest. */
export type Scalar = string | number | bigint | boolean;

/** An element: name, attributes and children. */
export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  /**
   * Template definitions only: the substitution this element depends on (MS-EVEN6 "dependency
   * identifier"); when that value is NULL the element is left out. `NO_DEPENDENCY` otherwise.
   */
  readonly dependency: number;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlNode[];
}

/** The dependency identifier of an element that depends on no substitution. */
export const NO_DEPENDENCY = 0xffff;

/** An attribute: its name and value nodes. */
export interface XmlAttribute {
  readonly name: string;
  readonly value: readonly XmlNode[];
}

/** Literal text from a Value token or a CDATA section. */
export interface XmlText {
  readonly kind: 'text';
  readonly text: string;
  readonly isCData: boolean;
}

/** A typed value: a substitution after resolution (type decides JSON number vs string). */
export interface XmlValue {
  readonly kind: 'value';
  readonly type: number;
  readonly value: Scalar;
}

/** A placeholder in a template definition, filled from the record's substitution array. */
export interface XmlSubstitution {
  readonly kind: 'substitution';
  readonly index: number;
  readonly type: number;
  readonly isOptional: boolean;
}

export interface XmlCharRef {
  readonly kind: 'charref';
  readonly code: number;
}

export interface XmlEntityRef {
  readonly kind: 'entityref';
  readonly name: string;
}

export interface XmlProcessingInstruction {
  readonly kind: 'pi';
  readonly target: string;
  readonly data: string;
}

/** Any node of a template or resolved tree. */
export type XmlNode =
  XmlElement | XmlText | XmlValue | XmlSubstitution | XmlCharRef | XmlEntityRef | XmlProcessingInstruction;
