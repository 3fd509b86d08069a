import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../../test/fixtures/readers/read-all.js';
import { PSEXESVC_DATA, PSEXESVC_SYSTEM, PSEXESVC_WINLOGBEAT } from '../../../test/fixtures/readers/psexesvc-7045.js';
import { ECS_WINDOWS_SHAPE } from './ecs-windows-shape.js';

const SOURCE = { file: 'winlogbeat.ndjson', line: 3, offset: 900 };

const EXPECTED = {
  ...PSEXESVC_SYSTEM,
  Provider_Guid: '{555908D1-A6D7-4695-8E1E-26931D2012F4}',
  TimeCreated_SystemTime: '2024-05-01T10:14:02.301Z',
  ...PSEXESVC_DATA,
};

/** The same document with every nested member written as one dotted name. */
function dotted(document: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (prefix: string, value: unknown): void => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(prefix === '' ? key : `${prefix}.${key}`, inner);
    } else out[prefix] = value;
  };
  walk('', document);
  return out;
}

describe('the Winlogbeat / ECS shape', () => {
  it('recognises a winlog object, a dotted winlog.channel, or either inside an Elasticsearch hit', () => {
    expect(ECS_WINDOWS_SHAPE.matches(PSEXESVC_WINLOGBEAT)).toBe(true);
    expect(ECS_WINDOWS_SHAPE.matches({ 'winlog.channel': 'System', 'winlog.event_id': 7045 })).toBe(true);
    expect(ECS_WINDOWS_SHAPE.matches({ _index: 'winlogbeat-8', _source: PSEXESVC_WINLOGBEAT })).toBe(true);
    expect(ECS_WINDOWS_SHAPE.matches({ event: { code: '7045' }, host: { name: 'x' } })).toBe(false);
  });

  it('maps winlog members to the names and types of an EVTX record, and carries nothing else', () => {
    const event = ECS_WINDOWS_SHAPE.toEvent(PSEXESVC_WINLOGBEAT, SOURCE)!;
    expect(fieldsOf(event)).toEqual(EXPECTED);
    expect(event.time).toBe(Date.UTC(2024, 4, 1, 10, 14, 2, 301));
    expect(event.host).toBe('FS01.corp.example');
    expect(event.logsource.services).toEqual(['system']);
    expect(event.provenance).toEqual({ ...SOURCE, recordId: 48215 });
  });

  it('reads the same document written with dotted names, or as an Elasticsearch hit', () => {
    expect(fieldsOf(ECS_WINDOWS_SHAPE.toEvent(dotted(PSEXESVC_WINLOGBEAT), SOURCE)!)).toEqual(EXPECTED);
    expect(fieldsOf(ECS_WINDOWS_SHAPE.toEvent({ _id: 'x', _source: PSEXESVC_WINLOGBEAT }, SOURCE)!)).toEqual(EXPECTED);
  });

  it('falls back to event.code and host.name, drops the UserData wrapper name, and removes spaces', () => {
    // Hand-made: a Security 1102 as winlogbeat ships it, without winlog.event_id or computer_name.
    const event = ECS_WINDOWS_SHAPE.toEvent(
      {
        '@timestamp': '2024-05-01T11:00:00.000Z',
        event: { code: '1102' },
        host: { name: 'DC01' },
        winlog: {
          channel: 'Security',
          provider_name: 'Microsoft-Windows-Eventlog',
          user_data: { xml_name: 'LogFileCleared', SubjectUserName: 'admin', 'Subject Domain Name': 'CORP' },
        },
      },
      SOURCE,
    )!;
    expect(fieldsOf(event)).toEqual({
      Provider_Name: 'Microsoft-Windows-Eventlog',
      EventID: 1102,
      TimeCreated_SystemTime: '2024-05-01T11:00:00.000Z',
      Channel: 'Security',
      Computer: 'DC01',
      SubjectUserName: 'admin',
      SubjectDomainName: 'CORP',
    });
    expect(event.provenance).toEqual(SOURCE);
  });
});
