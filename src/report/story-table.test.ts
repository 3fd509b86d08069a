import { beforeAll, describe, expect, it } from 'vitest';
import { displayWidth, loadDisplayWidth } from './display-width.js';
import type { Story } from './story.js';
import { storyTableLines } from './story-table.js';

const T0 = Date.UTC(2024, 4, 1, 10, 22, 15);
const SOURCE = { file: 'x.evtx', format: 'evtx', recordId: 1, offset: 0 } as const;

/** A PsExec-like story with the long values real hosts and services have. */
const STORY: Story = {
  id: 'story-3f2a9c',
  host: 'WORKSTATION-FINANCE-0042.corp.example.internal.long-domain-name.example',
  level: 'critical',
  summary: 'a remote logon from 10.0.0.5 installed the service 服务名称很长的服务 and started it',
  first: T0,
  last: T0 + 65_000,
  services: ['PSEXESVC'],
  accounts: ['CORP\\admin'],
  remoteAddresses: ['10.0.0.5'],
  steps: (['logon', 'share', 'install', 'start', 'payload', 'cleanup'] as const).map((step, i) => ({
    step,
    events: 100 + i,
    first: T0 + i,
    techniques: [],
  })),
  techniques: ['T1021.002', 'T1543.003', 'T1569.002', 'T1059.003', 'T1070.004'],
  attack: {
    techniques: ['T1569.002'],
    tactics: [{ id: 'TA0002', name: 'Execution' }],
    mitigations: ['M1022', 'M1026', 'M1040', 'M1047'].map((id) => ({ id, name: `${id} mitigation with a long name` })),
    dataComponents: [],
    controls: ['AC-2', 'AC-3', 'AC-5', 'AC-6', 'CA-7', 'CM-2', 'CM-5', 'CM-6', 'CM-7'].map((id) => ({ id, name: id })),
  },
  processes: [
    {
      time: T0,
      image: 'C:\\Windows\\PSEXESVC.exe',
      commandLine:
        'cmd.exe /c powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA',
      pid: 4242,
      user: 'SYSTEM',
      children: [],
    },
  ],
  events: [
    {
      time: T0,
      step: 'install',
      what: 'service 服务名称很长的服务 installed: %SystemRoot%\\PSEXESVC.exe with a long argument list 🙂🙂🙂',
      channel: 'System',
      eventId: 7045,
      recordId: 1,
      rules: ['PsExec Service Installation', 'Service Installed With a Command Interpreter as Its Program'],
      source: SOURCE,
    },
  ],
  omittedEvents: 0,
  findings: 2,
};

const lines = (width: number): string[] =>
  storyTableLines([STORY], {
    width,
    color: false,
    techniqueName: (id) => `${id} technique name`,
    levelColour: (_level, text) => text,
  });

beforeAll(loadDisplayWidth);

describe('storyTableLines', () => {
  it.each([40, 60, 72, 80, 120])('keeps every line within %i display columns', (width) => {
    const wide = lines(width).filter((line) => displayWidth(line) > width);
    expect(wide).toEqual([]);
  });

  it('cuts nothing when the width is unlimited (a file or a pipe)', () => {
    const text = lines(Number.POSITIVE_INFINITY).join('\n');
    expect(text).toContain(STORY.host);
    expect(text).toContain(STORY.events[0]!.what);
    expect(text).toContain('cleanup 105');
    expect(text).not.toContain('…');
  });
});
