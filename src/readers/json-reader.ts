/**
 * The JSON log reader: a file of Windows events exported as JSON (evtx_dump, Winlogbeat/ECS,
 * NXLog and Security-Datasets, in any layout `JsonValueScanner` splits) as batches of `Event`s.
 * The file is read in chunks, so memory stays bounded whatever its size. Every value that does
 * not become an event is one reported, counted issue: broken JSON, a value that is no object, an
 * object of no known shape (`json-shapes/json-shape-registry.ts`).
 */
import type { DataIssue, Event, IssueSink } from '../event/index.js';
import { fileChunks } from './file-chunks.js';
import type { JsonScanIssue } from './json-scan-issue.js';
import { JsonValueScanner } from './json-value-scanner.js';
import { isJsonObject, type JsonShape } from './json-shapes/json-shape.js';
import { findJsonShape, JSON_SHAPES } from './json-shapes/json-shape-registry.js';
import type { EventBatch, ReadOptions, StreamLogReader } from './log-reader.js';
/** Events per batch (STYLE.md §7). */
export const JSON_BATCH_EVENTS = 1000;

/** Members listed in an UNKNOWN_JSON_SHAPE message, enough to recognise the producer. */
const KEYS_SHOWN = 6;

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a JSON array';
  if (value === null) return 'JSON null';
  return `a JSON ${typeof value}`;
}

function scanIssue(file: string, issue: JsonScanIssue): DataIssue {
  return {
    code: issue.code,
    message: issue.message,
    file,
    line: issue.line,
    column: issue.column,
    offset: issue.offset,
    skipped: issue.skipped,
  };
}

export class JsonReader implements StreamLogReader {
  readonly format = 'json' as const;
  private readonly shapes: readonly JsonShape[];

  /** `shapes`: the shapes to recognise, in order (the registry's by default). */
  constructor(shapes: readonly JsonShape[] = JSON_SHAPES) {
    this.shapes = shapes;
  }

  /**
   * Yields the file's events in file order, about `JSON_BATCH_EVENTS` at a time.
   * @throws only when the file cannot be opened or read.
   */
  read(path: string, options: ReadOptions): AsyncGenerator<EventBatch> {
    return this.readStream(fileChunks(path), path, options);
  }

  /** Yields the events of a stream of JSON bytes named `name`, in order. */
  async *readStream(chunks: AsyncIterable<Buffer>, name: string, options: ReadOptions): AsyncGenerator<EventBatch> {
    const scanner = new JsonValueScanner();
    const sink = options.sink;
    let batch: Event[] = [];
    let outcomes = 0;
    const iterator = chunks[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) scanner.end();
        else scanner.push(next.value);
        for (let step = scanner.next(); step === 'value' || step === 'issue'; step = scanner.next()) {
          outcomes++;
          if (step === 'issue') {
            sink.report(scanIssue(name, scanner.issue!));
            continue;
          }
          this.addEvents(name, scanner, sink, batch);
          if (batch.length >= JSON_BATCH_EVENTS) {
            yield { events: batch, bytesRead: scanner.consumedBytes };
            batch = [];
          }
        }
        if (next.done === true) break;
      }
    } finally {
      // A consumer that stops early ends the source too, so the file is closed now, not at GC.
      await iterator.return?.();
    }
    if (batch.length > 0) yield { events: batch, bytesRead: scanner.consumedBytes };
    if (outcomes === 0) {
      sink.report({
        code: 'EMPTY_JSON',
        message: 'the file holds no JSON value',
        file: name,
        line: scanner.currentLine,
        offset: scanner.consumedBytes,
        skipped: 'file',
      });
    }
  }

  /** Adds the events of the scanner's current value to `out`, or reports why there are none. */
  private addEvents(file: string, scanner: JsonValueScanner, sink: IssueSink, out: Event[]): void {
    const value = scanner.value;
    const source = { file, line: scanner.valueLine, offset: scanner.valueOffset };
    let why: string;
    if (!isJsonObject(value)) {
      why = `${describeValue(value)}, not an object`;
    } else {
      const shape = findJsonShape(value, this.shapes);
      if (shape?.toEvents !== undefined) {
        if (shape.toEvents(value, source, out, sink) > 0) return;
      } else {
        const event = shape?.toEvent(value, source);
        if (event !== undefined) {
          out.push(event);
          return;
        }
      }
      const keys = Object.keys(value);
      const shown = keys.slice(0, KEYS_SHOWN).join(', ') + (keys.length > KEYS_SHOWN ? ', …' : '');
      why =
        shape === undefined
          ? `an object of no known shape (members: ${shown || 'none'})`
          : `a ${shape.name} object without what an event needs`;
    }
    sink.report({
      code: 'UNKNOWN_JSON_SHAPE',
      message: `skipped ${why}`,
      file,
      line: source.line,
      column: scanner.valueColumn,
      offset: source.offset,
      skipped: 'record',
    });
  }
}

/** The shared JSON reader with every registered shape. */
export const JSON_READER: StreamLogReader = new JsonReader();
