/** Sigma filter documents (filters specification v2.1): their condition is AND-ed into the rules they name. */
import { describe, expect, it } from 'vitest';
import { compileYaml, windowsEvent } from '../../../test/support/sigma-harness.js';

const RULES = `title: sc create
id: 0a5f0000-0000-4000-8000-000000000001
name: sc_create
logsource: { category: process_creation, product: windows }
detection:
  selection: { Image|endswith: '\\sc.exe', CommandLine|contains: create }
  condition: selection
---
title: any cmd
id: 0a5f0000-0000-4000-8000-000000000002
logsource: { category: process_creation, product: windows }
detection:
  selection: { Image|endswith: '\\cmd.exe' }
  condition: selection
`;

const FILTER = (rules: string) => `---
title: not the deployment account
id: 0a5f0000-0000-4000-8000-0000000000ff
logsource: { category: process_creation, product: windows }
filter:
  rules: ${rules}
  selection: { User|endswith: '\\svc_deploy' }
  condition: not selection
`;

const sysmon = (image: string, user: string) =>
  windowsEvent({
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    EventID: 1,
    Image: image,
    CommandLine: `${image} create x`,
    User: user,
  });

function titles(yaml: string, event: ReturnType<typeof sysmon>): string[] {
  const found: string[] = [];
  compileYaml(yaml).match(event, (rule) => found.push(rule.meta.title));
  return found;
}

describe('filter documents', () => {
  it('remove the named rule’s matches that the filter excludes, and only those', () => {
    const yaml = RULES + FILTER('[sc_create]');
    expect(titles(yaml, sysmon('C:\\Windows\\sc.exe', 'CORP\\svc_deploy'))).toEqual([]);
    expect(titles(yaml, sysmon('C:\\Windows\\sc.exe', 'CORP\\alice'))).toEqual(['sc create']);
    expect(titles(yaml, sysmon('C:\\Windows\\cmd.exe', 'CORP\\svc_deploy'))).toEqual(['any cmd']);
  });

  it('name rules by id too', () => {
    const yaml = RULES + FILTER('[0a5f0000-0000-4000-8000-000000000002]');
    expect(titles(yaml, sysmon('C:\\Windows\\cmd.exe', 'CORP\\svc_deploy'))).toEqual([]);
  });

  it('reach the events of a Sigma 1.0 aggregation rule named by its id or name', () => {
    const aggregation = `title: many sc
id: 0a5f0000-0000-4000-8000-000000000003
name: many_sc
logsource: { category: process_creation, product: windows }
detection:
  selection: { Image|endswith: '\\sc.exe' }
  timeframe: 5m
  condition: selection | count() by User > 2
`;
    for (const name of ['[0a5f0000-0000-4000-8000-000000000003]', '[many_sc]']) {
      const yaml = aggregation + FILTER(name);
      expect(titles(yaml, sysmon('C:\\Windows\\sc.exe', 'CORP\\svc_deploy')), name).toEqual([]);
      expect(titles(yaml, sysmon('C:\\Windows\\sc.exe', 'CORP\\alice')), name).toEqual(['many sc']);
    }
  });

  it('apply to every rule of their logsource when they name none', () => {
    const yaml = RULES + FILTER('[]');
    expect(titles(yaml, sysmon('C:\\Windows\\sc.exe', 'CORP\\svc_deploy'))).toEqual([]);
    expect(titles(yaml, sysmon('C:\\Windows\\cmd.exe', 'CORP\\svc_deploy'))).toEqual([]);
  });
});
