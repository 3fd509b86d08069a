/**
 * The JSON reader on real exports read in place: the OTRF Security-Datasets (NXLog-made flat JSON
 * lines) and SigmaHQ's regression JSON twins (evtx_dump objects, pretty-printed and run together).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flattenWindowsEventJson, windowsEventFromFields, type Event } from '../event/index.js';
import { LOG_CORPUS, SIGMA_CORPUS } from '../../test/conformance/corpus-paths.js';
import { readRegressionIndex } from '../../test/conformance/regression-index.js';
import { fieldsOf, readWith } from '../../test/fixtures/readers/read-all.js';
import { JSON_READER } from './json-reader.js';

const DATASETS = join(LOG_CORPUS, 'security-datasets/datasets/atomic/windows');
const FAX = join(DATASETS, 'privilege_escalation/host/cmd_service_mod_fax_2020-10-2120454410.json');
const EMPIRE = join(DATASETS, 'lateral_movement/host/empire_psexec_dcerpc_tcp_svcctl_2020-09-20121608.json');
const SHARPSC_CREATE = join(
  DATASETS,
  'lateral_movement/host/covenant_sharpsc_create_dcerpc_smb_svcctl_2020-08-06022635.json',
);
const SHARPSC_QUERY = join(
  DATASETS,
  'lateral_movement/host/covenant_sharpsc_query_dcerpc_smb_svcctl_2020-08-06012009.json',
);

function eventAtLine(events: readonly Event[], line: number): Event {
  const found = events.find((e) => e.provenance.line === line);
  if (found === undefined) throw new Error(`no event at line ${line}`);
  return found;
}

describe('JSON reader on the Security-Datasets files', () => {
  it.each([
    [FAX, 437],
    [EMPIRE, 4348],
    [SHARPSC_CREATE, 3390],
    [SHARPSC_QUERY, 349],
  ])('reads every line of %s as one event (%i lines)', async (path, lines) => {
    const { events, issues, batches } = await readWith(JSON_READER, path);
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(lines);
    expect(issues.total).toBe(0);
    expect(events.map((e) => e.provenance.line)).toEqual(Array.from({ length: lines }, (_, i) => i + 1));
    expect(batches.every((b) => b.events.length <= 1000)).toBe(true);
    expect(batches.at(-1)?.bytesRead).toBe(readFileSync(path).length);
    for (const event of events) {
      expect(typeof event.get('EventID')).toBe('number');
      expect(event.host).toBe(event.get('Computer'));
      expect(Number.isNaN(event.time)).toBe(false);
    }
  });

  it('maps a 4688 export field by field, as EVTX names and types them', async () => {
    const { events } = await readWith(JSON_READER, FAX);
    const event = eventAtLine(events, 2);
    expect(fieldsOf(event)).toEqual({
      Provider_Name: 'Microsoft-Windows-Security-Auditing',
      Provider_Guid: '{54849625-5478-4994-a5ba-3e3b0328c30d}',
      EventID: 4688,
      Level: 0,
      Task: 13312,
      Keywords: '0x8020000000000000',
      TimeCreated_SystemTime: '2020-10-21T08:45:33.684Z',
      Channel: 'Security',
      Computer: 'WORKSTATION5',
      CommandLine:
        'sc  config Fax binPath= "C:\\windows\\system32\\WindowsPowerShell\\v1.0\\powershell.exe -noexit -c \\"write-host \'T1543.003 Test\'\\""',
      SubjectLogonId: '0xc61d9',
      NewProcessId: '0xc28',
      SubjectDomainName: 'WORKSTATION5',
      TargetLogonId: '0x0',
      TokenElevationType: '%%1936',
      SubjectUserSid: 'S-1-5-21-3940915590-64593676-1414006259-500',
      NewProcessName: 'C:\\Windows\\System32\\sc.exe',
      TargetDomainName: '-',
      ProcessId: '0x21f4',
      TargetUserName: '-',
      ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
      TargetUserSid: 'S-1-0-0',
      SubjectUserName: 'wardog',
      MandatoryLabel: 'S-1-16-12288',
    });
    expect(event.time).toBe(Date.UTC(2020, 9, 21, 8, 45, 33, 684));
    expect(event.host).toBe('WORKSTATION5');
    expect(event.logsource.categories.map((c) => c.category)).toEqual(['process_creation']);
    expect(event.provenance).toEqual({ file: FAX, line: 2, offset: 498 });
  });

  it('maps an NXLog 7045 without the collector fields, its numbers as EVTX has them', async () => {
    const { events } = await readWith(JSON_READER, SHARPSC_CREATE);
    const event = eventAtLine(events, 1011);
    expect(fieldsOf(event)).toEqual({
      Provider_Name: 'Service Control Manager',
      Provider_Guid: '{555908D1-A6D7-4695-8E1E-26931D2012F4}',
      EventID: 7045,
      Version: 0,
      Task: 0,
      Opcode: 0,
      Keywords: '0x8080000000000000',
      TimeCreated_SystemTime: '2020-08-06T06:27:31.787Z',
      EventRecordID: 521,
      Execution_ProcessID: 732,
      Execution_ThreadID: 5156,
      Channel: 'System',
      Computer: 'WORKSTATION6.theshire.local',
      Security_UserID: 'S-1-5-21-1363495622-3806888128-621328882-1104',
      ServiceType: 'user mode service',
      ServiceName: 'OTR',
      StartType: 'auto start',
      ImagePath: 'C:\\Windows\\System32\\GruntHTTP2.exe',
    });
    expect(event.logsource.services).toEqual(['system']);
    expect(event.provenance).toMatchObject({ line: 1011, recordId: 521 });
  });

  it('keeps the event data of a 4697 and maps its activity id', async () => {
    const { events } = await readWith(JSON_READER, SHARPSC_CREATE);
    const event = eventAtLine(events, 1020);
    expect(event.get('EventID')).toBe(4697);
    expect(event.get('ServiceName')).toBe('Cyb3rWard0g');
    expect(event.get('ServiceFileName')).toBe('C:\\Windows\\System32\\GruntHTTP2.exe');
    expect(event.get('ServiceStartType')).toBe('2');
    expect(event.get('Correlation_ActivityID')).toBe('{B74DCB93-5FB1-0001-BA04-CE8F906BD601}');
    expect(event.get('Keywords')).toBe('0x8020000000000000');
    expect(event.get('Message')).toBeUndefined();
    expect(event.get('Category')).toBeUndefined();
  });

  it("keeps Sysmon's own EventType and drops NXLog's", async () => {
    const { events } = await readWith(JSON_READER, SHARPSC_CREATE);
    const registry = eventAtLine(events, 998);
    expect(registry.get('EventID')).toBe(13);
    expect(registry.get('EventType')).toBe('SetValue');
    expect(registry.get('EventTypeOrignal')).toBeUndefined();
    expect(registry.logsource.categories.map((c) => c.category)).toEqual(['registry_event', 'registry_set']);
    const access = eventAtLine(events, 1);
    expect(access.get('EventID')).toBe(10);
    expect(access.get('EventType')).toBeUndefined();
  });

  it('classifies an export whose channel is written in lower case', async () => {
    const { events } = await readWith(JSON_READER, EMPIRE);
    const event = eventAtLine(events, 1213);
    expect(event.get('Channel')).toBe('security');
    expect(event.get('ServiceName')).toBe('Updater');
    expect(event.logsource.services).toEqual(['security']);
  });
});

describe('JSON reader on the SigmaHQ regression twins', () => {
  /** Independent of the scanner: each twin object starts with `{` in column 1. */
  function referenceEvents(path: string): Event[] {
    const text = readFileSync(path, 'utf8');
    const events: Event[] = [];
    let offset = 0;
    let line = 1;
    for (const piece of text.split(/\n(?=\{)/)) {
      const fields = flattenWindowsEventJson(JSON.parse(piece));
      if (fields === undefined) throw new Error(`${path}:${line} is no evtx_dump object`);
      events.push(windowsEventFromFields(fields, { file: path, offset, line }));
      offset += Buffer.byteLength(piece) + 1;
      line += piece.split('\n').length;
    }
    return events;
  }

  it('gives exactly the events flattenWindowsEventJson gives, for all 202 twins', async () => {
    const entries = readRegressionIndex();
    expect(entries).toHaveLength(202);
    let total = 0;
    for (const entry of entries) {
      const path = join(SIGMA_CORPUS, entry.json_sample_path);
      const { events, issues } = await readWith(JSON_READER, path);
      const expected = referenceEvents(path);
      expect(issues.total, path).toBe(0);
      expect(events, path).toHaveLength(entry.sample_event_count);
      expect(events.map(fieldsOf), path).toEqual(expected.map(fieldsOf));
      expect(events.map((e) => [e.time, e.host, e.logsource.key, e.provenance.line, e.provenance.offset])).toEqual(
        expected.map((e) => [e.time, e.host, e.logsource.key, e.provenance.line, e.provenance.offset]),
      );
      total += events.length;
    }
    expect(total).toBe(entries.reduce((sum, e) => sum + e.sample_event_count, 0));
  });
});
