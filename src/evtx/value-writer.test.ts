/**
 * The dump writes values from their bytes; the general path decodes them to text first. Both must
 * give the same bytes for every type: seeded random values, with the edges that change the text
 * (64-bit integers past 2^53, FILETIMEs past the exact-double range and past the year 9999, odd
 * SYSTEMTIMEs, SIDs with 0–15 sub-authorities).
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/support/benign-events.js';
import {
  FIXED_VALUE_SIZE,
  VALUE_ANSI_STRING,
  VALUE_BINARY,
  VALUE_EVT_HANDLE,
  VALUE_EVT_XML,
  VALUE_FILETIME,
  VALUE_HEX_INT64,
  VALUE_INT64,
  VALUE_SID,
  VALUE_SIZE_T,
  VALUE_STRING,
  VALUE_SYSTEMTIME,
  VALUE_UINT64,
} from './binxml/value-types.js';
import { readScalar, scalarFits, scalarText } from './binxml/values.js';
import { Utf8Writer } from './utf8-writer.js';
import { writeValueText } from './value-writer.js';

const TYPES = [...Array.from({ length: 0x16 }, (_, i) => i), VALUE_EVT_HANDLE, VALUE_EVT_XML];

function check(type: number, bytes: Buffer): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (!scalarFits(bytes, type, 0, bytes.length)) {
    expect(() => readScalar(bytes, view, type, 0, bytes.length)).toThrow();
    return;
  }
  const expected = JSON.stringify(scalarText(readScalar(bytes, view, type, 0, bytes.length))).slice(1, -1);
  const w = new Utf8Writer(32);
  writeValueText(w, bytes, view, type, 0, bytes.length);
  expect(Buffer.from(w.take()).toString('utf8'), `type 0x${type.toString(16)} ${bytes.toString('hex')}`).toBe(expected);
}

function randomBytes(random: () => number, size: number): Buffer {
  return Buffer.from(Array.from({ length: size }, () => Math.floor(random() * 256)));
}

describe('writeValueText', () => {
  it('writes every type as the text the general path gives it, JSON-escaped', () => {
    const random = seededRandom(0x7a1e);
    for (let round = 0; round < 3000; round++) {
      const type = TYPES[round % TYPES.length]!;
      const fixed = FIXED_VALUE_SIZE[type];
      const size = fixed !== undefined && random() < 0.9 ? fixed : Math.floor(random() * 40);
      const bytes = randomBytes(random, size);
      if (type === VALUE_STRING || type === VALUE_ANSI_STRING) {
        // Mostly text-like: printable bytes, with the odd control, quote or non-ASCII byte.
        for (let i = 0; i < size; i++)
          if (random() < 0.8) bytes[i] = i % 2 === 1 && type === VALUE_STRING ? 0 : 0x20 + (bytes[i]! % 0x5f);
      }
      check(type, bytes);
    }
  });

  it('writes 64-bit integers on both sides of 2^53', () => {
    for (const high of [0, 1, 0x1f_ffff, 0x20_0000, 0x7fff_ffff, 0x8000_0000, 0xffe0_0000, 0xffff_ffff]) {
      for (const low of [0, 1, 0xffff_ffff]) {
        const bytes = Buffer.alloc(8);
        bytes.writeUInt32LE(low, 0);
        bytes.writeUInt32LE(high, 4);
        for (const type of [VALUE_INT64, VALUE_UINT64, VALUE_HEX_INT64, VALUE_SIZE_T]) check(type, bytes);
      }
    }
  });

  it('writes FILETIMEs and SYSTEMTIMEs at the edges of their text form', () => {
    const random = seededRandom(0xf11e);
    for (const high of [0, 0x01d1_d944, 0x1fff_ffff, 0x2000_0000, 0x24c8_5a5e, 0x7fff_ffff, 0xffff_ffff]) {
      const bytes = Buffer.alloc(8);
      bytes.writeUInt32LE(Math.floor(random() * 2 ** 32), 0);
      bytes.writeUInt32LE(high, 4);
      check(VALUE_FILETIME, bytes);
    }
    for (let round = 0; round < 200; round++) {
      const bytes = randomBytes(random, 16);
      if (round % 2 === 0) for (let i = 1; i < 16; i += 2) bytes[i] = 0; // small fields, the common layout
      check(VALUE_SYSTEMTIME, bytes);
    }
  });

  it('writes SIDs with any number of sub-authorities, and binary as upper-case hex', () => {
    const random = seededRandom(0x51d);
    for (let count = 0; count <= 15; count++) {
      const bytes = randomBytes(random, 8 + count * 4);
      bytes[1] = count;
      check(VALUE_SID, bytes);
    }
    for (const size of [0, 1, 7, 16, 200]) check(VALUE_BINARY, randomBytes(random, size));
  });
});
