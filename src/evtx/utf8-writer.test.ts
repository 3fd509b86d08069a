/**
 * The byte writer must write exactly the UTF-8 of the text the string path makes: JSON string
 * bodies as JSON.stringify escapes them, UTF-16 decoded as `utf16.ts` decodes it (lone surrogates
 * become U+FFFD), numbers as String() writes them. Seeded random strings reach every branch: the
 * four-units-a-step loop, the native path for long ASCII, escapes, surrogates and NULs.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/support/benign-events.js';
import { readUtf16UntilNul } from './utf16.js';
import { Utf8Writer } from './utf8-writer.js';

/** Code units that exercise each branch: ASCII, escapes, controls, 2- and 3-byte UTF-8, surrogates, NUL. */
const UNITS = [
  0x41, 0x7a, 0x20, 0x7e, 0x7f, 0x22, 0x5c, 0x2f, 0x0a, 0x09, 0x01, 0x1f, 0x80, 0xe9, 0x7ff, 0x800, 0x4e2d, 0xfffd,
  0xffff, 0xd83d, 0xde00, 0xdbff, 0xdc00, 0x0000,
];

function randomUnits(random: () => number, length: number, plainShare: number): number[] {
  const units: number[] = [];
  for (let i = 0; i < length; i++) {
    units.push(
      random() < plainShare ? 0x20 + Math.floor(random() * 0x5f) : UNITS[Math.floor(random() * UNITS.length)]!,
    );
  }
  return units;
}

/** The units as UTF-16LE at an odd offset of a Buffer (offsets in chunks need not be even). */
function utf16Bytes(units: readonly number[]): { bytes: Buffer; view: DataView; at: number } {
  const bytes = Buffer.alloc(units.length * 2 + 3);
  units.forEach((unit, i) => bytes.writeUInt16LE(unit, 1 + i * 2));
  return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.length), at: 1 };
}

function written(write: (w: Utf8Writer) => void): string {
  const w = new Utf8Writer(64); // small buffers: moving to a new one mid-write is exercised too
  write(w);
  return Buffer.from(w.take()).toString('utf8');
}

describe('Utf8Writer', () => {
  it('writes UTF-16 text as the JSON string body JSON.stringify gives its decoded string', () => {
    const random = seededRandom(0x8e11);
    for (let round = 0; round < 2000; round++) {
      const length = Math.floor(random() * 120);
      const units = randomUnits(random, length, round % 3 === 0 ? 1 : round % 3 === 1 ? 0.95 : 0.5);
      const { bytes, view, at } = utf16Bytes(units);
      const expected = JSON.stringify(readUtf16UntilNul(bytes, at, length)).slice(1, -1);
      expect(written((w) => w.utf16Json(bytes, view, at, length))).toBe(expected);
    }
  });

  it('writes a string body as JSON.stringify escapes it, and ready text as it is', () => {
    const random = seededRandom(0x51);
    for (let round = 0; round < 500; round++) {
      const { bytes, at } = utf16Bytes(randomUnits(random, 40, 0.7));
      const text = readUtf16UntilNul(bytes, at, 40); // as the parser decodes it: no lone surrogates
      expect(written((w) => w.jsonText(text))).toBe(JSON.stringify(text).slice(1, -1));
      expect(written((w) => w.text(text))).toBe(text);
    }
  });

  it('writes integers, padded decimals and hex as String() and the string path write them', () => {
    const values = [0, 1, 9, 10, 99, 4294967295, 2 ** 53 - 1, 123456789012];
    for (const value of values) {
      expect(written((w) => w.integer(value))).toBe(String(value));
      expect(written((w) => w.integer(-value))).toBe(value === 0 ? '0' : String(-value));
      expect(written((w) => w.decimal(value, 6))).toBe(String(value).padStart(6, '0'));
    }
    for (const value of [0, 1, 0xabc, 0xffffffff, 0x80000000]) {
      expect(written((w) => w.hex32(value))).toBe(`0x${value.toString(16)}`);
      expect(written((w) => w.hex64(value, 0))).toBe(`0x${value.toString(16)}`);
      expect(written((w) => w.hex64(value, 0x1f))).toBe(`0x1f${value.toString(16).padStart(8, '0')}`);
    }
  });

  it('never writes over the views it handed out, and rolls back what a failed record wrote', () => {
    const w = new Utf8Writer(16);
    w.text('first chunk\n');
    const first = w.take();
    const mark = w.mark();
    w.text('half a record');
    w.rollBack(mark);
    w.text('second chunk, long enough to need a new buffer\n');
    const second = w.take();
    expect(Buffer.from(first).toString()).toBe('first chunk\n');
    expect(Buffer.from(second).toString()).toBe('second chunk, long enough to need a new buffer\n');
  });
});
