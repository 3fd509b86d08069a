// A template instance (MS-EVEN6 §2.2.12, libyal "Template instance"): token 0x0c, a reference to the
// template definition — written in full right here the first time a chunk uses the template, by its
// chunk offset after that — then the values: a count, one (size, type) descriptor per value, the
// value bytes. A value may itself be a BinXML fragment holding another instance (type 0x21).
import { ByteWriter } from './byte-writer.js';
import type { ChunkTables } from './chunk-tables.js';
import { TOKEN, writeFragmentHeader, writeTemplateBody } from './binxml-template-body.js';
import { guidBytesFromText } from './guid.js';
import { templateKey } from './template-tree.js';
import type { TemplateElement } from './template-tree.js';
import { BINXML_TYPE_CODE } from './value-encoding.js';
import type { EncodedValue } from './value-encoding.js';

/** A nested fragment: how Windows stores EventData and UserData inside the System template. */
export interface NestedInstance {
  readonly nested: TemplateInstance;
}

export type SubstitutionValue = EncodedValue | NestedInstance;

export interface TemplateInstance {
  readonly root: TemplateElement;
  readonly values: readonly SubstitutionValue[];
}

const MAX_VALUE_SIZE = 0xffff; // a descriptor holds the size in 16 bits
const DESCRIPTOR_SIZE = 4;

function writeDefinitionReference(w: ByteWriter, root: TemplateElement, tables: ChunkTables): void {
  const key = templateKey(root);
  const guid = guidBytesFromText(key);
  // The 4 bytes before the definition offset repeat the start of the template GUID.
  w.u8(TOKEN.TEMPLATE_INSTANCE).u8(1).raw(guid.subarray(0, 4));
  const known = tables.templateOffset(key);
  if (known !== undefined) {
    w.u32(known);
    return;
  }
  const at = w.offset + 4;
  w.u32(at);
  w.u32(tables.addTemplate(key, guid, at)).raw(guid);
  const sizeAt = w.size;
  w.u32(0);
  writeTemplateBody(w, root, tables);
  w.patchU32(sizeAt, w.size - sizeAt - 4);
}

/** A nested fragment as a substitution value: header, instance, EOF; placed at chunk offset `at`. */
function nestedFragment(instance: TemplateInstance, at: number, tables: ChunkTables): EncodedValue {
  const w = new ByteWriter(at);
  writeFragmentHeader(w);
  writeTemplateInstance(w, instance, tables);
  w.u8(TOKEN.EOF);
  return { typeCode: BINXML_TYPE_CODE, bytes: w.toBuffer() };
}

/** Writes the instance token, the definition or its reference, and the instance data. */
export function writeTemplateInstance(w: ByteWriter, instance: TemplateInstance, tables: ChunkTables): void {
  writeDefinitionReference(w, instance.root, tables);
  // Values are encoded in file order because a nested fragment's name and template offsets depend
  // on where it lands, which depends on the sizes of the values before it.
  let at = w.offset + 4 + DESCRIPTOR_SIZE * instance.values.length;
  const encoded = instance.values.map((value) => {
    const bytes = 'nested' in value ? nestedFragment(value.nested, at, tables) : value;
    if (bytes.bytes.length > MAX_VALUE_SIZE)
      throw new RangeError(`a value of ${bytes.bytes.length} bytes is too large`);
    at += bytes.bytes.length;
    return bytes;
  });
  w.u32(encoded.length);
  for (const value of encoded) w.u16(value.bytes.length).u8(value.typeCode).u8(0);
  for (const value of encoded) w.raw(value.bytes);
}
