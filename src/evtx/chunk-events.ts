/**
 * Events cross thread boundaries as data, not objects: each chunk's field plans once, then columns
 * (plan number, substitution values, record offset and id, and the facts the event constructor would
 * otherwise work out again: time, host, Channel, EventID). The receiving thread rebuilds `EvtxEvent`s;
 * plans stay shared by every event of their variant. Columns clone faster than one object per record.
 */
import { EvtxEvent } from './evtx-event.js';
import { makeFieldPlan, type FieldPlan, type FieldSlot, type SubstitutionValues } from './field-plan.js';
import { DecodedValues } from './record-values.js';

export interface EventBatchData {
  readonly plans: readonly { readonly names: readonly string[]; readonly slots: readonly FieldSlot[] }[];
  /** Provenance shared by the chunk's events (file and chunk index). */
  readonly file: string;
  readonly chunk: number;
  readonly planIds: readonly number[];
  readonly values: readonly SubstitutionValues[];
  readonly offsets: readonly number[];
  readonly recordIds: readonly number[];
  readonly times: readonly number[];
  readonly hosts: readonly (string | undefined)[];
  readonly channels: readonly (string | undefined)[];
  readonly eventIds: readonly (number | undefined)[];
}

/** Turns a chunk's events (all from one chunk) into cloneable columns. */
export function encodeEvents(events: readonly EvtxEvent[]): EventBatchData {
  const planIds = new Map<FieldPlan, number>();
  const data = {
    plans: [] as { names: readonly string[]; slots: readonly FieldSlot[] }[],
    file: events[0]?.provenance.file ?? '',
    chunk: events[0]?.provenance.chunk ?? 0,
    planIds: [] as number[],
    values: [] as SubstitutionValues[],
    offsets: [] as number[],
    recordIds: [] as number[],
    times: [] as number[],
    hosts: [] as (string | undefined)[],
    channels: [] as (string | undefined)[],
    eventIds: [] as (number | undefined)[],
  };
  for (const event of events) {
    let id = planIds.get(event.plan);
    if (id === undefined) {
      id = data.plans.length;
      planIds.set(event.plan, id);
      data.plans.push({ names: event.plan.names, slots: event.plan.slots });
    }
    data.planIds.push(id);
    data.values.push(event.decodedValues());
    const provenance = event.provenance;
    data.offsets.push(provenance.offset);
    data.recordIds.push(Number(provenance.recordId ?? 0)); // EVTX events always carry their id
    const facts = event.factsOf();
    data.times.push(facts.time);
    data.hosts.push(facts.host);
    data.channels.push(facts.channel);
    data.eventIds.push(facts.eventId);
  }
  return data;
}

/** Rebuilds the events `encodeEvents` described. */
export function decodeEvents(data: EventBatchData): EvtxEvent[] {
  const plans = data.plans.map((plan) => makeFieldPlan(plan.names, plan.slots));
  const store = new DecodedValues(data.file, data.chunk, data.values);
  const events: EvtxEvent[] = [];
  for (let i = 0; i < data.planIds.length; i++) {
    const facts = { time: data.times[i]!, host: data.hosts[i], channel: data.channels[i], eventId: data.eventIds[i] };
    events.push(new EvtxEvent(plans[data.planIds[i]!]!, store, i, data.offsets[i]!, data.recordIds[i]!, facts));
  }
  return events;
}
