// The one check every written file passes: evtxexport reads a record back with the System fields,
// EventData items and UserData children that its description asked for, rendered as libevtx renders
// each value type. Shared by the writer's tests and the example files' tests.
import { expect } from 'vitest';
import { renderedTexts } from './evtxexport-rendering.js';
import type { RecordDescription } from './evtx-description.js';
import type { ExportedEvent } from './libevtx-oracle.js';

/** What evtxexport must print for a record the writer was given. */
export function expectReadBack(got: ExportedEvent | undefined, want: RecordDescription, id: number | bigint): void {
  const s = want.system;
  expect(got?.system).toMatchObject({
    'Provider.Name': s.providerName,
    EventID: String(s.eventId),
    Version: String(s.version ?? 0),
    Level: String(s.level),
    Task: String(s.task),
    Opcode: String(s.opcode),
    Keywords: renderedTexts({ type: 'HexInt64', value: s.keywords })[0],
    'TimeCreated.SystemTime': renderedTexts({ type: 'FileTime', value: want.timeCreated })[0],
    EventRecordID: String(id),
    'Execution.ProcessID': String(s.processId),
    'Execution.ThreadID': String(s.threadId),
    Channel: s.channel,
    Computer: s.computer,
  });
  expect(got?.system['Provider.Guid']).toBe(s.providerGuid?.toUpperCase());
  expect(got?.system['EventID.Qualifiers']).toBe(s.qualifiers === undefined ? undefined : String(s.qualifiers));
  expect(got?.system['Provider.EventSourceName']).toBe(s.eventSourceName);
  expect(got?.system['Security.UserID']).toBe(s.userId);
  expect(got?.system['Correlation.ActivityID']).toBe(s.activityId?.toUpperCase());
  const data = Object.entries(want.eventData ?? {}).flatMap(([name, v]) =>
    renderedTexts(v).map((value) => ({ name, value })),
  );
  if (want.binary !== undefined) data.push({ name: 'Binary', value: renderedTexts(want.binary)[0] ?? '' });
  expect(got?.data).toEqual(data);
  if (want.userData !== undefined) {
    const user = want.userData;
    expect(got?.userData?.name).toBe(user.name);
    expect(got?.userData?.attributes['xmlns']).toBe(user.xmlns);
    const children = Object.entries(user.fields).flatMap(([name, v]) => renderedTexts(v).map((text) => [name, text]));
    expect(got?.userData?.children.map((c) => [c.name, c.text])).toEqual(children);
  }
}
