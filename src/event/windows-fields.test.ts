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
});
