/**
 * Events cross thread boundaries as data, not objects: each chunk's field plans once, then one row
 * per record (plan number, substitution values, provenance). The receiving thread rebuilds
 * `EvtxEvent`s from them; plans stay shared by every event of their variant.
 */
import type { Provenance } from '../event/index.js';
import { EvtxEvent } from './evtx-event.js';
import { makeFieldPlan, type FieldPlan, type FieldSlot, type SubstitutionValues } from './field-plan.js';

export interface EventBatchData {
  readonly plans: readonly { readonly names: readonly string[]; readonly slots: readonly FieldSlot[] }[];
  readonly rows: readonly (readonly [number, SubstitutionValues, Provenance])[];
}

/** Turns a chunk's events into cloneable data. */
export function encodeEvents(events: readonly EvtxEvent[]): EventBatchData {
  const planIds = new Map<FieldPlan, number>();
  const plans: { names: readonly string[]; slots: readonly FieldSlot[] }[] = [];
  const rows: [number, SubstitutionValues, Provenance][] = [];
  for (const event of events) {
    let id = planIds.get(event.plan);
    if (id === undefined) {
      id = plans.length;
      planIds.set(event.plan, id);
      plans.push({ names: event.plan.names, slots: event.plan.slots });
    }
    rows.push([id, event.values, event.provenance]);
  }
  return { plans, rows };
}

/** Rebuilds the events `encodeEvents` described. */
export function decodeEvents(data: EventBatchData): EvtxEvent[] {
  const plans = data.plans.map((plan) => makeFieldPlan(plan.names, plan.slots));
  return data.rows.map(([plan, values, provenance]) => new EvtxEvent(plans[plan]!, values, provenance));
}
