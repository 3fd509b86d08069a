import { describe, expect, it } from 'vitest';
import { foldedContainsAny } from './folded-search.js';

describe('foldedContainsAny', () => {
  const test = foldedContainsAny(['sekurlsa::', 'kerberos::golden', 'x']);

  it('finds any needle whatever the case of the text', () => {
    expect(test('mimikatz # SEKURLSA::logonpasswords')).toBe(true);
    expect(test('Kerberos::Golden /user:a')).toBe(true);
    expect(test('an X')).toBe(true);
    expect(test('nothing here')).toBe(false);
  });

  it('folds the Kelvin sign to k as toLowerCase does', () => {
    expect('\u212Aerberos::golden'.toLowerCase()).toBe('kerberos::golden');
    expect(test('\u212Aerberos::golden')).toBe(true);
  });

  it('does not read past the end of the text', () => {
    expect(foldedContainsAny(['abcd'])('xxabc')).toBe(false);
  });
});
