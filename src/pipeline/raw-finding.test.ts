import { describe, expect, it } from 'vitest';
import { windowsEventFromFields, type FieldValue } from '../event/index.js';
import { MAX_FIELD_TEXT } from '../report/index.js';
import { checkRules, loadRuleText } from '../sigma/index.js';
import { rawFinding } from './raw-finding.js';

const RULE = checkRules(
  loadRuleText(
    'title: p\nname: p\nlogsource: {product: windows, category: process_creation}\ndetection:\n  sel: {EventID: 1}\n  condition: sel\n',
    'p.yml',
  ),
).rules[0]!;

function commandLineFor(commandLine: string): FieldValue | undefined {
  const event = windowsEventFromFields(
    new Map<string, FieldValue>([
      ['EventID', 1],
      ['Channel', 'Microsoft-Windows-Sysmon/Operational'],
      ['Computer', 'h'],
      ['TimeCreated_SystemTime', '2026-11-26T10:00:00Z'],
      ['CommandLine', commandLine],
    ]),
    { file: 'f.evtx', offset: 0 },
  );
  return rawFinding(RULE, event, 'evtx', ['CommandLine']).correlationFields?.CommandLine;
}

describe('rawFinding correlation values', () => {
  const long = `powershell -enc ${'A'.repeat(MAX_FIELD_TEXT + 1000)}`;

  it('keeps long values apart that differ only past the cut, and bounded', () => {
    const one = commandLineFor(`${long}one`);
    const two = commandLineFor(`${long}two`);
    expect(one).not.toEqual(two);
    expect(String(one).length).toBeLessThan(MAX_FIELD_TEXT + 100);
    expect(String(one)).toMatch(/… \[\d+ characters, sha1 [0-9a-f]{16}\]$/);
  });

  it('gives long values that differ only in case one value, as grouping compares them', () => {
    expect(commandLineFor(`${long}ONE`)).toBe(commandLineFor(`${long}one`));
  });

  it('passes short values as they are', () => {
    expect(commandLineFor('sc.exe start evil')).toBe('sc.exe start evil');
  });
});
