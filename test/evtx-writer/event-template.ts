// The template instance of one event, laid out as current Windows writes manifest-based events
// (seen in the corpus's Security and Sysmon logs): a System template whose 18 values carry the
// System fields in a fixed slot order, with the computer name as literal text, and a last value that
// is a nested fragment: an `<EventData>` template of `<Data Name=…>` slots, or a `<UserData>` element.
import type { RecordDescription, SystemDescription, ValueInput } from './evtx-description.js';
import type { SubstitutionValue, TemplateInstance } from './template-instance.js';
import { element, substitution, text } from './template-tree.js';
import type { TemplateElement, TemplateSubstitution } from './template-tree.js';
import { BINXML_TYPE_CODE, VALUE_TYPE_CODES, encodeValue } from './value-encoding.js';
import type { EncodedValue } from './value-encoding.js';

const EVENT_NAMESPACE = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** Value slots of the System template, in the order Windows numbers them. */
const SLOT = {
  level: 0,
  opcode: 1,
  task: 2,
  eventId: 3,
  qualifiers: 4,
  keywords: 5,
  timeCreated: 6,
  activityId: 7,
  processId: 8,
  threadId: 9,
  eventRecordId: 10,
  version: 11,
  userId: 12,
  relatedActivityId: 13,
  providerName: 14,
  providerGuid: 15,
  channel: 16,
  eventPayload: 17,
} as const;

const T = VALUE_TYPE_CODES;
const opt = (slot: number, typeCode: number): TemplateSubstitution => substitution(slot, typeCode, true);

function systemTemplate(system: SystemDescription, payload: 'eventData' | 'userData'): TemplateElement {
  const provider = {
    Name: opt(SLOT.providerName, T.String),
    Guid: opt(SLOT.providerGuid, T.Guid),
    ...(system.eventSourceName === undefined ? {} : { EventSourceName: text(system.eventSourceName) }),
  };
  const payloadSlot = opt(SLOT.eventPayload, BINXML_TYPE_CODE);
  return element('Event', { xmlns: text(EVENT_NAMESPACE) }, [
    element('System', {}, [
      element('Provider', provider),
      element('EventID', { Qualifiers: opt(SLOT.qualifiers, T.UInt16) }, [opt(SLOT.eventId, T.UInt16)]),
      element('Version', {}, [opt(SLOT.version, T.UInt8)]),
      element('Level', {}, [opt(SLOT.level, T.UInt8)]),
      element('Task', {}, [opt(SLOT.task, T.UInt16)]),
      element('Opcode', {}, [opt(SLOT.opcode, T.UInt8)]),
      element('Keywords', {}, [opt(SLOT.keywords, T.HexInt64)]),
      element('TimeCreated', { SystemTime: substitution(SLOT.timeCreated, T.FileTime, true) }),
      element('EventRecordID', {}, [opt(SLOT.eventRecordId, T.UInt64)]),
      element('Correlation', {
        ActivityID: substitution(SLOT.activityId, T.Guid, true),
        RelatedActivityID: substitution(SLOT.relatedActivityId, T.Guid, true),
      }),
      element('Execution', {
        ProcessID: substitution(SLOT.processId, T.UInt32, true),
        ThreadID: substitution(SLOT.threadId, T.UInt32, true),
      }),
      element('Channel', {}, [opt(SLOT.channel, T.String)]),
      element('Computer', {}, [text(system.computer)]),
      element('Security', { UserID: substitution(SLOT.userId, T.Sid, true) }),
    ]),
    payload === 'userData' ? element('UserData', {}, [payloadSlot]) : payloadSlot,
  ]);
}

function optional<V>(value: V | undefined, encode: (v: V) => ValueInput): EncodedValue {
  return encodeValue(value === undefined ? null : encode(value));
}

