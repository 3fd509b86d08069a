/**
 * Events for the story tests, written as a Windows or Linux log would carry them: fields by name,
 * a time in seconds after 2024-05-01T10:00:00Z, one host. Shared by this folder's tests only.
 */
import { MapEvent, windowsEventFromFields, type FieldValue, type LogsourceClass } from '../event/index.js';
import { selectStoryRecord } from './select-story-record.js';
import type { StoryRecord } from './story-record.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
let offset = 0;

export function windowsEvent(seconds: number, fields: Record<string, FieldValue>, host = 'FS01'): MapEvent {
  const time = new Date(T0 + seconds * 1000).toISOString();
  const all = new Map<string, FieldValue>(Object.entries({ Computer: host, TimeCreated_SystemTime: time, ...fields }));
  return windowsEventFromFields(all, { file: 'test.evtx', offset: ++offset });
}

function linuxClass(category: string): LogsourceClass {
  return {
    key: `linux|test|${category}`,
    product: 'linux',
    services: [],
    categories: [{ category, mappingId: `test_${category}`, fieldMap: {}, conditions: [] }],
    eventId: undefined,
  };
}

export function linuxEvent(
  seconds: number,
  category: string,
  fields: Record<string, FieldValue>,
  host = 'deb12',
): MapEvent {
  return new MapEvent(new Map(Object.entries(fields)), linuxClass(category), T0 + seconds * 1000, host, {
    file: 'audit.log',
    offset: ++offset,
  });
}

/** The story records of the events that have one. */
export function recordsOf(events: readonly MapEvent[]): StoryRecord[] {
  return events
    .map((e) => selectStoryRecord(e, e.provenance.file.endsWith('.evtx') ? 'evtx' : 'auditd'))
    .filter((r): r is StoryRecord => r !== undefined);
}
