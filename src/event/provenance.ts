/** Where an event came from, precise enough for an analyst to find the record again. */
export interface Provenance {
  readonly file: string;
  /** Bytes from the start of the file (for text formats: the start of the line). */
  readonly offset: number;
  /** The record's own id when the format has one (EVTX EventRecordID, audit serial). */
  readonly recordId?: number | string;
  /** 1-based line number for line-oriented text formats. */
  readonly line?: number;
  /** 0-based EVTX chunk index, when the record came from an EVTX chunk. */
  readonly chunk?: number;
}
