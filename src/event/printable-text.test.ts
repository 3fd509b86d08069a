import { describe, expect, it } from 'vitest';
import { printableText } from './printable-text.js';

describe('printableText', () => {
  it('folds white space and shows terminal escapes, DEL, C1 and bidi overrides as text', () => {
    expect(printableText('cmd.exe\t/c\r\n  whoami')).toBe('cmd.exe /c whoami');
    expect(printableText('HOST1\u001b[2J\u001b]0;pwned\u0007')).toBe('HOST1\\x1b[2J\\x1b]0;pwned\\x07');
    expect(printableText('a\u007fb\u009bc')).toBe('a\\x7fb\\x9bc');
    expect(printableText('invoice\u202Etxt.exe')).toBe('invoice\\u202etxt.exe');
    expect(printableText('C:\\Windows\\System32\\ünïcödé.exe')).toBe('C:\\Windows\\System32\\ünïcödé.exe');
  });
});
