// What evtxexport (libevtx 20181227) prints for a value the writer encoded, learned by running it on
// files with one value of each type: hexadecimal types zero-padded, GUIDs in upper case, FILETIME
// with nine fractional digits, reals as C's %e with a 3-digit exponent. This is the test's model of
// the oracle; the writer itself never renders text.
import type { ScalarInput, TypedValue, ValueInput } from './evtx-description.js';
import { typedValue } from './value-encoding.js';

type Render = (v: ScalarInput) => string;

const hex =
  (digits: number): Render =>
  (v) =>
    `0x${BigInt(v as string)
      .toString(16)
      .padStart(digits, '0')}`;
const decimal: Render = (v) => BigInt(v as string).toString();

function real(v: ScalarInput): string {
  const [mantissa = '', exponent = '0'] = Number(v).toExponential(6).split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(3, '0')}`;
}

function filetime(v: ScalarInput): string {
  const [seconds, fraction = ''] = String(v).replace(/Z$/, '').split('.');
  return `${seconds ?? ''}.${fraction.padEnd(7, '0')}00Z`;
}

function systemTime(v: ScalarInput): string {
  const [seconds, fraction = ''] = String(v).replace(/Z$/, '').split('.');
  return `${seconds ?? ''}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
}

const RENDER: Record<Exclude<TypedValue['type'], 'Null'>, Render> = {
  String: String,
  AnsiString: String,
  Int8: decimal,
  UInt8: decimal,
  Int16: decimal,
  UInt16: decimal,
  Int32: decimal,
  UInt32: decimal,
  Int64: decimal,
  UInt64: decimal,
  Real32: real,
  Real64: real,
  Boolean: (v) => String(v === true || v === 1),
  Binary: (v) =>
    Buffer.from(v as Uint8Array)
      .toString('hex')
      .toUpperCase(),
  Guid: (v) => `{${String(v).replace(/[{}]/g, '').toUpperCase()}}`,
  FileTime: filetime,
  SystemTime: systemTime,
  Sid: String,
  HexInt32: hex(8),
  HexInt64: hex(16),
};

/**
 * The texts evtxexport prints for one field: one per array item (the element repeats), one empty
 * text for an empty array or string, none for NULL (the element is left out).
 */
export function renderedTexts(input: ValueInput): string[] {
  const typed = typedValue(input);
  if (typed.type === 'Null') return [];
  const render = RENDER[typed.type];
  if (!Array.isArray(typed.value)) return [render(typed.value as ScalarInput)];
  const items: readonly ScalarInput[] = typed.value;
  return items.length === 0 ? [''] : items.map(render);
}
