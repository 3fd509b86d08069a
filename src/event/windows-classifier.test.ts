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
});
