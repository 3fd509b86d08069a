/**
 * The JSON log reader: a file of Windows events exported as JSON (evtx_dump, Winlogbeat/ECS,
 * NXLog and Security-Datasets, in any layout `JsonValueScanner` splits) as batches of `Event`s.
 * The file is read in chunks, so memory stays bounded whatever its size. Every value that does
 * not become an event is one reported, counted issue: broken JSON, a value that is no object, an
 * object of no known shape (`json-shapes/json-shape-registry.ts`).
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { DataIssue, Event, IssueSink } from '../event/index.js';
import type { JsonScanIssue } from './json-scan-issue.js';
import { JsonValueScanner } from './json-value-scanner.js';
import { isJsonObject, type JsonShape } from './json-shapes/json-shape.js';
import { findJsonShape, JSON_SHAPES } from './json-shapes/json-shape-registry.js';
import type { EventBatch, LogReader, ReadOptions } from './log-reader.js';

/** Bytes per read: large enough that the per-read cost vanishes, small enough to stay flat. */
const READ_BYTES = 1024 * 1024;
/** Events per batch (STYLE.md §7). */
export const JSON_BATCH_EVENTS = 1000;

/** Members listed in an UNKNOWN_JSON_SHAPE message, enough to recognise the producer. */
const KEYS_SHOWN = 6;

/** The next chunk of the file, or undefined at its end; a fresh buffer, as the scanner keeps views. */
async function readChunk(handle: FileHandle): Promise<Buffer | undefined> {
  const chunk = Buffer.allocUnsafe(READ_BYTES);
  const { bytesRead } = await handle.read(chunk, 0, READ_BYTES, null);
  return bytesRead === 0 ? undefined : chunk.subarray(0, bytesRead);
}

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

export class JsonReader implements LogReader {
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
  async *read(path: string, options: ReadOptions): AsyncGenerator<EventBatch> {
    const handle = await open(path, 'r');
    let reading = readChunk(handle);
    try {
      const scanner = new JsonValueScanner();
      const sink = options.sink;
      let batch: Event[] = [];
      let outcomes = 0;
      for (;;) {
        const chunk = await reading;
        // The next read runs while this chunk is scanned (a tenth of the time was spent waiting).
        if (chunk !== undefined) reading = readChunk(handle);
        if (chunk === undefined) scanner.end();
        else scanner.push(chunk);
        for (let step = scanner.next(); step === 'value' || step === 'issue'; step = scanner.next()) {
          outcomes++;
          if (step === 'issue') {
            sink.report(scanIssue(path, scanner.issue!));
            continue;
          }
          const event = this.toEvent(path, scanner, sink);
          if (event === undefined) continue;
          batch.push(event);
          if (batch.length >= JSON_BATCH_EVENTS) {
            yield { events: batch, bytesRead: scanner.consumedBytes };
            batch = [];
          }
        }
        if (chunk === undefined) break;
      }
      if (batch.length > 0) yield { events: batch, bytesRead: scanner.consumedBytes };
      if (outcomes === 0) {
        sink.report({
          code: 'EMPTY_JSON',
          message: 'the file holds no JSON value',
          file: path,
          line: scanner.currentLine,
          offset: scanner.consumedBytes,
          skipped: 'file',
        });
      }
    } finally {
      // A consumer that stops early leaves one read in flight: let it settle, then close.
      await reading.catch(() => undefined);
      await handle.close();
    }
  }

  /** The event of the scanner's current value, or undefined after reporting why there is none. */
  private toEvent(file: string, scanner: JsonValueScanner, sink: IssueSink): Event | undefined {
    const value = scanner.value;
    const source = { file, line: scanner.valueLine, offset: scanner.valueOffset };
    const column = scanner.valueColumn;
    let why: string;
    if (!isJsonObject(value)) {
      why = `${describeValue(value)}, not an object`;
    } else {
      const shape = findJsonShape(value, this.shapes);
      const event = shape?.toEvent(value, source);
      if (event !== undefined) return event;
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
      column,
      offset: source.offset,
      skipped: 'record',
    });
    return undefined;
  }
}

/** The shared JSON reader with every registered shape. */
export const JSON_READER: LogReader = new JsonReader();
