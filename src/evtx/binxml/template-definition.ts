/** A template definition parsed once per chunk: its header facts and its node tree with placeholders. */
import type { XmlNode } from './nodes.js';

export interface TemplateDefinition {
  /** Chunk-relative offset of the definition header (the key records use to find it). */
  readonly offset: number;
  readonly guid: string;
  readonly dataSize: number;
  readonly nodes: readonly XmlNode[];
  /** Highest substitution index the tree uses, +1 (0 when it uses none). */
  readonly substitutionSlots: number;
  /** Chunk offset of the definition's BinXML (after its header); it runs `dataSize` bytes. */
  readonly dataStart: number;
  /**
   * Where its name references lie, as [start, end) pairs of chunk offsets in order (a reference,
   * and the name structure after it when the name is defined there), and the names they give.
   * Only these bytes of a definition depend on its chunk (`template-structure.ts`).
   */
  readonly nameSpans: readonly number[];
  readonly names: readonly string[];
  /** Its structure id across chunks once `template-structure.ts` has given it one; -1 before. */
  structureId: number;
}

/** Size of the definition header before its BinXML: next offset (4), GUID (16), data size (4). */
export const TEMPLATE_HEADER_SIZE = 24;
