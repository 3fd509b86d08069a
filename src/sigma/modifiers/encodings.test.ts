import { describe, expect, it } from 'vitest';
import { base64, base64offset, utf16be, utf16le, utf16withBom } from './encodings.js';
import type { ModifierValue } from './modifier-value.js';
import { parseSigmaString } from './sigma-string.js';

const value = (text: string): ModifierValue => ({ kind: 'string', value: parseSigmaString(text, false) });
const texts = (values: ModifierValue[]): string[] =>
  values.map((v) => (v.kind === 'string' ? v.value.map((p) => (p.kind === 'text' ? p.text : '')).join('') : 'bytes'));

describe('encoding modifiers', () => {
  it('base64 encodes the UTF-8 text with padding', () => {
    expect(texts(base64(value('sc create')))).toEqual(['c2MgY3JlYXRl']);
    expect(texts(base64(value('ab')))).toEqual(['YWI=']);
  });

  it('base64offset gives the three alignments of IEX', () => {
    expect(texts(base64offset(value('IEX')))).toEqual(['SUVY', 'lFW', 'JRV']);
  });

  it('base64offset variants are found inside a longer Base64 text at every alignment', () => {
    const needle = 'Invoke-Expression';
    const variants = texts(base64offset(value(needle)));
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const encoded = Buffer.from(`${prefix}${needle} trailing`).toString('base64');
      expect(variants.some((v) => encoded.includes(v))).toBe(true);
    }
  });

  it('rejects a value with wildcards', () => {
    expect(() => base64(value('a*'))).toThrow(/wildcards/);
  });

  it('utf16le, utf16be and utf16 (with BOM) produce the right bytes', () => {
    const bytes = (v: ModifierValue[]) => (v[0]?.kind === 'bytes' ? [...v[0].bytes] : []);
    expect(bytes(utf16le(value('Ab')))).toEqual([0x41, 0, 0x62, 0]);
    expect(bytes(utf16be(value('Ab')))).toEqual([0, 0x41, 0, 0x62]);
    expect(bytes(utf16withBom(value('A')))).toEqual([0xff, 0xfe, 0x41, 0]);
  });

  it('wide then base64 encodes the UTF-16LE bytes', () => {
    const [encoded] = texts(utf16le(value('IEX')).flatMap(base64));
    expect(encoded).toBe(Buffer.from('IEX', 'utf16le').toString('base64'));
  });
});
