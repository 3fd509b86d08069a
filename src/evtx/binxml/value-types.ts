/**
 * BinXML value type codes (MS-EVEN6 §2.2.12, "Value types"); 0x80 marks an array of the base type.
 * The base types of fixed size map to that size in bytes in one table; variable-size types are not in it.
 */
export const VALUE_NULL = 0x00;
export const VALUE_STRING = 0x01;
export const VALUE_ANSI_STRING = 0x02;
export const VALUE_INT8 = 0x03;
export const VALUE_UINT8 = 0x04;
export const VALUE_INT16 = 0x05;
export const VALUE_UINT16 = 0x06;
export const VALUE_INT32 = 0x07;
export const VALUE_UINT32 = 0x08;
export const VALUE_INT64 = 0x09;
export const VALUE_UINT64 = 0x0a;
export const VALUE_REAL32 = 0x0b;
export const VALUE_REAL64 = 0x0c;
export const VALUE_BOOL = 0x0d;
export const VALUE_BINARY = 0x0e;
export const VALUE_GUID = 0x0f;
export const VALUE_SIZE_T = 0x10;
export const VALUE_FILETIME = 0x11;
export const VALUE_SYSTEMTIME = 0x12;
export const VALUE_SID = 0x13;
export const VALUE_HEX_INT32 = 0x14;
export const VALUE_HEX_INT64 = 0x15;
export const VALUE_EVT_HANDLE = 0x20;
export const VALUE_BINXML = 0x21;
export const VALUE_EVT_XML = 0x23;
export const VALUE_ARRAY_BIT = 0x80;

/** Fixed sizes of the base types that have one (array items use the same size). */
export const FIXED_VALUE_SIZE: Readonly<Record<number, number>> = {
  [VALUE_INT8]: 1,
  [VALUE_UINT8]: 1,
  [VALUE_INT16]: 2,
  [VALUE_UINT16]: 2,
  [VALUE_INT32]: 4,
  [VALUE_UINT32]: 4,
  [VALUE_INT64]: 8,
  [VALUE_UINT64]: 8,
  [VALUE_REAL32]: 4,
  [VALUE_REAL64]: 8,
  [VALUE_BOOL]: 4,
  [VALUE_GUID]: 16,
  [VALUE_FILETIME]: 8,
  [VALUE_SYSTEMTIME]: 16,
  [VALUE_HEX_INT32]: 4,
  [VALUE_HEX_INT64]: 8,
};

/** Types whose JSON form is a bare number or boolean (evtx_dump writes the rest as strings). */
export function isJsonNumberType(type: number): boolean {
  return (type >= VALUE_INT8 && type <= VALUE_UINT64) || type === VALUE_BOOL;
}

/** Whether a type code is one the parser knows (base or array). */
export function isKnownValueType(type: number): boolean {
  const base = type & ~VALUE_ARRAY_BIT;
  return base <= VALUE_HEX_INT64 || base === VALUE_EVT_HANDLE || base === VALUE_BINXML || base === VALUE_EVT_XML;
}
