/**
 * The encoding modifiers (modifiers appendix, "String modifiers"): `base64`, `base64offset`,
 * `utf16le`/`wide`, `utf16be`, `utf16`. Encodings work on wildcard-free values only, since a
 * wildcard has no encoded form.
 */
import { ModifierError, type ModifierValue } from './modifier-value.js';
import { hasWildcards, plainText } from './sigma-string.js';

function bytesOf(value: ModifierValue, modifier: string): Uint8Array {
  if (value.kind === 'bytes') return value.bytes;
  if (value.value.some((part) => part.kind === 'placeholder')) {
    throw new ModifierError(
      'BAD_MODIFIER_COMBINATION',
      `"${modifier}" cannot encode a placeholder; put expand after it`,
    );
  }
  if (hasWildcards(value.value))
    throw new ModifierError('BAD_VALUE', `"${modifier}" cannot encode a value with wildcards`);
  return new TextEncoder().encode(plainText(value.value));
}

function textValue(text: string): ModifierValue {
  return { kind: 'string', value: text === '' ? [] : [{ kind: 'text', text }] };
}

export function base64(value: ModifierValue): ModifierValue[] {
  return [textValue(Buffer.from(bytesOf(value, 'base64')).toString('base64'))];
}

/**
 * Three variants, one per byte alignment, so the value is found inside a longer Base64 text: encode
 * it behind 0, 1 or 2 filler bytes, then drop the characters that depend on the filler (leading) or
 * on whatever follows the value (trailing). Example: `IEX` → `SUVY`, `lFW`, `JRV`.
 */
export function base64offset(value: ModifierValue): ModifierValue[] {
  const bytes = bytesOf(value, 'base64offset');
  const variants: ModifierValue[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const padded = new Uint8Array(shift + bytes.length);
    padded.set(bytes, shift);
    const encoded = Buffer.from(padded).toString('base64');
    const dropStart = [0, 2, 3][shift] as number;
    const dropEnd = [0, 3, 2][(bytes.length + shift) % 3] as number;
    variants.push(textValue(encoded.slice(dropStart, encoded.length - dropEnd)));
  }
  return variants;
}

function utf16(value: ModifierValue, modifier: string, bigEndian: boolean, bom: boolean): ModifierValue[] {
  if (value.kind === 'bytes') throw new ModifierError('BAD_MODIFIER_COMBINATION', `"${modifier}" applied twice`);
  const text = new TextDecoder().decode(bytesOf(value, modifier));
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  let at = 0;
  if (bom) {
    out[0] = 0xff;
    out[1] = 0xfe;
    at = 2;
  }
  for (let i = 0; i < text.length; i++, at += 2) {
    const unit = text.charCodeAt(i);
    out[at + (bigEndian ? 1 : 0)] = unit & 0xff;
    out[at + (bigEndian ? 0 : 1)] = unit >> 8;
  }
  return [{ kind: 'bytes', bytes: out }];
}

export const utf16le = (value: ModifierValue): ModifierValue[] => utf16(value, 'utf16le', false, false);
export const utf16be = (value: ModifierValue): ModifierValue[] => utf16(value, 'utf16be', true, false);
/** `utf16`: little-endian with the byte-order mark FF FE, as the specification defines it. */
export const utf16withBom = (value: ModifierValue): ModifierValue[] => utf16(value, 'utf16', false, true);
