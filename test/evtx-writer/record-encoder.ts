// One event record (libyal "Event record"): signature `**\0\0`, size, identifier, written time, the
// BinXML document — fragment header, the event's template instance, end-of-file token — padded to
// 8 bytes as Windows pads it, then a copy of the size.
import { ByteWriter } from './byte-writer.js';
import type { ChunkTables } from './chunk-tables.js';
import { TOKEN, writeFragmentHeader } from './binxml-template-body.js';
import { eventInstance } from './event-template.js';
import type { RecordDescription } from './evtx-description.js';
import { writeTemplateInstance } from './template-instance.js';
import { filetimeFromIso } from './windows-time.js';

export const RECORD_SIGNATURE = 0x00002a2a;
/** Where the BinXML starts inside a record: after signature, size, identifier and written time. */
export const RECORD_HEADER_SIZE = 24;
const RECORD_ALIGNMENT = 8;

/**
 * The bytes of one record placed at chunk offset `at` around a BinXML body: header, fragment
 * header, `body`, end-of-file token, padding and the size copy.
 */
export function frameRecord(at: number, recordId: bigint, written: bigint, body: (w: ByteWriter) => void): Buffer {
  const w = new ByteWriter(at);
  w.u32(RECORD_SIGNATURE).u32(0).u64(recordId).u64(written);
  writeFragmentHeader(w);
  body(w);
  w.u8(TOKEN.EOF);
  while ((w.size + 4) % RECORD_ALIGNMENT !== 0) w.u8(0);
  const size = w.size + 4;
  w.u32(size);
  w.patchU32(4, size);
  return w.toBuffer();
}

/** The bytes of one record placed at chunk offset `at`; adds its names and templates to `tables`. */
export function encodeRecord(r: RecordDescription, recordId: bigint, at: number, tables: ChunkTables): Buffer {
  return frameRecord(at, recordId, filetimeFromIso(r.writtenTime ?? r.timeCreated), (w) =>
    writeTemplateInstance(w, eventInstance(r, recordId), tables),
  );
}
