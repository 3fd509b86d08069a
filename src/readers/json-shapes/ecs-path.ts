/**
 * An ECS field path (`winlog.event_data`, `process.hash.sha256`) split once, and its value in a
 * document that nests it (`{"winlog": {"channel": …}}`) or writes it dotted at the top
 * (`"winlog.channel"`), as Elasticsearch accepts both.
 */
import { isJsonObject, type JsonObject } from './json-shape.js';

/** An ECS path, split once when the mapping loads. */
export interface EcsPath {
  readonly dotted: string;
  readonly parts: readonly string[];
}

export function ecsPath(dotted: string): EcsPath {
  return { dotted, parts: dotted.split('.') };
}

/** The value at `path`, nested (`{"winlog": {"channel": …}}`) or written dotted at the top. */
export function lookup(document: JsonObject, path: EcsPath): unknown {
  let node: unknown = document;
  for (const part of path.parts) {
    if (!isJsonObject(node)) return document[path.dotted];
    node = node[part];
  }
  return node === undefined ? document[path.dotted] : node;
}
