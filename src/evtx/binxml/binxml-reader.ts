/**
 * Turns BinXML token streams of one chunk into node trees (MS-EVEN6 §2.2.12; libyal's EVTX notes,
 * "Binary XML"). One reader per chunk owns the chunk's name cache and template cache: names and
 * template definitions are found by chunk offset, so each is decoded once however many records use it.
 * Errors are thrown as `EvtxFormatError` and caught by the record walk.
 */
import { EvtxFormatError } from '../evtx-format-error.js';
import { readUtf16 } from '../utf16.js';
import { MAX_ELEMENT_DEPTH } from './limits.js';
import { NO_DEPENDENCY, type Scalar, type XmlAttribute, type XmlElement, type XmlNode } from './nodes.js';
import { TEMPLATE_HEADER_SIZE, type TemplateDefinition } from './template-definition.js';
import { guidText, readScalar } from './values.js';
import {
  TOKEN_ATTRIBUTE,
  TOKEN_CDATA_SECTION,
  TOKEN_CHAR_REF,
  TOKEN_CLOSE_EMPTY_ELEMENT,
  TOKEN_CLOSE_START_ELEMENT,
  TOKEN_END_ELEMENT,
  TOKEN_ENTITY_REF,
  TOKEN_EOF,
  TOKEN_FRAGMENT_HEADER,
  TOKEN_MORE_BIT,
  TOKEN_NORMAL_SUBSTITUTION,
  TOKEN_OPEN_START_ELEMENT,
  TOKEN_OPTIONAL_SUBSTITUTION,
  TOKEN_PI_DATA,
  TOKEN_PI_TARGET,
  TOKEN_TEMPLATE_INSTANCE,
  TOKEN_VALUE,
} from './tokens.js';
import { FIXED_VALUE_SIZE, VALUE_STRING } from './value-types.js';

/** Where a token stream sits, which decides the element header layout and what tokens may occur. */
export interface StreamMode {
  /** Template definitions carry a 2-byte dependency id after the element token; other streams do not. */
  readonly hasDependencyId: boolean;
  /** Substitution placeholders occur only inside template definitions. */
  readonly inTemplate: boolean;
}

export const TEMPLATE_STREAM: StreamMode = { hasDependencyId: true, inTemplate: true };
export const DIRECT_STREAM: StreamMode = { hasDependencyId: false, inTemplate: false };

/** Resolves a template instance token found inside a direct stream into nodes (set by the resolver). */
export type InstanceHandler = (reader: BinXmlReader, at: number, end: number, depth: number) => [XmlNode[], number];

/** Bytes of a name structure before its characters: next offset (4), hash (2), length (2). */
const NAME_HEADER_SIZE = 8;

