/**
 * evtx_dump's JSON (omerbenamram/evtx), also written by `svchunt dump` and used for SigmaHQ's
 * regression samples: `{"Event": {"System": {…}, "EventData": {…}}}` with XML attributes under
 * `#attributes`. Recognised by its `Event.System` object (or a bare `System` object).
 */
import { flattenWindowsEventJson } from '../../event/index.js';
import { isJsonObject, type JsonShape } from './json-shape.js';
import { windowsJsonEvent } from './windows-json-event.js';

export const EVTX_DUMP_SHAPE: JsonShape = {
  name: 'evtx-dump',
  matches(object) {
    const event = object['Event'];
    return isJsonObject(event) ? isJsonObject(event['System']) : isJsonObject(object['System']);
  },
  toEvent(object, source) {
    const fields = flattenWindowsEventJson(object);
    return fields === undefined ? undefined : windowsJsonEvent(fields, source);
  },
};
