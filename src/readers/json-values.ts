/**
 * Splits text already in memory into its top-level JSON values, the same way the streaming
 * `JsonValueScanner` splits a file: NDJSON, pretty-printed objects run together, or a JSON array
 * of objects (its items one by one). A value that does not parse is reported with its line and
 * skipped; the scan goes on, so one broken record never loses the rest of the input.
 */
import { JsonValueScanner } from './json-value-scanner.js';

export interface JsonValue {
  readonly value: unknown;
  /** 1-based line where the value starts. */
  readonly line: number;
  /** Bytes (of the UTF-8 text) before the value. */
  readonly offset: number;
}

export interface JsonValueError {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly message: string;
}

/** Yields every top-level value, and reports each broken one to `onError`. */
export function* splitJsonValues(
  text: string | Uint8Array,
  onError: (error: JsonValueError) => void,
): Generator<JsonValue> {
  const scanner = new JsonValueScanner();
  scanner.push(
    typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text.buffer, text.byteOffset, text.byteLength),
  );
  scanner.end();
  for (let step = scanner.next(); step !== 'end'; step = scanner.next()) {
    if (step === 'value') {
      yield { value: scanner.value, line: scanner.valueLine, offset: scanner.valueOffset };
    } else if (step === 'issue' && scanner.issue !== undefined) {
      const { line, column, offset, message } = scanner.issue;
      onError({ line, column, offset, message });
    }
  }
}
