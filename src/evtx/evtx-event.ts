/**
 * The `Event` an EVTX record becomes. Fields resolve through the record's template variant: a
 * field plan shared by every record of the variant, plus this record's substitution values, read
 * from a value store (`record-values.ts`) only when asked for. Records outside the compiled path
 * carry a plan of constants built from the flattened JSON.
 */
import { classifyWindowsEvent, numericEventId, parseUtcTime } from '../event/index.js';
import type { Event, FieldValue, KeywordSearch, LogsourceClass, Provenance } from '../event/index.js';
import type { Scalar } from './binxml/nodes.js';
import { VALUE_FILETIME, VALUE_STRING } from './binxml/value-types.js';
import {
  evaluateSlot,
  forEachSlotValue,
  scalarSlot,
  type FieldPlan,
  type FieldSlot,
  type SubstitutionValues,
} from './field-plan.js';
import type { ValueStore } from './record-values.js';

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ`, the form this parser writes FILETIMEs in. */
const FILETIME_TEXT_LENGTH = 27;

function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

/**
 * Epoch ms of `TimeCreated_SystemTime`. Text in our own FILETIME form is read by position (a
 * tenth of Date.parse's cost per record); anything else goes to `parseUtcTime`, and both agree.
 */
function eventTime(value: FieldValue | undefined): number {
  if (
    typeof value === 'string' &&
    value.length === FILETIME_TEXT_LENGTH &&
    /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}Z$/.test(value)
  ) {
    return Date.UTC(
      digits(value, 0, 4),
      digits(value, 5, 7) - 1,
      digits(value, 8, 10),
      digits(value, 11, 13),
      digits(value, 14, 16),
      digits(value, 17, 19),
      digits(value, 20, 23),
    );
  }
  return parseUtcTime(value);
}

/** What an event's constructor works out from its fields; a worker sends these with the values. */
export interface EventFacts {
  readonly time: number;
  readonly host: string | undefined;
  readonly channel: string | undefined;
  readonly eventId: number | undefined;
}

/** A slot that is one string substitution as it stands (not an array item): searchable in its bytes. */
function isStringSubstitution(
  slot: FieldSlot,
): slot is Extract<FieldSlot, { readonly kind: 'text' | 'json' }> & { readonly type: typeof VALUE_STRING } {
  return (slot.kind === 'text' || slot.kind === 'json') && slot.type === VALUE_STRING;
}

/** An EVTX record as an `Event`: fields through its template variant's field plan. */
export class EvtxEvent implements Event {
  readonly time: number;
  readonly host: string | undefined;
  readonly logsource: LogsourceClass;
  readonly plan: FieldPlan;
  /** The record's values: `store` holds them from `base` on. */
  private readonly store: ValueStore;
  private readonly base: number;
  /** Bytes from the start of the file to the record. */
  private readonly offset: number;
  private readonly recordId: number;

  /** `facts`, when given, were worked out from these same values by `factsOf` (on another thread). */
  constructor(plan: FieldPlan, store: ValueStore, base: number, offset: number, recordId: number, facts?: EventFacts) {
    this.plan = plan;
    this.store = store;
    this.base = base;
    this.offset = offset;
    this.recordId = recordId;
    if (facts === undefined) {
      const channel = this.text(plan.channelSlot);
      this.host = this.text(plan.computerSlot);
      this.logsource = classifyWindowsEvent(channel, numericEventId(this.slot(plan.eventIdSlot)));
      this.time = this.timeOf();
    } else {
      this.host = facts.host;
      this.logsource = classifyWindowsEvent(facts.channel, facts.eventId);
      this.time = facts.time;
    }
  }

  /** Where the record lies (made on each access: only findings and batch ends ask). */
  get provenance(): Provenance {
    return { file: this.store.file, offset: this.offset, recordId: this.recordId, chunk: this.store.chunk };
  }

  private slot(slot: number): FieldValue | undefined {
    return slot < 0 ? undefined : evaluateSlot(this.plan.slots[slot]!, this);
  }

  private text(slot: number): string | undefined {
    const value = this.slot(slot);
    return typeof value === 'string' ? value : undefined;
  }

  /** The time straight from the FILETIME's bytes when the field is that one value, as it mostly is. */
  private timeOf(): number {
    const slot = this.plan.slots[this.plan.timeSlot];
    if (slot !== undefined && (slot.kind === 'text' || slot.kind === 'json') && slot.type === VALUE_FILETIME) {
      const ms = this.store.filetimeMs(this.base, slot.index);
      if (ms !== undefined) return ms;
    }
    return eventTime(this.slot(this.plan.timeSlot));
  }

  /** Time, host, Channel and EventID from the fields. */
  factsOf(): EventFacts {
    return {
      time: this.time,
      host: this.host,
      channel: this.text(this.plan.channelSlot),
      eventId: this.logsource.eventId,
    };
  }

  /** Substitution `index` of this record (see `ValueSource`). */
  valueAt(index: number, item: number, type: number): Scalar | undefined {
    return this.store.valueAt(this.base, index, item, type);
  }

  /** The record's values the plan reads, decoded, by substitution index: for sending to another thread. */
  decodedValues(): SubstitutionValues {
    const values: (Scalar | readonly Scalar[] | undefined)[] = [];
    for (const slot of this.plan.slots) {
      forEachSlotValue(slot, (index, type) => {
        values[index] ??= this.store.value(this.base, index, type);
      });
    }
    return values;
  }

  get(field: string): FieldValue | undefined {
    const slot = this.plan.index.get(field);
    return slot === undefined ? undefined : evaluateSlot(this.plan.slots[slot]!, this);
  }

  fieldNames(): readonly string[] {
    return this.plan.names;
  }

  holdsKeyword(search: KeywordSearch, skipCode: boolean): boolean {
    const slots = this.plan.slots;
    const codeSlots = this.plan.codeSlots;
    for (let i = 0; i < slots.length; i++) {
      if (skipCode && codeSlots[i] === 1) continue;
      if (this.slotHoldsKeyword(slots[i]!, search)) return true;
    }
    return false;
  }

  /** A plain string substitution, the most common value, is searched in its bytes undecoded. */
  private slotHoldsKeyword(slot: FieldSlot, search: KeywordSearch): boolean {
    if (isStringSubstitution(slot)) return this.store.stringHoldsKeyword(this.base, slot.index, search);
    // The unnamed `Data` items of classic events: a list of such substitutions, item by item.
    if (slot.kind === 'list') {
      for (const item of slot.items) {
        if (
          isStringSubstitution(item)
            ? this.store.stringHoldsKeyword(this.base, item.index, search)
            : search.inValue(scalarSlot(item, this))
        )
          return true;
      }
      return false;
    }
    return search.inValue(evaluateSlot(slot, this));
  }

  isCodeField(field: string): boolean {
    const slot = this.plan.index.get(field);
    return slot !== undefined && this.plan.codeSlots[slot] === 1;
  }
}
