/**
 * A zip entry's name as the archive spells it (APPNOTE 4.4.4 bit 11, Info-ZIP Unicode Path extra
 * field 0x7075), the same from a central directory record or a local header.
 */
import yauzl from 'yauzl';
import type { ExtraField } from 'yauzl';

/**
 * UTF-8 when flagged or in an Info-ZIP extra field, else CP437; `\` read as `/`, as yauzl did before
 * (archives made on Windows).
 */
export function zipEntryName(generalPurposeBitFlag: number, nameRaw: Buffer, extraFields: ExtraField[]): string {
  return yauzl.getFileNameLowLevel(generalPurposeBitFlag, nameRaw, extraFields, false);
}
