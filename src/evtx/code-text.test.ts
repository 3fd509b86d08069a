/**
 * Pins the alphabet keyword search relies on (`src/event/code-text.ts`): the text of every EVTX value
 * type the field plan calls code, for random and extreme values, as `get` gives it (JSON form) and as
 * text, stays inside `CODE_CHARACTERS`.
 */
import { describe, expect, it } from 'vitest';
import { CODE_CHARACTERS } from '../event/index.js';
import type { Scalar } from './binxml/nodes.js';
import {
  FIXED_VALUE_SIZE,
  VALUE_ARRAY_BIT,
  VALUE_BINARY,
  VALUE_EVT_HANDLE,
  VALUE_EVT_XML,
  VALUE_NULL,
  VALUE_REAL32,
  VALUE_REAL64,
  VALUE_SID,
  VALUE_SIZE_T,
} from './binxml/value-types.js';
import { readArray, readScalar, scalarText } from './binxml/values.js';
import { makeFieldPlan } from './field-plan.js';

const allowed = new Set(CODE_CHARACTERS);
const outside = (text: string): string[] => [...text].filter((c) => !allowed.has(c));

/** Both texts a value can be matched as: its text form and the JSON form `get` gives. */
function texts(value: Scalar): string[] {
  return [scalarText(value), String(typeof value === 'bigint' ? Number(value) : value)];
}

let seed = 0x5eed;
function random(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed;
}

function randomBytes(size: number): Uint8Array {
  return Uint8Array.from({ length: size }, () => random() & 0xff);
}

function sidBytes(count: number): Uint8Array {
  const bytes = randomBytes(8 + 4 * count);
  bytes[1] = count;
  return bytes;
}

const FIXED_TYPES = Object.keys(FIXED_VALUE_SIZE).map(Number);
const CODE_TYPES = [...FIXED_TYPES, VALUE_NULL, VALUE_SID, VALUE_SIZE_T, VALUE_BINARY, VALUE_EVT_HANDLE, VALUE_EVT_XML];

describe('code value texts', () => {
  it('every type the field plan calls code is code in the plan', () => {
    for (const type of CODE_TYPES) {
      for (const t of [type, type | VALUE_ARRAY_BIT]) {
        const plan = makeFieldPlan(['f'], [{ kind: 'json', index: 0, item: t === type ? -1 : 0, type: t }]);
        expect(plan.codeSlots[0], `type 0x${t.toString(16)}`).toBe(1);
      }
    }
    expect(makeFieldPlan(['f'], [{ kind: 'text', index: 0, item: -1, type: 0x01 }]).codeSlots[0]).toBe(0);
    expect(makeFieldPlan(['f'], [{ kind: 'text', index: 0, item: -1, type: 0x02 }]).codeSlots[0]).toBe(0);
  });

  it('stay inside CODE_CHARACTERS for random values of every code type', () => {
    for (let round = 0; round < 2000; round++) {
      for (const type of CODE_TYPES) {
        const size =
          type === VALUE_SID
            ? 0
            : (FIXED_VALUE_SIZE[type] ?? (type === VALUE_SIZE_T ? [4, 8, 3][round % 3]! : random() % 40));
        const bytes = type === VALUE_SID ? sidBytes(random() % 16) : randomBytes(size);
        const view = new DataView(bytes.buffer);
        const value = readScalar(bytes, view, type, 0, bytes.length);
        for (const text of texts(value)) expect(outside(text), `type 0x${type.toString(16)}: ${text}`).toEqual([]);
      }
    }
  });

  it('stay inside CODE_CHARACTERS for extreme reals and array items', () => {
    const reals: number[] = [NaN, Infinity, -Infinity, -0, 1e300, -1e-300, 5e-324, 3.4028234663852886e38, 1.5e-7];
    for (const real of reals) {
      const bytes = new Uint8Array(8);
      const view = new DataView(bytes.buffer);
      view.setFloat64(0, real, true);
      for (const text of texts(readScalar(bytes, view, VALUE_REAL64, 0, 8))) expect(outside(text)).toEqual([]);
      view.setFloat32(0, real, true);
      for (const text of texts(readScalar(bytes, view, VALUE_REAL32, 0, 4))) expect(outside(text)).toEqual([]);
    }
    for (const type of FIXED_TYPES) {
      const bytes = randomBytes(FIXED_VALUE_SIZE[type]! * 5);
      for (const item of readArray(bytes, new DataView(bytes.buffer), type | VALUE_ARRAY_BIT, 0, bytes.length))
        for (const text of texts(item)) expect(outside(text)).toEqual([]);
    }
  });
});
