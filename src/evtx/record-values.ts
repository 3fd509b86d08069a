/**
 * Where events find their substitution values. A chunk's records keep their values as offsets and
 * sizes into the chunk bytes (`ChunkValues`), decoded only when a field is asked for: events are made
 * for every record, but a consumer reads a few fields of each (time, host, Channel and EventID when
 * the event is made; then what its rules test, each at most once: the Sigma match context caches).
 * Events that crossed a thread boundary carry decoded values instead (`DecodedValues`).
 */
import type { KeywordSearch } from '../event/index.js';
import type { Scalar } from './binxml/nodes.js';
import { filetimeTextEpochMs } from './binxml/format-time.js';
import { VALUE_ARRAY_BIT, VALUE_STRING } from './binxml/value-types.js';
import { readScalar, scalarFits } from './binxml/values.js';
import { valueAt, type SubstitutionValues } from './field-plan.js';
import type { FlatInstance } from './flat-instance.js';
import { keywordInUtf16 } from './utf16.js';

/**
 * Throws the `EvtxFormatError` `readScalar` throws for the first of the `checked` substitutions of
 * the record `flat` holds that does not decode; returns when all do.
 */
export function checkValues(bytes: Uint8Array, view: DataView, flat: FlatInstance, checked: readonly number[]): void {
  const offsets = flat.offsets;
  const sizes = flat.sizes;
  const types = flat.types;
  for (let i = 0; i < checked.length; i++) {
    const index = checked[i]!;
    const type = types[index]!;
    if (!scalarFits(bytes, type, offsets[index]!, sizes[index]!))
      readScalar(bytes, view, type, offsets[index]!, sizes[index]!);
  }
}

/** Lines of a chunk's string cache, chosen by substitution index (a power of two). */
const CACHE_LINES = 8;
/** Strings of up to this many bytes go through the cache; longer ones rarely repeat. */
const MAX_CACHED_STRING_SIZE = 128;

/** Whether `size` bytes at `a` and at `b` are equal, four at a time. */
function sameBytes(view: DataView, a: number, b: number, size: number): boolean {
  let i = 0;
  for (; i + 4 <= size; i += 4) if (view.getUint32(a + i, true) !== view.getUint32(b + i, true)) return false;
  for (; i < size; i++) if (view.getUint8(a + i) !== view.getUint8(b + i)) return false;
  return true;
}

/** The values of many records; a record is known by its `base` in the store. */
export interface ValueStore {
  readonly file: string;
  /** 0-based index of the chunk the records came from. */
  readonly chunk: number;
  /** Substitution `index` (of value type `type`) of the record at `base`, or item `item` of it (≥ 0). */
  valueAt(base: number, index: number, item: number, type: number): Scalar | undefined;
  /** The whole value: a scalar, or the items of an array. */
  value(base: number, index: number, type: number): Scalar | readonly Scalar[] | undefined;
  /** `filetimeTextEpochMs` of a FILETIME substitution; undefined when the store cannot tell. */
  filetimeMs(base: number, index: number): number | undefined;
  /** `search.inText` of a string substitution's text (`VALUE_STRING`, not an array). */
  stringHoldsKeyword(base: number, index: number, search: KeywordSearch): boolean;
}

/**
 * Int32s per arena. Chunks take their record slabs one after the other from a shared arena (a new
 * one when it is full): a typed array per chunk cost 1 % of parsing the dense file. An arena lives
 * as long as an event of one of its chunks.
 */
const ARENA_SIZE = 1 << 18;
let arena = new Int32Array(ARENA_SIZE);
let arenaUsed = 0;

/** The records of one chunk: their substitutions' places in the chunk bytes. */
export class ChunkValues implements ValueStore {
  readonly file: string;
  readonly chunk: number;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  /** From `start` on: per kept record from its base, (offset, size) per flat substitution. */
  private slab = arena;
  private start = arenaUsed;
  private used = 0;
  /** Decoded array values by slab position (arrays are decoded when the record is read). */
  private arrays: Map<number, readonly Scalar[]> | undefined = undefined;
  /** Last string decoded per cache line: where its bytes were, and the string (see `text`). */
  private cache: { offsets: Int32Array; sizes: Int32Array; texts: string[] } | undefined = undefined;

  constructor(bytes: Uint8Array, view: DataView, file: string, chunk: number) {
    this.bytes = bytes;
    this.view = view;
    this.file = file;
    this.chunk = chunk;
  }

