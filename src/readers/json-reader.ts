/**
 * The JSON log reader: a file of Windows events exported as JSON (evtx_dump, Winlogbeat/ECS,
 * NXLog and Security-Datasets, in any layout `JsonValueScanner` splits) as batches of `Event`s.
 * The file is read in chunks, so memory stays bounded whatever its size. Every value that does
 * not become an event is one reported, counted issue: broken JSON, a value that is no object, an
 * object of no known shape (`json-shapes/json-shape-registry.ts`), one that nests too deep.
 */
import type { DataIssue, Event, IssueSink } from '../event/index.js';
import { fileChunks } from './file-chunks.js';
import type { JsonScanIssue } from './json-scan-issue.js';
import { JsonValueScanner } from './json-value-scanner.js';
import { cutJsonNesting, MAX_JSON_NESTING } from './json-shapes/json-field-values.js';
import { isJsonObject, type JsonObject, type JsonShape, type JsonSource } from './json-shapes/json-shape.js';
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

/**
 * The record as the shapes read it: cut to `MAX_JSON_NESTING` levels (reported) when it nests
 * deeper, so no shape recurses without bound.
 */
function withinNesting(object: JsonObject, source: JsonSource, column: number, sink: IssueSink): JsonObject {
  const cut = cutJsonNesting(object);
  if (cut === undefined) return object;
  sink.report({
    code: 'JSON_TOO_DEEP',
    message: `a value nests deeper than ${MAX_JSON_NESTING} levels: the part below is cut to "[…]" or "{…}", the rest of the record is read`,
    file: source.file,
    line: source.line,
    column,
    offset: source.offset,
    skipped: 'field',
  });
  return cut;
}

/** Appends the shape's events of `object` to `out`; returns how many. */
function shapeEvents(shape: JsonShape, object: JsonObject, source: JsonSource, sink: IssueSink, out: Event[]): number {
  if (shape.toEvents !== undefined) return shape.toEvents(object, source, out, sink);
  const event = shape.toEvent(object, source);
  if (event === undefined) return 0;
  out.push(event);
  return 1;
}

/**
 * The document of an Elasticsearch hit (`{"_index", "_id", "_source": {…}}`, as search responses
 * and elasticdump write them), else the object itself: every shape reads the document, whatever
 * stored it (Winlogbeat, an evtx_dump or Security-Datasets import, laurel, journald).
 */
function hitSource(object: JsonObject): JsonObject {
  const source = object['_source'];
  return isJsonObject(source) && ('_index' in object || '_id' in object) ? source : object;
}

/**
 * The hits of an Elasticsearch search response (`{"hits": {"hits": [{"_source": …}, …]}}`, what a
 * Kibana or `curl _search` export holds); undefined for any other object.
 */
function searchHits(object: JsonObject): readonly unknown[] | undefined {
  const outer = object['hits'];
  const hits = isJsonObject(outer) ? outer['hits'] : undefined;
  return Array.isArray(hits) && hits.every((hit) => isJsonObject(hit) && isJsonObject(hit['_source']))
    ? hits
    : undefined;
}

/** Adds the events of one record to `out`, or reports why there are none. */
function addRecord(
  file: string,
  record: JsonObject,
  shape: JsonShape | undefined,
  source: JsonSource,
  column: number,
  sink: IssueSink,
  out: Event[],
): void {
  let code = 'UNKNOWN_JSON_SHAPE';
  let why: string;
  if (shape === undefined) {
    const keys = Object.keys(record);
    const shown = keys.slice(0, KEYS_SHOWN).join(', ') + (keys.length > KEYS_SHOWN ? ', …' : '');
    why = `an object of no known shape (members: ${shown || 'none'})`;
  } else {
    const before = out.length;
    try {
      if (shapeEvents(shape, record, source, sink, out) > 0) return;
      why = `a ${shape.name} object without what an event needs`;
    } catch (error) {
      // A record that still exhausts the stack or a length limit costs that record, not the hunt;
      // any other throw is our bug and surfaces.
      if (!(error instanceof RangeError)) throw error;
      out.length = before;
      code = 'BAD_JSON_RECORD';
      why = `a ${shape.name} object that could not be turned into an event (${error.message})`;
    }
  }
  reportSkipped(file, source, column, code, why, sink);
}

function reportSkipped(
  file: string,
  source: JsonSource,
  column: number,
  code: string,
  why: string,
  sink: IssueSink,
): void {
  sink.report({
    code,
    message: `skipped ${why}`,
    file,
    line: source.line,
    column,
    offset: source.offset,
    skipped: 'record',
  });
}

/** Adds the events of the scanner's current value to `out`, or reports why there are none. */
function addEvents(
  file: string,
  scanner: JsonValueScanner,
  shapes: readonly JsonShape[],
  sink: IssueSink,
  out: Event[],
): void {
  const value = scanner.value;
  const source = { file, line: scanner.valueLine, offset: scanner.valueOffset };
  const column = scanner.valueColumn;
  if (!isJsonObject(value)) {
    reportSkipped(file, source, column, 'UNKNOWN_JSON_SHAPE', `${describeValue(value)}, not an object`, sink);
    return;
  }
  const object = hitSource(withinNesting(value, source, column, sink));
  const shape = findJsonShape(object, shapes);
  const hits = shape === undefined ? searchHits(object) : undefined;
  if (hits === undefined || hits.length === 0) {
    addRecord(file, object, shape, source, column, sink, out);
    return;
  }
  // Each hit of a search response is a record of its own.
  for (const hit of hits) {
    const document = hitSource(hit as JsonObject);
    addRecord(file, document, findJsonShape(document, shapes), source, column, sink, out);
  }
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
    const shapes = this.shapes.map((shape) => shape.forStream?.() ?? shape);
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
          addEvents(name, scanner, shapes, sink, batch);
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
}

/** The shared JSON reader with every registered shape. */
export const JSON_READER: StreamLogReader = new JsonReader();
