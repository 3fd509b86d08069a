/**
 * The normalized event every reader produces and every rule sees: Sigma-named fields behind one
 * `get`, plus the few facts the pipeline needs without a field lookup (time, host, logsource class).
 * Readers may implement it lazily (EVTX events resolve fields through their template).
 */
import type { FieldValue } from './field-value.js';
import type { LogsourceClass } from './logsource-class.js';
import type { KeywordSearch } from './keyword-search.js';
import type { Provenance } from './provenance.js';

export interface Event {
  /** Epoch milliseconds, UTC; NaN when the record carries no usable time. */
  readonly time: number;
  /** The host the record was written on (Windows `Computer`, auditd `node`, journald `_HOSTNAME`). */
  readonly host: string | undefined;
  readonly logsource: LogsourceClass;
  readonly provenance: Provenance;
  /** The field's value under its native name, or undefined when the event does not carry it. */
  get(field: string): FieldValue | undefined;
  /** Every field name the event carries, in a stable order (for keyword search and output). */
  fieldNames(): readonly string[];
  /**
   * Optional: true when the field is known to hold a number, boolean, hex integer, GUID, SID, time
   * or binary, whose text uses only `CODE_CHARACTERS` — known without decoding the value.
   */
  isCodeField?(field: string): boolean;
  /**
   * Optional: whether some field's text contains one of the search's words, ignoring case (fields
   * `isCodeField` names passed over when `skipCode`) — what a field-by-field `search.inValue` would
   * answer, for readers that can answer it without decoding their values (EVTX).
   */
  holdsKeyword?(search: KeywordSearch, skipCode: boolean): boolean;
}
