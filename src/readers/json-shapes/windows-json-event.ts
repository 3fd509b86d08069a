/** The `Event` of a Windows record read from JSON, with the provenance of the JSON object. */
import { windowsEventFromFields, type Event, type FieldValue, type Provenance } from '../../event/index.js';
import type { JsonSource } from './json-shape.js';

/** Builds the event from Sigma-named fields; `EventRecordID`, when there, becomes the record id. */
export function windowsJsonEvent(fields: Map<string, FieldValue>, source: JsonSource): Event {
  const recordId = fields.get('EventRecordID');
  const provenance: Provenance =
    typeof recordId === 'number' || typeof recordId === 'string'
      ? { file: source.file, offset: source.offset, line: source.line, recordId }
      : { file: source.file, offset: source.offset, line: source.line };
  return windowsEventFromFields(fields, provenance);
}
