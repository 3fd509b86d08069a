/**
 * A shape of JSON document that some tool writes for one event (evtx_dump, Winlogbeat, NXLog …):
 * how to recognise it and how to turn it into the project's `Event`. Each object of a file is
 * recognised on its own, so files may mix shapes; a new source is one more module in
 * `json-shape-registry.ts`.
 */
import type { Event, IssueSink } from '../../event/index.js';

/** A parsed JSON object, read only. */
export type JsonObject = { readonly [key: string]: unknown };

/** Where in the file the object starts. */
export interface JsonSource {
  readonly file: string;
  /** 1-based line of the object's first character. */
  readonly line: number;
  /** Bytes from the start of the file to the object's first character. */
  readonly offset: number;
}

export interface JsonShape {
  /** Stable name, shown in issues and summaries: `evtx-dump`, `winlogbeat` … */
  readonly name: string;
  /** Cheap test on a few members; it decides which shape reads the object. */
  matches(object: JsonObject): boolean;
  /** The event, or undefined when the object has the shape but not what an event needs. */
  toEvent(object: JsonObject, source: JsonSource): Event | undefined;
  /**
   * For sources where one object holds several events (a laurel audit event: one event per record
   * plus the derived process_creation): appends them to `out` and returns how many; the reader then
   * uses this instead of `toEvent`. Problems inside the object go to `sink`.
   */
  toEvents?(object: JsonObject, source: JsonSource, out: Event[], sink: IssueSink): number;
  /**
   * For a shape that keeps state from one object to the next of the same stream (laurel: the
   * processes seen so far, the parents of later ones): a fresh copy for a new stream. The reader
   * calls it once per stream; a shape without it is shared by every stream.
   */
  forStream?(): JsonShape;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
