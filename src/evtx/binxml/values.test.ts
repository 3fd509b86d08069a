import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/benign-events.js';
import { filetimeTextEpochMs, formatFiletime } from './format-time.js';
import { readArray, readScalar, scalarFits } from './values.js';
import {
  VALUE_BOOL,
  VALUE_FILETIME,
  VALUE_GUID,
  VALUE_HEX_INT32,
  VALUE_HEX_INT64,
  VALUE_INT32,
  VALUE_INT64,
  VALUE_ANSI_STRING,
  VALUE_REAL32,
  VALUE_REAL64,
  VALUE_SID,
  VALUE_SIZE_T,
  VALUE_STRING,
  VALUE_SYSTEMTIME,
  VALUE_UINT64,
} from './value-types.js';

function read(type: number, hex: string) {
  const bytes = Buffer.from(hex.replace(/ /g, ''), 'hex');
  return readScalar(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.length), type, 0, bytes.length);
}

describe('BinXML values', () => {
  it('writes a GUID upper-case without braces, first three groups little-endian', () => {
    expect(read(VALUE_GUID, '5f3870 57 2ac2 e043 bf4c 06f5698ffbd9'.replace(/ /g, ''))).toBe(
      '5770385F-C22A-43E0-BF4C-06F5698FFBD9',
    );
  });

  it('writes a SID with its big-endian authority and little-endian sub-authorities', () => {
    expect(read(VALUE_SID, '0101 000000000005 12000000')).toBe('S-1-5-18');
  });

  it('writes FILETIMEs as ISO 8601 UTC with microseconds, exactly for 64-bit tick counts', () => {
    expect(read(VALUE_FILETIME, '00000000 00000000')).toBe('1601-01-01T00:00:00.000000Z');
    // 0x01d1d94457579618: Python's datetime(1601, 1, 1) + timedelta(microseconds=v // 10) agrees.
    expect(formatFiletime(0x5757_9618, 0x01d1_d944)).toBe('2016-07-08T18:12:51.681640Z');
    expect(read(VALUE_FILETIME, 'ffffffff ffffffff')).toBe('60056-05-28T05:36:10.955161Z');
  });

  it('writes a SYSTEMTIME with its milliseconds as microseconds', () => {
    expect(read(VALUE_SYSTEMTIME, 'e207 0700 0500 0600 1200 2600 2600 2b03')).toBe('2018-07-06T18:38:38.811000Z');
  });

  it('writes hex integers lower-case without padding and size_t by its width', () => {
    expect(read(VALUE_HEX_INT32, 'e7030000')).toBe('0x3e7');
    expect(read(VALUE_HEX_INT64, '00000000 00000080')).toBe('0x8000000000000000');
    expect(read(VALUE_SIZE_T, '4c020000 00000000')).toBe('0x24c');
  });

  it('keeps 64-bit integers exact past 2^53 and reads any non-zero boolean as true', () => {
    expect(read(VALUE_UINT64, 'ffffffff ffffffff')).toBe(18446744073709551615n);
    expect(read(VALUE_INT32, 'ffffffff')).toBe(-1);
    expect(read(VALUE_BOOL, '02000000')).toBe(true);
    expect(read(VALUE_BOOL, '00000000')).toBe(false);
  });

  it('reads 64-bit integers as exact numbers up to 2^53 and bigints beyond, on either side of the fast path', () => {
    expect(read(VALUE_UINT64, 'ffffffff ffff1f00')).toBe(2 ** 53 - 1);
    expect(read(VALUE_UINT64, '00000000 00002000')).toBe(9007199254740992n);
    expect(read(VALUE_INT64, '01000000 0000e0ff')).toBe(-(2 ** 53 - 1));
    expect(read(VALUE_INT64, '00000000 0000e0ff')).toBe(-9007199254740992n);
    expect(read(VALUE_INT64, 'ffffffff ffffffff')).toBe(-1);
  });

  it('gives the epoch ms of the text a FILETIME prints, without printing it', () => {
    const random = seededRandom(0xe90c);
    for (let round = 0; round < 2000; round++) {
      const low = Math.floor(random() * 2 ** 32);
      const high = Math.floor(random() * 2 ** 29);
      const text = formatFiletime(low, high);
      const [, y, mo, d, h, mi, s, ms] = /^(\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{3})/.exec(text)!.map(Number);
      expect(filetimeTextEpochMs(low, high), text).toBe(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!));
    }
    expect(filetimeTextEpochMs(0, 2 ** 29)).toBeUndefined();
  });

  it('says a value fits exactly when readScalar reads it without throwing', () => {
    const random = seededRandom(0xf175);
    for (let round = 0; round < 3000; round++) {
      const type = Math.floor(random() * 0x24);
      const bytes = Buffer.from(Array.from({ length: Math.floor(random() * 24) }, () => Math.floor(random() * 256)));
      if (type === VALUE_SID && bytes.length > 1) bytes[1] = bytes[1]! % 17;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
      let threw = false;
      try {
        readScalar(bytes, view, type, 0, bytes.length);
      } catch {
        threw = true;
      }
      expect(scalarFits(bytes, type, 0, bytes.length), `type 0x${type.toString(16)} size ${bytes.length}`).toBe(!threw);
    }
  });

  it('writes a 32-bit float by its shortest round-trip text, and negative zero with its sign', () => {
    expect(read(VALUE_REAL32, 'cdcccc3d')).toBe('0.1');
    expect(read(VALUE_REAL32, '00000080')).toBe('-0');
    expect(read(VALUE_REAL64, '0000000000000080')).toBe('-0');
    expect(read(VALUE_REAL64, '0000000000000000')).toBe('0');
  });

  it('stops a substitution string at its first NUL and splits string arrays on NULs', () => {
    expect(read(VALUE_STRING, '61006200 0000 6300')).toBe('ab');
    expect(read(VALUE_ANSI_STRING, '6162 00 6364 00')).toBe('ab');
    const bytes = Buffer.from('610000000000620063000000', 'hex');
    expect(readArray(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.length), 0x81, 0, bytes.length)).toEqual(
      ['a', '', 'bc'],
    );
  });
});
