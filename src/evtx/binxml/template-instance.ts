/**
 * A template instance token (MS-EVEN6 §2.2.12, TemplateInstance): which definition to use (by chunk
 * offset; the definition follows inline the first time a chunk uses it) and the record's
 * substitution array: a count, one (size, type) descriptor per value, then the values back to back.
 */
import { EvtxFormatError } from '../evtx-format-error.js';
import type { BinXmlReader } from './binxml-reader.js';
import { TEMPLATE_HEADER_SIZE, type TemplateDefinition } from './template-definition.js';
import { isKnownValueType } from './value-types.js';

export interface TemplateInstance {
  readonly template: TemplateDefinition;
  readonly count: number;
  /** Per substitution: value type, size in bytes, chunk-relative offset of the value. */
  readonly types: ArrayLike<number>;
  readonly sizes: ArrayLike<number>;
  readonly offsets: ArrayLike<number>;
  /** Chunk offset just after the last value. */
  readonly end: number;
}

/** The fixed part of an instance: its definition, the substitution count and where descriptors start. */
export interface InstanceHeader {
  readonly template: TemplateDefinition;
  readonly count: number;
  readonly descriptorsAt: number;
}

/** Reads the token, definition reference (skipping an inline definition) and substitution count. */
export function readInstanceHeader(reader: BinXmlReader, at: number, end: number): InstanceHeader {
  const view = reader.view;
  reader.need(at, 10, end);
  const definitionOffset = view.getUint32(at + 6, true);
  let p = at + 10;
  if (definitionOffset === p) {
    reader.need(p, TEMPLATE_HEADER_SIZE, end);
    p += TEMPLATE_HEADER_SIZE + view.getUint32(p + 20, true);
  }
  const template = reader.template(definitionOffset);
  // The template id is the first 4 bytes of the definition's GUID: a mismatch means this record came
  // from another chunk (VSS-recovered and dirty files) and the offset points at the wrong definition.
  const templateId = view.getUint32(at + 2, true);
  if (templateId !== view.getUint32(definitionOffset + 4, true)) {
    throw new EvtxFormatError(
      'BAD_TEMPLATE',
      at + 2,
      `template id 0x${templateId.toString(16)} does not match the definition at 0x${definitionOffset.toString(16)}`,
    );
  }
  reader.need(p, 4, end);
  const count = view.getUint32(p, true);
  p += 4;
  if (count * 4 > end - p) {
    throw new EvtxFormatError('BAD_SUBSTITUTION', p - 4, `${count} substitutions cannot fit in the record`);
  }
  return { template, count, descriptorsAt: p };
}

/** Where `readDescriptors` puts each substitution's type, size and value offset. */
export interface SubstitutionArrays {
  readonly types: Int32Array | number[];
  readonly sizes: Int32Array | number[];
  readonly offsets: Int32Array | number[];
}

/**
 * Writes the descriptors of an instance into `into` from index `base` on (the caller has made room
 * for `header.count` more); returns the offset after the last value.
 */
export function readDescriptors(
  reader: BinXmlReader,
  header: InstanceHeader,
  end: number,
  into: SubstitutionArrays,
  base: number,
): number {
  const { count, descriptorsAt } = header;
  const view = reader.view;
  const bytes = reader.bytes;
  let valueAt = descriptorsAt + count * 4;
  for (let i = 0; i < count; i++) {
    const at = descriptorsAt + i * 4;
    const size = view.getUint16(at, true);
    const type = bytes[at + 2]!;
    if (!isKnownValueType(type)) {
      throw new EvtxFormatError(
        'UNKNOWN_VALUE_TYPE',
        at + 2,
        `substitution ${i} has unknown type 0x${type.toString(16)}`,
      );
    }
    into.types[base + i] = type;
    into.sizes[base + i] = size;
    into.offsets[base + i] = valueAt;
    valueAt += size;
  }
  if (valueAt > end) throw new EvtxFormatError('TRUNCATED', descriptorsAt, 'substitution values run past the record');
  return valueAt;
}

/** Reads the instance whose token is at `at`; values must end by `end`. */
export function readTemplateInstance(reader: BinXmlReader, at: number, end: number): TemplateInstance {
  const header = readInstanceHeader(reader, at, end);
  // Plain arrays: three typed arrays per instance cost more to make than they save here.
  const arrays = { types: [] as number[], sizes: [] as number[], offsets: [] as number[] };
  const valuesEnd = readDescriptors(reader, header, end, arrays, 0);
  return { template: header.template, count: header.count, ...arrays, end: valuesEnd };
}
