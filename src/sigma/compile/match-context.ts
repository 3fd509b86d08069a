/**
 * Per-event view the compiled matchers read: a field's raw value, its text and its lower-cased
 * text, each computed at most once per event and cached by slot. One context is reused for every
 * event (a generation counter invalidates the caches), so matching allocates only the lower-cased
 * strings themselves.
 */
import type { Event, FieldValue, ScalarValue } from '../../event/index.js';
import type { FieldSlots } from './field-slots.js';
import { foldCase } from './fold-case.js';

const NOT_CACHED = 0;

/** Scalar → the text rules compare against; null and the empty string are the same empty text. */
export function scalarText(value: ScalarValue): string {
  return value === null ? '' : typeof value === 'string' ? value : String(value);
}

export class MatchContext {
  event: Event | undefined;
  private generation = 1;
  private readonly slots: FieldSlots;
  private rawStamp = new Uint32Array(0);
  private lowerStamp = new Uint32Array(0);
  private raws: (FieldValue | undefined)[] = [];
  private lowers: (string | undefined)[] = [];
  private keywordStamp = NOT_CACHED;
  private keywordCache: string[] = [];

  constructor(slots: FieldSlots) {
    this.slots = slots;
  }

  /** Points the context at the next event. */
  reset(event: Event): void {
    this.event = event;
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.generation = 1;
      this.rawStamp.fill(NOT_CACHED);
      this.lowerStamp.fill(NOT_CACHED);
      this.keywordStamp = NOT_CACHED;
    }
    if (this.rawStamp.length < this.slots.size) this.grow();
  }

  private grow(): void {
    const size = this.slots.size * 2;
    const rawStamp = new Uint32Array(size);
    rawStamp.set(this.rawStamp);
    this.rawStamp = rawStamp;
    const lowerStamp = new Uint32Array(size);
    lowerStamp.set(this.lowerStamp);
    this.lowerStamp = lowerStamp;
    this.raws.length = size;
    this.lowers.length = size;
  }

  raw(slot: number): FieldValue | undefined {
    if (this.rawStamp[slot] === this.generation) return this.raws[slot];
    const value = (this.event as Event).get(this.slots.names[slot] as string);
    this.raws[slot] = value;
    this.rawStamp[slot] = this.generation;
    return value;
  }

  /** The field as text; undefined when missing or a list (see `rawList`). */
  text(slot: number): string | undefined {
    const value = this.raw(slot);
    if (value === undefined || Array.isArray(value)) return undefined;
    return scalarText(value as ScalarValue);
  }

  /** The field as case-folded text (`foldCase`); undefined when missing or a list. */
  lower(slot: number): string | undefined {
    if (this.lowerStamp[slot] === this.generation) return this.lowers[slot];
    const text = this.text(slot);
    const lowered = text === undefined ? undefined : foldCase(text);
    this.lowers[slot] = lowered;
    this.lowerStamp[slot] = this.generation;
    return lowered;
  }

  /** The items of a list-valued field; undefined for scalars and missing fields. */
  rawList(slot: number): readonly ScalarValue[] | undefined {
    const value = this.raw(slot);
    return Array.isArray(value) ? (value as readonly ScalarValue[]) : undefined;
  }

  /** Every value of the event as lower-cased text, for keyword (field-less) search. */
  keywordTexts(): readonly string[] {
    if (this.keywordStamp === this.generation) return this.keywordCache;
    const event = this.event as Event;
    const texts: string[] = [];
    for (const name of event.fieldNames()) {
      const value = event.get(name);
      if (value === undefined) continue;
      if (Array.isArray(value))
        for (const item of value as readonly ScalarValue[]) texts.push(foldCase(scalarText(item)));
      else texts.push(foldCase(scalarText(value as ScalarValue)));
    }
    this.keywordCache = texts;
    this.keywordStamp = this.generation;
    return texts;
  }
}

/** A compiled test of one event (through the shared context). */
export type Matcher = (ctx: MatchContext) => boolean;
