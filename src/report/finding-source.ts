/**
 * Where a finding's event came from, made once from the event's provenance, and the key that names
 * the event across the pipeline: the findings, the correlation matches and the story records of one
 * event share it, so each can find the others.
 */
import type { Provenance } from '../event/index.js';
import type { FindingSource } from './finding.js';

export function sourceOf(p: Provenance, format: string): FindingSource {
  return {
    file: p.file,
    format,
    offset: p.offset,
    ...(p.recordId !== undefined ? { recordId: p.recordId } : {}),
    ...(p.line !== undefined ? { line: p.line } : {}),
    ...(p.chunk !== undefined ? { chunk: p.chunk } : {}),
  };
}

/** File and byte offset name one record; the record id tells apart events that share a line. */
export function eventKeyOf(source: FindingSource): string {
  return `${source.file}\u0000${source.offset}\u0000${source.recordId ?? ''}`;
}
