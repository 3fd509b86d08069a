/** An `Event` whose fields sit in a Map: the shape for text formats (JSON, XML, auditd …). */
import type { Event } from './event.js';
import type { FieldValue } from './field-value.js';
import type { LogsourceClass } from './logsource-class.js';
import type { Provenance } from './provenance.js';
import { usableTime } from './event-time.js';

export class MapEvent implements Event {
  readonly time: number;
  readonly host: string | undefined;
  readonly logsource: LogsourceClass;
  readonly provenance: Provenance;
  readonly fields: ReadonlyMap<string, FieldValue>;
  private names: readonly string[] | undefined;

  constructor(
    fields: ReadonlyMap<string, FieldValue>,
    logsource: LogsourceClass,
    time: number,
    host: string | undefined,
    provenance: Provenance,
  ) {
    this.time = usableTime(time);
    this.host = host;
    this.logsource = logsource;
    this.provenance = provenance;
    this.fields = fields;
    this.names = undefined;
  }

  get(field: string): FieldValue | undefined {
    return this.fields.get(field);
  }

  fieldNames(): readonly string[] {
    this.names ??= [...this.fields.keys()];
    return this.names;
  }
}
