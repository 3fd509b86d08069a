/**
 * The `Event` an EVTX record becomes. Fields resolve through the record's template variant: a
 * field plan shared by every record of the variant, plus this record's decoded substitution values.
 * Records outside the compiled path carry a plan of constants built from the flattened JSON.
 */
import { classifyWindowsEvent, numericEventId, parseUtcTime } from '../event/index.js';
import type { Event, FieldValue, LogsourceClass, Provenance } from '../event/index.js';
import { evaluateSlot, type FieldPlan, type SubstitutionValues } from './field-plan.js';

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

/** An EVTX record as an `Event`: fields through its template variant's field plan. */
export class EvtxEvent implements Event {
  readonly time: number;
  readonly host: string | undefined;
  readonly logsource: LogsourceClass;
  readonly provenance: Provenance;
  readonly plan: FieldPlan;
  /** Decoded substitution values by index (undefined where the plan never reads one). */
  readonly values: SubstitutionValues;

  /** `facts`, when given, were worked out from these same values by `factsOf` (on another thread). */
  constructor(plan: FieldPlan, values: SubstitutionValues, provenance: Provenance, facts?: EventFacts) {
    this.plan = plan;
    this.values = values;
    this.provenance = provenance;
    const known = facts ?? this.factsOf();
    this.host = known.host;
    this.logsource = classifyWindowsEvent(known.channel, known.eventId);
    this.time = known.time;
  }

  /** Time, host, Channel and EventID from the fields. */
  factsOf(): EventFacts {
    const channel = this.get('Channel');
    const computer = this.get('Computer');
    return {
      time: eventTime(this.get('TimeCreated_SystemTime')),
      host: typeof computer === 'string' ? computer : undefined,
      channel: typeof channel === 'string' ? channel : undefined,
      eventId: numericEventId(this.get('EventID')),
    };
  }

  get(field: string): FieldValue | undefined {
    const slot = this.plan.index.get(field);
    return slot === undefined ? undefined : evaluateSlot(this.plan.slots[slot]!, this.values);
  }

  fieldNames(): readonly string[] {
    return this.plan.names;
  }
}
