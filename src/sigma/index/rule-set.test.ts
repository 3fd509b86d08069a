import { describe, expect, it } from 'vitest';
import { compileYaml, windowsEvent } from '../../../test/support/sigma-harness.js';

const rule = (title: string, image: string): string => `title: ${title}
id: 0a5f0000-0000-4000-8000-0000000000aa
logsource: { category: process_creation, product: windows }
detection:
  selection: { Image|endswith: '${image}' }
  condition: selection
`;

describe('RuleSet', () => {
  it('runs each rule on its own detection when two rules share an id', () => {
    // A user's tuned copy of a rule that kept the original's id: both must keep their own matcher.
    const set = compileYaml(`${rule('original', '\\\\sc.exe')}---\n${rule('tuned copy', '\\\\cmd.exe')}`);
    const found: string[] = [];
    const event = windowsEvent({
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      EventID: 1,
      Image: 'C:\\x\\cmd.exe',
    });
    set.match(event, (r) => found.push(r.meta.title));
    expect(found).toEqual(['tuned copy']);
  });
});
