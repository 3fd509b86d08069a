/**
 * The codes of EVTX data issues, and the error the parser throws *inside* one record or chunk. The
 * record and chunk walks catch it and turn it into a `DataIssue` (STYLE.md §6): it never leaves a stream.
 */

/** Every problem the EVTX parser reports, as a stable code. */
export type EvtxIssueCode =
  | 'BAD_FILE_HEADER'
  | 'BAD_FILE_HEADER_CRC'
  | 'BAD_CHUNK_MAGIC'
  | 'BAD_CHUNK_HEADER_CRC'
  | 'BAD_CHUNK_DATA_CRC'
  | 'BAD_CHUNK_FREE_SPACE'
  | 'TRUNCATED_CHUNK'
  | 'MISSING_CHUNKS'
  | 'BAD_RECORD_HEADER'
  | 'BAD_RECORD'
  | 'TRUNCATED'
  | 'UNKNOWN_TOKEN'
  | 'UNKNOWN_VALUE_TYPE'
  | 'BAD_NAME'
  | 'BAD_TEMPLATE'
  | 'BAD_SUBSTITUTION'
  | 'LIMIT_EXCEEDED'
  | 'UNREADABLE_FILE';

/** Bad data inside a chunk, thrown by the parsers and turned into a `DataIssue` by the chunk pipeline. */
export class EvtxFormatError extends Error {
  override readonly name = 'EvtxFormatError';
  readonly code: EvtxIssueCode;
  /** Bytes from the start of the chunk buffer the parser was reading. */
  readonly chunkOffset: number;

  constructor(code: EvtxIssueCode, chunkOffset: number, detail: string) {
    super(detail);
    this.code = code;
    this.chunkOffset = chunkOffset;
  }
}
