/**
 * An event record inside a chunk: "**\0\0" signature, size, record id, written FILETIME, the BinXML
 * data, and a copy of the size at its end (libyal's EVTX notes, "Event record").
 */
import type { BinXmlReader } from './binxml/binxml-reader.js';
import { DIRECT_STREAM } from './binxml/binxml-reader.js';
import type { XmlNode } from './binxml/nodes.js';

export const RECORD_SIGNATURE = 0x00002a2a;
/** Signature, size, id and written time before the BinXML data. */
export const RECORD_HEADER_SIZE = 24;
/** The smallest record: header plus the trailing size copy. */
export const MIN_RECORD_SIZE = RECORD_HEADER_SIZE + 4;

/** A record header found by the chunk walk: where the record and its BinXML lie. */
export interface EvtxRecord {
  /** Chunk-relative offset of the record signature. */
  readonly offset: number;
  readonly size: number;
  /** The EventRecordID the record header carries. */
  readonly id: number;
  readonly writtenFiletimeLow: number;
  readonly writtenFiletimeHigh: number;
  /** Chunk-relative range of the BinXML data. */
  readonly dataStart: number;
  readonly dataEnd: number;
}

/** Parses a record's BinXML into resolved nodes (the general path); throws `EvtxFormatError`. */
export function recordNodes(reader: BinXmlReader, record: EvtxRecord): XmlNode[] {
  return reader.parseFragment(record.dataStart, record.dataEnd, DIRECT_STREAM, 0)[0];
}
