import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../../test/fixtures/readers/read-all.js';
import { PSEXESVC_DATA, PSEXESVC_EVTX_DUMP, PSEXESVC_SYSTEM } from '../../../test/fixtures/readers/psexesvc-7045.js';
import { EVTX_DUMP_SHAPE } from './evtx-dump-shape.js';

const SOURCE = { file: 'dump.json', line: 7, offset: 120 };

describe('the evtx_dump shape', () => {
  it('recognises an Event.System object, or a bare System object', () => {
    expect(EVTX_DUMP_SHAPE.matches(PSEXESVC_EVTX_DUMP)).toBe(true);
    expect(EVTX_DUMP_SHAPE.matches(PSEXESVC_EVTX_DUMP.Event)).toBe(true);
    expect(EVTX_DUMP_SHAPE.matches({ Event: { EventData: {} } })).toBe(false);
    expect(EVTX_DUMP_SHAPE.matches({ EventID: 7045, Channel: 'System' })).toBe(false);
  });

  it('flattens to Sigma names with the record id, time and host of the record', () => {
    const event = EVTX_DUMP_SHAPE.toEvent(PSEXESVC_EVTX_DUMP, SOURCE)!;
    expect(fieldsOf(event)).toEqual({
      ...PSEXESVC_SYSTEM,
      Provider_Guid: '555908D1-A6D7-4695-8E1E-26931D2012F4',
      EventID_Qualifiers: 16384,
      Version: 0,
      Level: 4,
      Task: 0,
      Opcode: 0,
      Keywords: '0x8080000000000000',
      TimeCreated_SystemTime: '2024-05-01T10:14:02.301225Z',
      ...PSEXESVC_DATA,
    });
    expect(event.time).toBe(Date.UTC(2024, 4, 1, 10, 14, 2, 301));
    expect(event.host).toBe('FS01.corp.example');
    expect(event.provenance).toEqual({ ...SOURCE, recordId: 48215 });
  });

  it('reads Sysmon for Linux events, exported the same way, as product linux with their category', () => {
    const event = EVTX_DUMP_SHAPE.toEvent(
      {
        Event: {
          System: {
            Provider: { '#attributes': { Name: 'Linux-Sysmon' } },
            EventID: 1,
            Channel: 'Linux-Sysmon/Operational',
            Computer: 'web1',
            EventRecordID: 10,
            TimeCreated: { '#attributes': { SystemTime: '2026-11-26T10:00:00.123456Z' } },
          },
          EventData: { Image: '/usr/bin/systemctl', CommandLine: 'systemctl link /tmp/x.service' },
        },
      },
      SOURCE,
    )!;
    expect(event.logsource.product).toBe('linux');
    expect(event.logsource.services).toEqual(['sysmon']);
    expect(event.logsource.categories.map((c) => c.category)).toEqual(['process_creation']);
    expect(event.get('CommandLine')).toBe('systemctl link /tmp/x.service');
  });
});