  /**
   * Keeps the record `flat` holds; returns its base. `checked` lists the substitutions its plan may
   * read: each must decode, so a value `readScalar` would reject throws its `EvtxFormatError` here,
   * while the record is read, as eager decoding did. Only the chunk being read may keep records.
   */
  keep(flat: FlatInstance, checked: readonly number[]): number {
    checkValues(this.bytes, this.view, flat, checked);
    const offsets = flat.offsets;
    const sizes = flat.sizes;
    const length = flat.length;
    const base = this.used;
    if (this.start + base + 2 * length > this.slab.length) this.moveToNewArena(2 * length);
    const slab = this.slab;
    const at = this.start + base;
    for (let i = 0; i < length; i++) {
      slab[at + 2 * i] = offsets[i]!;
      slab[at + 2 * i + 1] = sizes[i]!;
    }
    this.used = base + 2 * length;
    arenaUsed = this.start + this.used;
    const arrays = flat.arrayIndexes;
    for (let i = 0; i < arrays.length; i++) {
      this.arrays ??= new Map();
      this.arrays.set(base + 2 * arrays[i]!, flat.arrays[arrays[i]!]!);
    }
    return base;
  }

  private moveToNewArena(more: number): void {
    arena = new Int32Array(Math.max(ARENA_SIZE, 2 * (this.used + more)));
    arena.set(this.slab.subarray(this.start, this.start + this.used));
    this.slab = arena;
    this.start = 0;
  }

  valueAt(base: number, index: number, item: number, type: number): Scalar | undefined {
    const at = base + 2 * index;
    if (type & VALUE_ARRAY_BIT) return this.arrays?.get(at)?.[item];
    const slab = this.slab;
    const start = this.start;
    const offset = slab[start + at]!;
    const size = slab[start + at + 1]!;
    if (type === VALUE_STRING && size <= MAX_CACHED_STRING_SIZE) return this.text(index, offset, size);
    return readScalar(this.bytes, this.view, type, offset, size);
  }

  /**
   * A short string, through a cache of the last one decoded per line: the records of a chunk repeat
   * Channel, Computer and provider names, which every event reads when it is made. Equal bytes give
   * the string decoded before, which spares decoding and allocating it (and makes equal values
   * identical strings for the consumer's caches).
   */
  private text(index: number, offset: number, size: number): Scalar {
    const line = index & (CACHE_LINES - 1);
    const cached = (this.cache ??= {
      offsets: new Int32Array(CACHE_LINES).fill(-1),
      sizes: new Int32Array(CACHE_LINES),
      texts: [],
    });
    const before = cached.offsets[line]!;
    if (before >= 0 && cached.sizes[line] === size && sameBytes(this.view, before, offset, size))
      return cached.texts[line]!;
    const text = readScalar(this.bytes, this.view, VALUE_STRING, offset, size) as string;
    cached.offsets[line] = offset;
    cached.sizes[line] = size;
    cached.texts[line] = text;
    return text;
  }

  value(base: number, index: number, type: number): Scalar | readonly Scalar[] | undefined {
    return type & VALUE_ARRAY_BIT ? this.arrays?.get(base + 2 * index) : this.valueAt(base, index, -1, type);
  }

  filetimeMs(base: number, index: number): number | undefined {
    const at = this.slab[this.start + base + 2 * index]!;
    return filetimeTextEpochMs(this.view.getUint32(at, true), this.view.getUint32(at + 4, true));
  }

  stringHoldsKeyword(base: number, index: number, search: KeywordSearch): boolean {
    const at = this.start + base + 2 * index;
    return keywordInUtf16(this.bytes, this.slab[at]!, this.slab[at + 1]! >>> 1, search);
  }
}

/** Decoded values of records, one row per record (the base is the row). */
export class DecodedValues implements ValueStore {
  readonly file: string;
  readonly chunk: number;
  private readonly rows: readonly SubstitutionValues[];

  constructor(file: string, chunk: number, rows: readonly SubstitutionValues[]) {
    this.file = file;
    this.chunk = chunk;
    this.rows = rows;
  }

  valueAt(base: number, index: number, item: number): Scalar | undefined {
    const row = this.rows[base];
    return row === undefined ? undefined : valueAt(row, index, item);
  }

  value(base: number, index: number): Scalar | readonly Scalar[] | undefined {
    return this.rows[base]?.[index];
  }

  filetimeMs(): undefined {
    return undefined;
  }

  stringHoldsKeyword(base: number, index: number, search: KeywordSearch): boolean {
    return search.inValue(this.rows[base]?.[index] as string | undefined);
  }
}
