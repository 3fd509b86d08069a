/**
 * The `Event` an EVTX record becomes. Fields resolve through the record's template variant: a
 * field plan shared by every record of the variant, plus this record's decoded substitution values.
 * Records outside the compiled path carry a plan of constants built from the flattened JSON.
 */
import { classifyWindowsEvent, numericEventId, parseUtcTime } from '../event/index.js';
import type { Event, FieldValue, LogsourceClass, Provenance } from '../event/index.js';
import type { Scalar } from './binxml/nodes.js';
import { evaluateSlot, type FieldPlan } from './field-plan.js';

export class EvtxEvent implements Event {
  readonly time: number;
  readonly host: string | undefined;
  readonly logsource: LogsourceClass;
  readonly provenance: Provenance;
  readonly plan: FieldPlan;
  /** Decoded substitution values by index (undefined where the plan never reads one). */
  readonly values: readonly (Scalar | undefined)[];

  constructor(plan: FieldPlan, values: readonly (Scalar | undefined)[], provenance: Provenance) {
    this.plan = plan;
    this.values = values;
    this.provenance = provenance;
    const channel = this.get('Channel');
    const computer = this.get('Computer');
    this.host = typeof computer === 'string' ? computer : undefined;
    this.logsource = classifyWindowsEvent(
      typeof channel === 'string' ? channel : undefined,
      numericEventId(this.get('EventID')),
    );
    this.time = parseUtcTime(this.get('TimeCreated_SystemTime'));
  }

  get(field: string): FieldValue | undefined {
    const slot = this.plan.index.get(field);
    return slot === undefined ? undefined : evaluateSlot(this.plan.slots[slot]!, this.values);
  }

  fieldNames(): readonly string[] {
    return this.plan.names;
  }
}