function systemValues(r: RecordDescription, recordId: bigint): EncodedValue[] {
  const s = r.system;
  const bySlot: Record<keyof typeof SLOT, EncodedValue | undefined> = {
    level: encodeValue({ type: 'UInt8', value: s.level }),
    opcode: encodeValue({ type: 'UInt8', value: s.opcode }),
    task: encodeValue({ type: 'UInt16', value: s.task }),
    eventId: encodeValue({ type: 'UInt16', value: s.eventId }),
    qualifiers: optional(s.qualifiers, (v) => ({ type: 'UInt16', value: v })),
    keywords: encodeValue({ type: 'HexInt64', value: s.keywords }),
    timeCreated: encodeValue({ type: 'FileTime', value: r.timeCreated }),
    activityId: optional(s.activityId, (v) => ({ type: 'Guid', value: v })),
    processId: encodeValue({ type: 'UInt32', value: s.processId }),
    threadId: encodeValue({ type: 'UInt32', value: s.threadId }),
    eventRecordId: encodeValue({ type: 'UInt64', value: recordId }),
    version: encodeValue({ type: 'UInt8', value: s.version ?? 0 }),
    userId: optional(s.userId, (v) => ({ type: 'Sid', value: v })),
    relatedActivityId: optional(s.relatedActivityId, (v) => ({ type: 'Guid', value: v })),
    providerName: encodeValue({ type: 'String', value: s.providerName }),
    providerGuid: optional(s.providerGuid, (v) => ({ type: 'Guid', value: v })),
    channel: encodeValue({ type: 'String', value: s.channel }),
    eventPayload: undefined, // the nested fragment, added by the caller
  };
  return Object.entries(SLOT)
    .sort(([, a], [, b]) => a - b)
    .flatMap(([name]) => bySlot[name as keyof typeof SLOT] ?? []);
}

/**
 * One child element per field, each holding `%n` for its value. A NULL value goes in an optional
 * substitution (declared String), which drops its element when rendered; readers such as libevtx
 * refuse NULL in a normal substitution.
 */
function fieldElements(
  fields: Readonly<Record<string, ValueInput>>,
  elementFor: (name: string, slot: TemplateSubstitution) => TemplateElement,
): { children: TemplateElement[]; values: EncodedValue[] } {
  const values: EncodedValue[] = [];
  const children = Object.entries(fields).map(([name, input], i) => {
    const value = encodeValue(input);
    values.push(value);
    const isNull = value.typeCode === VALUE_TYPE_CODES.Null;
    return elementFor(name, substitution(i, isNull ? VALUE_TYPE_CODES.String : value.typeCode, isNull));
  });
  return { children, values };
}

function eventDataInstance(r: RecordDescription): TemplateInstance {
  const { children, values } = fieldElements(r.eventData ?? {}, (name, slot) =>
    element('Data', { Name: text(name) }, [slot]),
  );
  if (r.binary !== undefined) {
    children.push(element('Binary', {}, [substitution(values.length, VALUE_TYPE_CODES.Binary, false)]));
    values.push(encodeValue({ type: 'Binary', value: r.binary }));
  }
  return { root: element('EventData', {}, children), values };
}

function userDataInstance(r: RecordDescription): TemplateInstance {
  const user = r.userData;
  if (user === undefined) throw new TypeError('userDataInstance needs userData');
  const { children, values } = fieldElements(user.fields, (name, slot) => element(name, {}, [slot]));
  const attributes = user.xmlns === undefined ? {} : { xmlns: text(user.xmlns) };
  return { root: element(user.name, attributes, children), values };
}

/** The full instance of a record: System values plus the EventData or UserData fragment. */
export function eventInstance(r: RecordDescription, recordId: bigint): TemplateInstance {
  if (r.eventData !== undefined && r.userData !== undefined) {
    throw new TypeError(`record ${recordId}: give eventData or userData, not both`);
  }
  // With neither, an empty <EventData/>: libevtx 20181227 refuses a NULL fragment in this slot.
  const payload: SubstitutionValue = { nested: r.userData === undefined ? eventDataInstance(r) : userDataInstance(r) };
  return {
    root: systemTemplate(r.system, r.userData === undefined ? 'eventData' : 'userData'),
    values: [...systemValues(r, recordId), payload],
  };
}
