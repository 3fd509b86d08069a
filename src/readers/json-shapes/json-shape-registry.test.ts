import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../event/index.js';
import { REPO_ROOT } from '../../../test/conformance/corpus-paths.js';
import { readWith } from '../../../test/fixtures/readers/read-all.js';
import { compileYaml } from '../../../test/support/sigma-harness.js';
import { EVTX_READER } from '../evtx-reader.js';
import { findJsonShape } from './json-shape-registry.js';
import type { JsonObject } from './json-shape.js';
import {
  PSEXESVC_DATA,
  PSEXESVC_EVTX_DUMP as AS_EVTX_DUMP,
  PSEXESVC_NXLOG as AS_NXLOG,
  PSEXESVC_SYSTEM,
  PSEXESVC_WINLOGBEAT as AS_WINLOGBEAT,
} from '../../../test/fixtures/readers/psexesvc-7045.js';

const SOURCE = { file: 'mixed.json', line: 1, offset: 0 };

/** Fields a rule on this event may use; every shape must give each of them as EVTX does. */
const RULE_FIELDS = Object.keys({ ...PSEXESVC_SYSTEM, ...PSEXESVC_DATA });

const RULE = `
title: PsExec service installed
id: 5a2d3c1e-6b7f-4e8a-9c0d-1f2e3a4b5c6d
logsource:
  product: windows
  service: system
detection:
  selection:
    Provider_Name: Service Control Manager
    EventID: 7045
    ServiceName: PSEXESVC
    ImagePath|endswith: '\\PSEXESVC.exe'
  condition: selection
`;

function jsonEvent(object: JsonObject): Event {
  const shape = findJsonShape(object);
  if (shape === undefined) throw new Error('no shape');
  return shape.toEvent(object, SOURCE)!;
}

describe('the JSON shape registry', () => {
  it('gives each object to the first shape that accepts it', () => {
    expect(findJsonShape(AS_EVTX_DUMP)?.name).toBe('evtx-dump');
    expect(findJsonShape(AS_WINLOGBEAT)?.name).toBe('winlogbeat');
    expect(findJsonShape(AS_NXLOG)?.name).toBe('flat-windows');
    expect(findJsonShape({ ...AS_NXLOG, winlog: AS_WINLOGBEAT.winlog })?.name).toBe('winlogbeat');
    expect(findJsonShape({ MESSAGE: 'journald entry', _HOSTNAME: 'h' })).toBeUndefined();
  });

  it('makes one event of every export, with the names, types, time and host EVTX gives', async () => {
    const { events } = await readWith(EVTX_READER, join(REPO_ROOT, 'examples/windows/psexec-target-system.evtx'));
    const fromEvtx = events.find((e) => e.get('ServiceName') === 'PSEXESVC')!;
    for (const object of [AS_EVTX_DUMP, AS_WINLOGBEAT, AS_NXLOG]) {
      const fromJson = jsonEvent(object);
      for (const field of RULE_FIELDS) {
        // NXLog lost the service account: better no AccountName than the installer's under that name.
        const expected = object === AS_NXLOG && field === 'AccountName' ? undefined : fromEvtx.get(field);
        expect([field, fromJson.get(field)]).toEqual([field, expected]);
      }
      expect(fromJson.time).toBe(fromEvtx.time);
      expect(fromJson.host).toBe(fromEvtx.host);
      expect(fromJson.logsource).toBe(fromEvtx.logsource);
    }
  });

  it('lets one Sigma rule match the event from EVTX and from every JSON export', async () => {
    const rules = compileYaml(RULE);
    const { events } = await readWith(EVTX_READER, join(REPO_ROOT, 'examples/windows/psexec-target-system.evtx'));
    const hits = (event: Event): number => rules.match(event, () => undefined);
    expect(events.map(hits).reduce((a, b) => a + b, 0)).toBe(1);
    for (const object of [AS_EVTX_DUMP, AS_WINLOGBEAT, AS_NXLOG]) expect(hits(jsonEvent(object))).toBe(1);
  });
});
