// Checks that a real record uses only the BinXML this writer itself writes — a template instance
// whose definitions hold elements, attributes, UTF-16 text and substitutions, with nested fragments
// that are template instances too — and finds its EventRecordID value. That subset is what Windows
// writes for nearly every event and what every reference reader renders: libevtx 20181227 stops a
// whole export at an entity reference (some CAPI2 logs) or a record without a template (WEC logs).
// The dense benchmark file keeps only such records, and renumbers them through that value.
// Token and layout facts: MS-EVEN6 §2.2.12, libyal "Binary XML".

const TOKEN_MASK = 0xbf; // clears the "more data" flag 0x40
const OPEN_ELEMENT = 0x01;
const CLOSE_START = 0x02;
const CLOSE_EMPTY = 0x03;
const END_ELEMENT = 0x04;
const VALUE = 0x05;
const ATTRIBUTE = 0x06;
const TEMPLATE_INSTANCE = 0x0c;
const NORMAL_SUBSTITUTION = 0x0d;
const OPTIONAL_SUBSTITUTION = 0x0e;
const FRAGMENT_HEADER = 0x0f;
const STRING_TYPE = 0x01;
const UINT64_TYPE = 0x0a;
const BINXML_TYPE = 0x21;
const MAX_ELEMENT_DEPTH = 64; // guards a looping walk; real templates nest fewer than 10 deep
const MAX_FRAGMENT_NESTING = 8; // Windows nests one level (EventData inside the System template)
const NO_RECORD_ID = -1;

interface InstanceValues {
  readonly end: number;
  readonly recordIdSlot: number;
  readonly offsets: readonly number[];
  readonly types: readonly number[];
  readonly sizes: readonly number[];
}

/** Reads the records of one chunk; template definitions are walked once and remembered by offset. */
export class PlainBinxml {
  private readonly c: Buffer;
  /** Definition offset → its EventRecordID slot (-1: none), or undefined when it is not plain. */
  private readonly slots = new Map<number, number | undefined>();

  constructor(chunk: Buffer) {
    this.c = chunk;
  }

  /** Chunk offset of the record's EventRecordID value (a UInt64), or undefined if not plain or absent. */
  recordIdValue(record: number, size: number): number | undefined {
    const end = record + size - 4; // the size copy closes the record
    const at = record + 24;
    if (this.c[at] !== FRAGMENT_HEADER || this.c[at + 4] !== TEMPLATE_INSTANCE) return undefined;
    const instance = this.instance(at + 4, end, 0);
    if (instance === undefined || this.c[instance.end] !== 0x00) return undefined;
    const slot = instance.recordIdSlot;
    if (slot === NO_RECORD_ID || instance.types[slot] !== UINT64_TYPE || instance.sizes[slot] !== 8) return undefined;
    return instance.offsets[slot];
  }

  private instance(at: number, end: number, depth: number): InstanceValues | undefined {
    const c = this.c;
    if (depth > MAX_FRAGMENT_NESTING || at + 10 > end) return undefined;
    const definition = c.readUInt32LE(at + 6);
    let p = at + 10;
    if (definition === p) p += 24 + c.readUInt32LE(p + 20); // defined inline, right here
    const recordIdSlot = this.templateSlot(definition);
    if (recordIdSlot === undefined || p + 4 > end) return undefined;
    const count = c.readUInt32LE(p);
    let value = p + 4 + 4 * count;
    if (value > end) return undefined;
    const offsets: number[] = [];
    const types: number[] = [];
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const size = c.readUInt16LE(p + 4 + 4 * i);
      const type = c[p + 6 + 4 * i] ?? 0;
      if (value + size > end) return undefined;
      if (type === BINXML_TYPE && !this.nestedFragment(value, value + size, depth + 1)) return undefined;
      offsets.push(value);
      types.push(type);
      sizes.push(size);
      value += size;
    }
    return { end: value, recordIdSlot, offsets, types, sizes };
  }

  /** A BinXML value: an instance, with or without a fragment header before it and EOF after it. */
  private nestedFragment(at: number, end: number, depth: number): boolean {
    const start = this.c[at] === FRAGMENT_HEADER ? at + 4 : at;
    if (this.c[start] !== TEMPLATE_INSTANCE) return false;
    const instance = this.instance(start, end, depth);
    return (
      instance !== undefined && (instance.end === end || (instance.end + 1 === end && this.c[instance.end] === 0x00))
    );
  }

  private templateSlot(definition: number): number | undefined {
    if (this.slots.has(definition)) return this.slots.get(definition);
    const body = definition + 24;
    const slot =
      body > this.c.length
        ? undefined
        : this.walkTemplate(body, Math.min(this.c.length, body + this.c.readUInt32LE(definition + 20)));
    this.slots.set(definition, slot);
    return slot;
  }

  /** Walks a definition body; its EventRecordID slot, or undefined when it leaves the subset. */
  private walkTemplate(start: number, end: number): number | undefined {
    const c = this.c;
    let p = start + 4; // past the fragment header
    let recordIdSlot = NO_RECORD_ID;
    const name = (): string => {
      const at = c.readUInt32LE(p);
      p += 4;
      if (at === p) p += 8 + 2 * c.readUInt16LE(p + 6) + 2; // defined inline, right here
      if (at + 8 > c.length) return '';
      return c.toString('utf16le', at + 8, Math.min(c.length, at + 8 + 2 * c.readUInt16LE(at + 6)));
    };
    const isContent = (token: number | undefined): boolean =>
      token !== undefined &&
      ((token & TOKEN_MASK) === VALUE || token === NORMAL_SUBSTITUTION || token === OPTIONAL_SUBSTITUTION);
    const content = (): boolean => {
      const token = c[p] ?? 0;
      if ((token & TOKEN_MASK) === VALUE && c[p + 1] === STRING_TYPE) p += 4 + 2 * c.readUInt16LE(p + 2);
      else if (token === NORMAL_SUBSTITUTION || token === OPTIONAL_SUBSTITUTION) p += 4;
      else return false;
      return p <= end;
    };
    const attributes = (): boolean => {
      p += 4; // the attribute list size
      for (let more = true; more;) {
        const token = c[p] ?? 0;
        if ((token & TOKEN_MASK) !== ATTRIBUTE) return false;
        p += 1;
        name();
        if (!isContent(c[p])) return false;
        while (isContent(c[p])) if (!content()) return false;
        more = (token & 0x40) !== 0;
      }
      return true;
    };
    const element = (depth: number): boolean => {
      const token = c[p] ?? 0;
      if ((token & TOKEN_MASK) !== OPEN_ELEMENT || depth > MAX_ELEMENT_DEPTH || p + 11 > end) return false;
      p += 7; // token, dependency identifier, data size
      const elementName = name();
      if ((token & 0x40) !== 0 && !attributes()) return false;
      const close = c[p++];
      if (close === CLOSE_EMPTY) return true;
      if (close !== CLOSE_START) return false;
      const first = c[p];
      if (elementName === 'EventRecordID' && (first === NORMAL_SUBSTITUTION || first === OPTIONAL_SUBSTITUTION)) {
        recordIdSlot = c.readUInt16LE(p + 1);
      }
      while (p < end && c[p] !== END_ELEMENT) {
        const isElement = ((c[p] ?? 0) & TOKEN_MASK) === OPEN_ELEMENT;
        if (isElement ? !element(depth + 1) : !content()) return false;
      }
      p += 1;
      return p <= end;
    };
    return c[start] === FRAGMENT_HEADER && element(0) && c[p] === 0x00 ? recordIdSlot : undefined;
  }
}
