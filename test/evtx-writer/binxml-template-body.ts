// Encodes a template tree as the BinXML token stream of a template definition (MS-EVEN6 §2.2.12):
// fragment header, one element with its attributes and content, end-of-file token. Names go through
// the chunk's string table; data sizes are patched once the element's end is known.
import type { ByteWriter } from './byte-writer.js';
import type { ChunkTables } from './chunk-tables.js';
import type { TemplateElement, TemplateNode } from './template-tree.js';

/** Token bytes (MS-EVEN6 §2.2.12 BinXml grammar); `HAS_MORE` marks "another attribute follows". */
export const TOKEN = {
  EOF: 0x00,
  OPEN_START_ELEMENT: 0x01,
  CLOSE_START_ELEMENT: 0x02,
  CLOSE_EMPTY_ELEMENT: 0x03,
  END_ELEMENT: 0x04,
  VALUE: 0x05,
  ATTRIBUTE: 0x06,
  TEMPLATE_INSTANCE: 0x0c,
  NORMAL_SUBSTITUTION: 0x0d,
  OPTIONAL_SUBSTITUTION: 0x0e,
  FRAGMENT_HEADER: 0x0f,
  HAS_MORE: 0x40,
} as const;

const STRING_VALUE_TYPE = 0x01;
const NO_DEPENDENCY = 0xffff;

/** Fragment header: token, major version 1, minor version 1, flags 0. */
export function writeFragmentHeader(w: ByteWriter): void {
  w.u8(TOKEN.FRAGMENT_HEADER).u8(1).u8(1).u8(0);
}

/**
 * Windows sets an element's dependency identifier to the optional substitution among its direct
 * children (Level → %0, EventID → %3, Event → the EventData fragment), and 0xffff otherwise.
 */
function dependency(el: TemplateElement): number {
  const child = el.children.find((c) => c.kind === 'substitution' && c.optional);
  return child?.kind === 'substitution' ? child.index : NO_DEPENDENCY;
}

function writeNode(w: ByteWriter, node: TemplateNode, tables: ChunkTables): void {
  switch (node.kind) {
    case 'element':
      writeElement(w, node, tables);
      return;
    case 'text':
      w.u8(TOKEN.VALUE).u8(STRING_VALUE_TYPE).u16(node.text.length).utf16(node.text);
      return;
    case 'substitution':
      w.u8(node.optional ? TOKEN.OPTIONAL_SUBSTITUTION : TOKEN.NORMAL_SUBSTITUTION)
        .u16(node.index)
        .u8(node.typeCode);
      return;
    default: {
      const unreachable: never = node;
      throw new TypeError(`unknown template node ${JSON.stringify(unreachable)}`);
    }
  }
}

function writeElement(w: ByteWriter, el: TemplateElement, tables: ChunkTables): void {
  const hasAttributes = el.attributes.length > 0;
  w.u8(TOKEN.OPEN_START_ELEMENT | (hasAttributes ? TOKEN.HAS_MORE : 0)).u16(dependency(el));
  const sizeAt = w.size;
  w.u32(0);
  tables.writeName(w, el.name);
  if (hasAttributes) {
    const listSizeAt = w.size;
    w.u32(0);
    el.attributes.forEach((attribute, i) => {
      const isLast = i === el.attributes.length - 1;
      w.u8(TOKEN.ATTRIBUTE | (isLast ? 0 : TOKEN.HAS_MORE));
      tables.writeName(w, attribute.name);
      writeNode(w, attribute.value, tables);
    });
    w.patchU32(listSizeAt, w.size - listSizeAt - 4);
  }
  if (el.children.length === 0) {
    w.u8(TOKEN.CLOSE_EMPTY_ELEMENT);
  } else {
    w.u8(TOKEN.CLOSE_START_ELEMENT);
    for (const child of el.children) writeNode(w, child, tables);
    w.u8(TOKEN.END_ELEMENT);
  }
  // The element's data size counts everything after its first 7 bytes (token, dependency, size).
  w.patchU32(sizeAt, w.size - sizeAt - 4);
}

/** Writes fragment header, the element tree and EOF: the body of a template definition. */
export function writeTemplateBody(w: ByteWriter, root: TemplateElement, tables: ChunkTables): void {
  writeFragmentHeader(w);
  writeElement(w, root, tables);
  w.u8(TOKEN.EOF);
}
