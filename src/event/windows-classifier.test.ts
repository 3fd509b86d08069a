import { describe, expect, it } from 'vitest';
import { classifyWindowsEvent } from './windows-classifier.js';

describe('classifyWindowsEvent', () => {
  it('gives one shared class per channel (any case) and EventID', () => {
    const a = classifyWindowsEvent('Security', 4688);
    expect(classifyWindowsEvent('security', 4688)).toBe(a);
    expect(a.categories.map((c) => c.category)).toContain('process_creation');
  });

  it('keeps answering right after more distinct channels than it remembers', () => {
    const before = classifyWindowsEvent('System', 7045);
    for (let i = 0; i < 70_000; i++) classifyWindowsEvent(`Hostile-${i}/Operational`, i % 65_536);
    const after = classifyWindowsEvent('System', 7045);
    expect(after).toEqual(before);
    expect(after.services).toContain('system');
  });

  it('gives Sysmon for Linux events, which share the Windows shape, their Linux class', () => {
    const cls = classifyWindowsEvent('Linux-Sysmon/Operational', 11);
    expect(cls.product).toBe('linux');
    expect(cls.services).toEqual(['sysmon']);
    expect(cls.categories.map((c) => c.category)).toEqual(['file_event']);
    expect(classifyWindowsEvent('Microsoft-Windows-Sysmon/Operational', 11).product).toBe('windows');
  });
});
