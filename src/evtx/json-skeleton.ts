/**
 * A compiled variant's JSON as bytes: its parts around the holes in UTF-8, with the quotes of
 * string holes folded into the parts, so filling a record is part, value, part, … into a
 * `Utf8Writer`, each value written from the chunk bytes (`value-writer.ts`). Built once per variant,
 * on its first dumped record (events never need it).
 */
import { Buffer } from 'node:buffer';
import type { JsonHole } from './compiled-template.js';
import type { FlatInstance } from './flat-instance.js';
import type { Utf8Writer } from './utf8-writer.js';
import { writeScalarText, writeValueText } from './value-writer.js';
import { VALUE_ARRAY_BIT, VALUE_STRING } from './binxml/value-types.js';

export interface JsonSkeleton {
  /** The parts back to back; part `h` is `bytes[partEnds[h - 1] ?? 0, partEnds[h])`. */
  readonly bytes: Buffer;
  readonly view: DataView;
  readonly partEnds: Int32Array;
  /** Per hole: flat substitution index and array item (-1: none). */
  readonly holeIndexes: Int32Array;
  readonly holeItems: Int32Array;
}

/** The skeleton of parts and holes as `cutSkeleton` gives them (`parts.length === holes.length + 1`). */
export function makeJsonSkeleton(parts: readonly string[], holes: readonly JsonHole[]): JsonSkeleton {
  const quoted: string[] = [];
  for (let h = 0; h < parts.length; h++) {
    const opens = h < holes.length && !holes[h]!.isText && !holes[h]!.isBare;
    const closes = h > 0 && !holes[h - 1]!.isText && !holes[h - 1]!.isBare;
    quoted.push(`${closes ? '"' : ''}${parts[h]!}${opens ? '"' : ''}`);
  }
  const encoded = quoted.map((part) => Buffer.from(part, 'utf8'));
  const partEnds = new Int32Array(encoded.length);
  let end = 0;
  encoded.forEach((part, h) => {
    end += part.length;
    partEnds[h] = end;
  });
  const bytes = Buffer.concat(encoded);
  return {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.length),
    partEnds,
    holeIndexes: Int32Array.from(holes, (hole) => hole.index),
    holeItems: Int32Array.from(holes, (hole) => hole.item),
  };
}

/**
 * Writes the record `flat` holds through `skeleton`: the bytes the general renderer's JSON text
 * has in UTF-8. Its scalar values must have been checked to decode.
 */
export function writeJsonRecord(
  w: Utf8Writer,
  skeleton: JsonSkeleton,
  bytes: Uint8Array,
  view: DataView,
  flat: FlatInstance,
): void {
  const parts = skeleton.bytes;
  const partsView = skeleton.view;
  const partEnds = skeleton.partEnds;
  const holeIndexes = skeleton.holeIndexes;
  const holeItems = skeleton.holeItems;
  const types = flat.types;
  let from = 0;
  for (let h = 0; h < holeIndexes.length; h++) {
    const to = partEnds[h]!;
    w.copy(parts, partsView, from, to);
    from = to;
    const index = holeIndexes[h]!;
    const type = types[index]!;
    // Strings first: most values are, and they skip the type switch.
    if (type === VALUE_STRING) w.utf16Json(bytes, view, flat.offsets[index]!, flat.sizes[index]! >>> 1);
    else if (type & VALUE_ARRAY_BIT) writeScalarText(w, flat.arrays[index]![holeItems[h]!]!);
    else writeValueText(w, bytes, view, type, flat.offsets[index]!, flat.sizes[index]!);
  }
  w.copy(parts, partsView, from, partEnds[holeIndexes.length]!);
}