export class BinXmlReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, TemplateDefinition | EvtxFormatError>();
  private readonly onInstance: InstanceHandler;
  /** Where the name `nameRef` or the element `parseElement` just read ends: no tuple per call. */
  private after = 0;
  /** While a template definition is parsed: its name references (see `TemplateDefinition.nameSpans`). */
  private templateNames: { spans: number[]; names: string[] } | undefined = undefined;

  constructor(bytes: Uint8Array, view: DataView, onInstance: InstanceHandler) {
    this.bytes = bytes;
    this.view = view;
    this.onInstance = onInstance;
  }

  need(at: number, size: number, end: number): void {
    if (at < 0 || at + size > end)
      throw new EvtxFormatError('TRUNCATED', at, `needs ${size} bytes at 0x${at.toString(16)}`);
  }

  /** The template definition at a chunk offset, parsed on first use; a broken one fails every time. */
  template(offset: number): TemplateDefinition {
    const cached = this.templates.get(offset);
    if (cached instanceof EvtxFormatError) throw cached;
    if (cached !== undefined) return cached;
    try {
      const parsed = this.parseTemplate(offset);
      this.templates.set(offset, parsed);
      return parsed;
    } catch (error) {
      if (!(error instanceof EvtxFormatError)) throw error;
      const failure = new EvtxFormatError(
        'BAD_TEMPLATE',
        error.chunkOffset,
        `template at 0x${offset.toString(16)}: ${error.message}`,
      );
      this.templates.set(offset, failure);
      throw failure;
    }
  }

  private parseTemplate(offset: number): TemplateDefinition {
    const end = this.bytes.length;
    this.need(offset, TEMPLATE_HEADER_SIZE, end);
    const dataSize = this.view.getUint32(offset + 20, true);
    const dataStart = offset + TEMPLATE_HEADER_SIZE;
    this.need(dataStart, dataSize, end);
    const slots = { max: 0 };
    const names = { spans: [] as number[], names: [] as string[] };
    this.templateNames = names;
    let nodes: XmlNode[];
    try {
      [nodes] = this.parseFragment(dataStart, dataStart + dataSize, TEMPLATE_STREAM, 0, slots);
    } finally {
      this.templateNames = undefined;
    }
    return {
      offset,
      guid: guidText(this.bytes, offset + 4),
      dataSize,
      nodes,
      substitutionSlots: slots.max,
      dataStart,
      nameSpans: names.spans,
      names: names.names,
      structureId: -1,
    };
  }

  /** A name structure at a chunk offset (cached). */
  name(offset: number): string {
    const cached = this.names.get(offset);
    if (cached !== undefined) return cached;
    this.need(offset, NAME_HEADER_SIZE, this.bytes.length);
    const units = this.view.getUint16(offset + 6, true);
    const at = offset + NAME_HEADER_SIZE;
    if (at + units * 2 > this.bytes.length)
      throw new EvtxFormatError('BAD_NAME', offset, `name of ${units} characters runs past the chunk`);
    const text = readUtf16(this.bytes, at, units);
    this.names.set(offset, text);
    return text;
  }

  /**
   * Reads a name reference at `at`; an inline name (offset pointing right after) is skipped over.
   * Sets `after` to the offset past it.
   */
  private nameRef(at: number, end: number): string {
    this.need(at, 4, end);
    const offset = this.view.getUint32(at, true);
    const next = at + 4;
    const text = this.name(offset);
    this.after = offset !== next ? next : next + NAME_HEADER_SIZE + text.length * 2 + 2;
    if (this.templateNames !== undefined) this.recordName(at, text);
    return text;
  }

  /** Notes a name reference of the template definition being parsed (kept out of `nameRef`, which is hot). */
  private recordName(at: number, text: string): void {
    this.templateNames!.spans.push(at, this.after);
    this.templateNames!.names.push(text);
  }

  /**
   * Parses a fragment: optional fragment header, then content up to the end-of-stream token or `end`.
   * `slots` collects the highest substitution index (template definitions only).
   */
  parseFragment(
    at: number,
    end: number,
    mode: StreamMode,
    depth: number,
    slots?: { max: number },
  ): [XmlNode[], number] {
    const nodes: XmlNode[] = [];
    const next = this.parseContent(at, end, mode, depth, nodes, false, slots);
    return [nodes, next];
  }

  private parseContent(
    start: number,
    end: number,
    mode: StreamMode,
    depth: number,
    out: XmlNode[],
    inElement: boolean,
    slots: { max: number } | undefined,
  ): number {
    const bytes = this.bytes;
    let at = start;
    while (at < end) {
      const raw = bytes[at]!;
      const token = raw & ~TOKEN_MORE_BIT;
      switch (token) {
        case TOKEN_EOF:
          if (inElement) throw new EvtxFormatError('TRUNCATED', at, 'end of stream inside an element');
          return at + 1;
        case TOKEN_FRAGMENT_HEADER:
          this.need(at, 4, end);
          at += 4;
          break;
        case TOKEN_OPEN_START_ELEMENT: {
          out.push(this.parseElement(at, end, mode, depth + 1, slots));
          at = this.after;
          break;
        }
        case TOKEN_END_ELEMENT:
          if (!inElement) throw new EvtxFormatError('UNKNOWN_TOKEN', at, 'end element outside an element');
          return at + 1;
        case TOKEN_TEMPLATE_INSTANCE: {
          if (mode.inTemplate)
            throw new EvtxFormatError('BAD_TEMPLATE', at, 'template instance inside a template definition');
          const [nodes, next] = this.onInstance(this, at, end, depth);
          for (const node of nodes) out.push(node);
          at = next;
          break;
        }
        default:
          at = this.parseLeaf(at, end, mode, out, slots);
      }
    }
    if (inElement) throw new EvtxFormatError('TRUNCATED', at, 'stream ends inside an element');
    return at;
  }

  /** Value, CDATA, references, processing instructions and substitutions: tokens without children. */
  private parseLeaf(
    at: number,
    end: number,
    mode: StreamMode,
    out: XmlNode[],
    slots: { max: number } | undefined,
  ): number {
    const bytes = this.bytes;
    const view = this.view;
    const raw = bytes[at]!;
    switch (raw & ~TOKEN_MORE_BIT) {
      case TOKEN_VALUE: {
        this.need(at, 2, end);
        const type = bytes[at + 1]!;
        if (type === VALUE_STRING) {
          this.need(at + 2, 2, end);
          const units = view.getUint16(at + 2, true);
          this.need(at + 4, units * 2, end);
          out.push({ kind: 'text', text: readUtf16(bytes, at + 4, units), isCData: false });
          return at + 4 + units * 2;
        }
        const size = FIXED_VALUE_SIZE[type];
        if (size === undefined)
          throw new EvtxFormatError('UNKNOWN_VALUE_TYPE', at + 1, `value token of type 0x${type.toString(16)}`);
        this.need(at + 2, size, end);
        const value: Scalar = readScalar(bytes, view, type, at + 2, size);
        out.push({ kind: 'value', type, value });
        return at + 2 + size;
      }
      case TOKEN_CDATA_SECTION: {
        this.need(at, 3, end);
        const units = view.getUint16(at + 1, true);
        this.need(at + 3, units * 2, end);
        out.push({ kind: 'text', text: readUtf16(bytes, at + 3, units), isCData: true });
        return at + 3 + units * 2;
      }
      case TOKEN_CHAR_REF:
        this.need(at, 3, end);
        out.push({ kind: 'charref', code: view.getUint16(at + 1, true) });
        return at + 3;
      case TOKEN_ENTITY_REF: {
        const name = this.nameRef(at + 1, end);
        out.push({ kind: 'entityref', name });
        return this.after;
      }
      case TOKEN_PI_TARGET: {
        const target = this.nameRef(at + 1, end);
        let data = '';
        let after = this.after;
        if (after < end && bytes[after] === TOKEN_PI_DATA) {
          this.need(after, 3, end);
          const units = view.getUint16(after + 1, true);
          this.need(after + 3, units * 2, end);
          data = readUtf16(bytes, after + 3, units);
          after += 3 + units * 2;
        }
        out.push({ kind: 'pi', target, data });
        return after;
      }
      case TOKEN_NORMAL_SUBSTITUTION:
      case TOKEN_OPTIONAL_SUBSTITUTION: {
        if (raw & TOKEN_MORE_BIT || !mode.inTemplate) {
          throw new EvtxFormatError('UNKNOWN_TOKEN', at, `substitution token 0x${raw.toString(16)} outside a template`);
        }
        this.need(at, 4, end);
        const index = view.getUint16(at + 1, true);
        if (slots !== undefined && index + 1 > slots.max) slots.max = index + 1;
        out.push({
          kind: 'substitution',
          index,
          type: bytes[at + 3]!,
          isOptional: raw === TOKEN_OPTIONAL_SUBSTITUTION,
        });
        return at + 4;
      }
      default:
        throw new EvtxFormatError('UNKNOWN_TOKEN', at, `unexpected token 0x${raw.toString(16)}`);
    }
  }

  /** Parses an element; sets `after` to the offset past it. */
  private parseElement(
    at: number,
    end: number,
    mode: StreamMode,
    depth: number,
    slots: { max: number } | undefined,
  ): XmlElement {
    if (depth > MAX_ELEMENT_DEPTH)
      throw new EvtxFormatError('LIMIT_EXCEEDED', at, `elements nested deeper than ${MAX_ELEMENT_DEPTH}`);
    const bytes = this.bytes;
    const hasAttributes = (bytes[at]! & TOKEN_MORE_BIT) !== 0;
    let p = at + 1 + (mode.hasDependencyId ? 2 : 0) + 4; // token, dependency id, data size
    this.need(at, p + 4 - at, end); // and the name reference
    const dependency = mode.hasDependencyId ? this.view.getUint16(at + 1, true) : NO_DEPENDENCY;
    const name = this.nameRef(p, end);
    p = this.after + (hasAttributes ? 4 : 0); // attribute list size
    const attributes: XmlAttribute[] = [];
    while (hasAttributes) {
      this.need(p, 1, end);
      if ((bytes[p]! & ~TOKEN_MORE_BIT) !== TOKEN_ATTRIBUTE) break;
      const attributeName = this.nameRef(p + 1, end);
      const value: XmlNode[] = [];
      p = this.after;
      while (p < end && isAttributeValueToken(bytes[p]!)) p = this.parseLeaf(p, end, mode, value, slots);
      attributes.push({ name: attributeName, value });
    }
    this.need(p, 1, end);
    const close = bytes[p]!;
    const children: XmlNode[] = [];
    if (close === TOKEN_CLOSE_START_ELEMENT) {
      p = this.parseContent(p + 1, end, mode, depth, children, true, slots);
    } else if (close === TOKEN_CLOSE_EMPTY_ELEMENT) {
      p += 1;
    } else {
      throw new EvtxFormatError(
        'UNKNOWN_TOKEN',
        p,
        `token 0x${close.toString(16)} where element <${name}> should close its start tag`,
      );
    }
    this.after = p;
    return { kind: 'element', name, dependency, attributes, children };
  }
}

function isAttributeValueToken(raw: number): boolean {
  const token = raw & ~TOKEN_MORE_BIT;
  return (
    token === TOKEN_VALUE ||
    token === TOKEN_NORMAL_SUBSTITUTION ||
    token === TOKEN_OPTIONAL_SUBSTITUTION ||
    token === TOKEN_CHAR_REF ||
    token === TOKEN_ENTITY_REF ||
    token === TOKEN_CDATA_SECTION
  );
}
