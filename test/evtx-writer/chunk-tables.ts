// The two per-chunk lookup tables of the chunk header: the common string table (64 buckets of
// element and attribute names) and the template table (32 buckets of template definitions). A name
// or template is written in full the first time a chunk uses it and by chunk offset after that.
// Both tables chain entries through a "next" field, newest first, as Windows does (seen in every
// corpus chunk); bucket choice was checked against all templates and names of the DeepBlueCLI logs.
import type { ByteWriter } from './byte-writer.js';

const STRING_BUCKETS = 64;
const TEMPLATE_BUCKETS = 32;
export const STRING_TABLE_OFFSET = 128;
export const TEMPLATE_TABLE_OFFSET = 384;

/** Hash step shared by names and template buckets: h = h * 65599 + unit, over 16-bit units. */
function hash65599(units: Iterable<number>): number {
  let h = 0;
  for (const unit of units) h = (Math.imul(h, 65599) + unit) >>> 0;
  return h;
}

/** The 16-bit hash stored in a BinXML name, over its UTF-16 code units. */
export function nameHash(name: string): number {
  const units: number[] = [];
  for (let i = 0; i < name.length; i++) units.push(name.charCodeAt(i));
  return hash65599(units) & 0xffff;
}

function templateBucket(guid: Uint8Array): number {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((guid[i] ?? 0) | ((guid[i + 1] ?? 0) << 8));
  return hash65599(words) % TEMPLATE_BUCKETS;
}

export interface ChunkTablesSnapshot {
  readonly names: ReadonlyMap<string, number>;
  readonly stringHeads: Uint32Array;
  readonly templates: ReadonlyMap<string, number>;
  readonly templateHeads: Uint32Array;
}

export class ChunkTables {
  private names = new Map<string, number>();
  private stringHeads = new Uint32Array(STRING_BUCKETS);
  private templates = new Map<string, number>();
  private templateHeads = new Uint32Array(TEMPLATE_BUCKETS);

  /** Writes a reference to `name`, defining it right after the reference if the chunk lacks it. */
  writeName(w: ByteWriter, name: string): void {
    const known = this.names.get(name);
    if (known !== undefined) {
      w.u32(known);
      return;
    }
    const at = w.offset + 4;
    const hash = nameHash(name);
    const bucket = hash % STRING_BUCKETS;
    w.u32(at);
    w.u32(this.stringHeads[bucket] ?? 0)
      .u16(hash)
      .u16(name.length)
      .utf16(name)
      .u16(0);
    this.stringHeads[bucket] = at;
    this.names.set(name, at);
  }

  /** Chunk offset of a template definition already in this chunk, by its structural key. */
  templateOffset(key: string): number | undefined {
    return this.templates.get(key);
  }

  /** Records a definition written at `at`; returns the offset its "next" field must hold. */
  addTemplate(key: string, guid: Uint8Array, at: number): number {
    const bucket = templateBucket(guid);
    const next = this.templateHeads[bucket] ?? 0;
    this.templateHeads[bucket] = at;
    this.templates.set(key, at);
    return next;
  }

  snapshot(): ChunkTablesSnapshot {
    return {
      names: new Map(this.names),
      stringHeads: this.stringHeads.slice(),
      templates: new Map(this.templates),
      templateHeads: this.templateHeads.slice(),
    };
  }

  restore(s: ChunkTablesSnapshot): void {
    this.names = new Map(s.names);
    this.stringHeads = s.stringHeads.slice();
    this.templates = new Map(s.templates);
    this.templateHeads = s.templateHeads.slice();
  }

  /** Writes both bucket arrays into a chunk header. */
  writeInto(chunk: Buffer): void {
    this.stringHeads.forEach((head, i) => chunk.writeUInt32LE(head, STRING_TABLE_OFFSET + 4 * i));
    this.templateHeads.forEach((head, i) => chunk.writeUInt32LE(head, TEMPLATE_TABLE_OFFSET + 4 * i));
  }
}
