import { describe, expect, it } from 'vitest';
import { flattenWindowsEventJson } from './windows-fields.js';

const system = { EventID: 18456, Channel: 'Application', Provider: { '#attributes': { Name: 'MSSQLSERVER' } } };

describe('flattenWindowsEventJson', () => {
  it('keeps unnamed EventData items as the list Data and names each Data[1], Data[2] …', () => {
    const fields = flattenWindowsEventJson({
      Event: {
        System: system,
        EventData: { Data: { '#text': ['sa', ' Reason: bad password', ' [CLIENT: 10.0.2.17]'] } },
      },
    });
    expect(fields?.get('Data')).toEqual(['sa', ' Reason: bad password', ' [CLIENT: 10.0.2.17]']);
    expect(fields?.get('Data[1]')).toBe('sa');
    expect(fields?.get('Data[3]')).toBe(' [CLIENT: 10.0.2.17]');
    expect(fields?.has('Data[4]')).toBe(false);
  });

  it('names a single unnamed item Data[1], and leaves named data and UserData leaves alone', () => {
    const single = flattenWindowsEventJson({ Event: { System: system, EventData: { Data: 'only' } } });
    expect(single?.get('Data')).toBe('only');
    expect(single?.get('Data[1]')).toBe('only');
    const named = flattenWindowsEventJson({ Event: { System: system, EventData: { ServiceName: 'x' } } });
    expect([...(named?.keys() ?? [])].some((name) => name.startsWith('Data'))).toBe(false);
    const user = flattenWindowsEventJson({ Event: { System: system, UserData: { Wrapper: { Data: 'inner' } } } });
    expect(user?.get('Data')).toBe('inner');
    expect(user?.has('Data[1]')).toBe(false);
  });

  it('reads evtx_dump --separate-json-attributes output as the default #attributes form', () => {
    const provider = { Name: 'Service Control Manager', Guid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}' };
    const nested = flattenWindowsEventJson({
      Event: {
        '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
        System: {
          Provider: { '#attributes': provider },
          EventID: { '#attributes': { Qualifiers: 16384 }, '#text': 7045 },
          TimeCreated: { '#attributes': { SystemTime: '2019-03-19T23:34:25.496297Z' } },
          Correlation: null,
          Channel: 'System',
        },
        UserData: {
          Wrapper: { '#attributes': { xmlns: 'urn:x' }, Param: { '#attributes': { Kind: 'k' }, '#text': 'v' } },
        },
      },
    });
    const separate = flattenWindowsEventJson({
      Event: {
        Event_attributes: { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
        System: {
          Provider_attributes: provider,
          Provider: '',
          EventID_attributes: { Qualifiers: 16384 },
          EventID: 7045,
          TimeCreated_attributes: { SystemTime: '2019-03-19T23:34:25.496297Z' },
          TimeCreated: '',
          Correlation: null,
          Channel: 'System',
        },
        UserData: { Wrapper_attributes: { xmlns: 'urn:x' }, Wrapper: { Param_attributes: { Kind: 'k' }, Param: 'v' } },
      },
    });
    expect(separate).toEqual(nested);
    expect(separate?.get('Provider_Name')).toBe('Service Control Manager');
    expect(separate?.get('TimeCreated_SystemTime')).toBe('2019-03-19T23:34:25.496297Z');
    expect(separate?.get('Param_Kind')).toBe('k');
    expect(separate?.has('Provider')).toBe(false);
  });
});
