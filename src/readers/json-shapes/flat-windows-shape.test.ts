import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../../test/fixtures/readers/read-all.js';
import { PSEXESVC_DATA, PSEXESVC_NXLOG, PSEXESVC_SYSTEM } from '../../../test/fixtures/readers/psexesvc-7045.js';
import { FLAT_WINDOWS_SHAPE } from './flat-windows-shape.js';

const SOURCE = { file: 'nxlog.json', line: 12, offset: 4096 };

describe('the flat Windows shape', () => {
  it('recognises a numeric EventID beside a channel or provider name', () => {
    expect(FLAT_WINDOWS_SHAPE.matches(PSEXESVC_NXLOG)).toBe(true);
    expect(FLAT_WINDOWS_SHAPE.matches({ EventID: '4688', SourceName: 'Microsoft-Windows-Security-Auditing' })).toBe(
      true,
    );
    expect(FLAT_WINDOWS_SHAPE.matches({ EventID: 'abc', Channel: 'System' })).toBe(false);
    expect(FLAT_WINDOWS_SHAPE.matches({ EventID: 7045 })).toBe(false);
    expect(FLAT_WINDOWS_SHAPE.matches({ Channel: 'System' })).toBe(false);
  });

  it('maps NXLog names to EVTX names and types, and leaves the collector fields out', () => {
    const event = FLAT_WINDOWS_SHAPE.toEvent(PSEXESVC_NXLOG, SOURCE)!;
    const { AccountName: _lost, ...data } = PSEXESVC_DATA; // NXLog wrote its own AccountName over it
    expect(fieldsOf(event)).toEqual({
      ...PSEXESVC_SYSTEM,
      Provider_Guid: '{555908D1-A6D7-4695-8E1E-26931D2012F4}',
      Version: 0,
      Task: 0,
      Opcode: 0,
      Keywords: '0x8080000000000000',
      TimeCreated_SystemTime: '2024-05-01T10:14:02.301Z',
      ...data,
    });
    expect(event.host).toBe('FS01.corp.example');
    expect(event.time).toBe(Date.UTC(2024, 4, 1, 10, 14, 2, 301));
    expect(event.provenance).toEqual({ ...SOURCE, recordId: 48215 });
  });

  it('prefers a zoned time, reads text numbers and hex masks, and keeps what only NXLog drops', () => {
    const event = FLAT_WINDOWS_SHAPE.toEvent(
      {
        '@timestamp': '2024-05-01T10:14:02.301Z',
        EventTime: '2024-05-01 06:14:02',
        TimeCreated: '2024-05-01T10:14:02.301225Z',
        EventID: '4688',
        Level: '0',
        Task: '13312',
        Keywords: '0x8020000000000000',
        Channel: 'Security',
        Computer: 'WS1',
        EventType: 'INFO', // no NXLog marker: event data, kept
        AccountName: 'svc', // likewise
        NewProcessName: 'C:\\Windows\\System32\\sc.exe',
        'Threat Name': 'x',
      },
      SOURCE,
    )!;
    expect(fieldsOf(event)).toEqual({
      EventID: 4688,
      Level: 0,
      Task: 13312,
      Keywords: '0x8020000000000000',
      TimeCreated_SystemTime: '2024-05-01T10:14:02.301225Z',
      Channel: 'Security',
      Computer: 'WS1',
      EventType: 'INFO',
      AccountName: 'svc',
      NewProcessName: 'C:\\Windows\\System32\\sc.exe',
      ThreatName: 'x',
    });
  });

  it("reads NXLog's zone-less EventTime as UTC when nothing better is there", () => {
    const event = FLAT_WINDOWS_SHAPE.toEvent(
      { EventID: 7036, Channel: 'System', EventTime: '2024-05-01 06:14:02' },
      SOURCE,
    )!;
    expect(event.get('TimeCreated_SystemTime')).toBe('2024-05-01T06:14:02.000Z');
    expect(event.time).toBe(Date.UTC(2024, 4, 1, 6, 14, 2));
  });

  it('reads event data nested in an EventData object like top-level data', () => {
    const event = FLAT_WINDOWS_SHAPE.toEvent(
      {
        EventID: 4697,
        Channel: 'Security',
        EventData: { ServiceName: 'x', ServiceStartType: 3 },
        Tags: ['a', { b: 1 }],
      },
      SOURCE,
    )!;
    expect(fieldsOf(event)).toEqual({
      EventID: 4697,
      Channel: 'Security',
      ServiceName: 'x',
      ServiceStartType: 3,
      Tags: ['a', '{"b":1}'],
    });
  });
});
