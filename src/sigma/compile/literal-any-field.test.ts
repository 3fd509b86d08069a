import { describe, expect, it } from 'vitest';
import { plainEvent } from '../../../test/support/sigma-harness.js';
import { FieldSlots } from './field-slots.js';
import { literalInAnyField } from './literal-any-field.js';
import { MatchContext } from './match-context.js';

const run = (literals: string[], fields: Record<string, string | number | string[] | null>): boolean => {
  const ctx = new MatchContext(new FieldSlots());
  ctx.reset(plainEvent(fields));
  return literalInAnyField(literals)(ctx);
};

describe('literalInAnyField', () => {
  it('finds a literal in any field, ignoring case', () => {
    expect(run(['sekurlsa::', 'lsadump::'], { a: 'x', CommandLine: 'mimikatz SEKURLSA::LogonPasswords' })).toBe(true);
    expect(run(['sekurlsa::'], { a: 'x', b: 'sekurlsa:' })).toBe(false);
  });

  it('treats regular-expression characters as text', () => {
    expect(run(['a.b(c)*'], { a: 'xa.b(c)*y' })).toBe(true);
    expect(run(['a.b'], { a: 'axb' })).toBe(false);
  });

  it('looks into list items and numbers, and folds the Kelvin sign like k', () => {
    expect(run(['evil'], { a: ['good', 'EVIL'] })).toBe(true);
    expect(run(['4688'], { EventID: 4688 })).toBe(true);
    expect(run(['kerberos::golden'], { a: '\u212Aerberos::golden' })).toBe(true);
  });
});
