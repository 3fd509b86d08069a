/**
 * Everything done to one chunk, on whichever thread holds it: header checks, the record walk, and
 * per record the wanted output (JSON lines, XML, events, or only a count). A record that fails is
 * reported with its id and byte offset and skipped; the chunk goes on. Issues are returned with the
 * output, so the caller reports them in file order whatever thread did the work.
 */
import type { DataIssue } from '../event/index.js';
import { flattenWindowsEventJson } from '../event/index.js';
import type { Scalar } from './binxml/nodes.js';
import { TOKEN_EOF, TOKEN_FRAGMENT_HEADER, TOKEN_TEMPLATE_INSTANCE } from './binxml/tokens.js';
import { VALUE_ARRAY_BIT } from './binxml/value-types.js';
import { readScalar } from './binxml/values.js';
import type { ChunkHeader } from './chunk-header.js';
import { EvtxChunk, type ChunkLocation } from './chunk.js';
import { CompiledTemplates, planOf, type TemplateVariant } from './compiled-template.js';
import { EvtxEvent } from './evtx-event.js';
import { EvtxFormatError } from './evtx-format-error.js';
import { constantPlan, valueAt, type SubstitutionValues } from './field-plan.js';
import { FlatInstance } from './flat-instance.js';
import { recordNodes, type EvtxRecord } from './record.js';
import { renderJsonText } from './render-json.js';
import { renderXmlText } from './render-xml.js';

/** What to make of each record: JSON lines, XML, events, or nothing but a count. */
export type ChunkOutputKind = 'jsonl' | 'xml' | 'events' | 'count';

/** How to process a chunk. */
export interface ChunkOptions {
  readonly output: ChunkOutputKind;
  /** Use compiled template skeletons where they apply (default true); false forces the general path. */
  readonly compiled?: boolean;
}

/** What one chunk gave: header facts, the records in the wanted form, and its issues. */
export interface ChunkOutput {
  readonly location: ChunkLocation;
  /** Undefined for an all-zero chunk or one too short for a header. */
  readonly header: ChunkHeader | undefined;
  readonly isEmpty: boolean;
  readonly recordCount: number;
  /** `jsonl` and `xml`: one record per line (XML: records separated by a blank line), each ending in `\n`. */
  readonly text: string;
  /** `events` only. */
  readonly events: readonly EvtxEvent[];
  readonly issues: readonly DataIssue[];
}

/**
 * Reads a record that is a fragment header (4 bytes) then one template instance — nearly every
 * record — into `flat`. False for other shapes: content after the instance (another token than
 * end-of-stream; bytes after end-of-stream are padding no parser reads) or nested shapes `flat`
 * cannot unfold.
 */
function readFlat(chunk: EvtxChunk, record: EvtxRecord, flat: FlatInstance): boolean {
  const at = record.dataStart;
  const bytes = chunk.bytes;
  if (bytes[at] !== TOKEN_FRAGMENT_HEADER || bytes[at + 4] !== TOKEN_TEMPLATE_INSTANCE) return false;
  if (!flat.read(chunk.reader, at + 4, record.dataEnd)) return false;
  return flat.end >= record.dataEnd || bytes[flat.end] === TOKEN_EOF;
}

function decodeUsed(chunk: EvtxChunk, instance: FlatInstance, variant: TemplateVariant): SubstitutionValues {
  const values = new Array<Scalar | readonly Scalar[] | undefined>(instance.types.length);
  for (const index of variant.used) {
    const type = instance.types[index]!;
    values[index] =
      type & VALUE_ARRAY_BIT
        ? instance.arrays[index]
        : readScalar(chunk.bytes, chunk.view, type, instance.offsets[index]!, instance.sizes[index]!);
  }
  return values;
}

/**
 * Whether a string holds a character JSON must escape: a quote, a backslash or a control character
 * (lone surrogates cannot occur: `utf16.ts` replaces them).
 */
function needsEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) return true;
  }
  return false;
}

/** A JSON string body; most values need no escaping, and skipping JSON.stringify for them saves ~⅓. */
function jsonBody(text: string): string {
  return needsEscape(text) ? JSON.stringify(text).slice(1, -1) : text;
}

function fillJson(variant: TemplateVariant, parts: readonly string[], values: SubstitutionValues): string {
  let out = parts[0]!;
  const holes = variant.holes;
  for (let h = 0; h < holes.length; h++) {
    const hole = holes[h]!;
    const value = valueAt(values, hole.index, hole.item)!;
    const text = typeof value === 'string' ? value : String(value);
    out += (hole.isBare ? text : hole.isText ? jsonBody(text) : `"${jsonBody(text)}"`) + parts[h + 1]!;
  }
  return out;
}

class ChunkRun {
  readonly chunk: EvtxChunk;
  readonly options: ChunkOptions;
  readonly compiled = new CompiledTemplates();
  /** Scratch for the record being read (see `flat-instance.ts`). */
  readonly flat = new FlatInstance();
  readonly issues: DataIssue[] = [];
  readonly events: EvtxEvent[] = [];
  /**
   * Rendered records, joined once at the end: one flat string clones to the main thread in a
   * fraction of the time a rope of thousands of `+=` pieces takes (measured in the worker pool).
   */
  readonly lines: string[] = [];
  recordCount = 0;

  constructor(chunk: EvtxChunk, options: ChunkOptions) {
    this.chunk = chunk;
    this.options = options;
  }

  private variantOf(record: EvtxRecord): TemplateVariant | undefined {
    if (this.options.compiled === false || !readFlat(this.chunk, record, this.flat)) return undefined;
    return this.compiled.variant(this.flat);
  }

  private event(record: EvtxRecord): EvtxEvent | undefined {
    const { file, index, fileOffset } = this.chunk.location;
    const provenance = { file, offset: fileOffset + record.offset, recordId: record.id, chunk: index };
    const variant = this.variantOf(record);
    const plan = variant === undefined ? undefined : planOf(variant);
    if (variant !== undefined && plan !== undefined)
      return new EvtxEvent(plan, decodeUsed(this.chunk, this.flat, variant), provenance);
    const fields = flattenWindowsEventJson(JSON.parse(renderJsonText(recordNodes(this.chunk.reader, record))));
    if (fields === undefined) {
      this.issues.push(
        this.chunk.issue('BAD_RECORD', 'record has no System element', record.offset, 'record', record.id),
      );
      return undefined;
    }
    return new EvtxEvent(constantPlan(fields), [], provenance);
  }

  private json(record: EvtxRecord): string {
    const variant = this.variantOf(record);
    if (variant?.parts !== undefined)
      return fillJson(variant, variant.parts, decodeUsed(this.chunk, this.flat, variant));
    return renderJsonText(recordNodes(this.chunk.reader, record));
  }

  record(record: EvtxRecord): void {
    switch (this.options.output) {
      case 'jsonl':
        this.lines.push(`${this.json(record)}\n`);
        break;
      case 'xml':
        this.lines.push(`${renderXmlText(recordNodes(this.chunk.reader, record))}\n\n`);
        break;
      case 'events': {
        const event = this.event(record);
        if (event === undefined) return;
        this.events.push(event);
        break;
      }
      case 'count':
        recordNodes(this.chunk.reader, record);
        break;
      default:
        this.options.output satisfies never;
    }
    this.recordCount++;
  }

  run(): void {
    const records = this.chunk.records({ report: (issue) => this.issues.push(issue) });
    for (const record of records ?? []) {
      try {
        this.record(record);
      } catch (caught) {
        // A DataView read past the chunk is a bounds check this parser missed: still bad data.
        const error =
          caught instanceof RangeError ? new EvtxFormatError('TRUNCATED', record.offset, caught.message) : caught;
        if (!(error instanceof EvtxFormatError)) throw error;
        const at =
          error.chunkOffset >= record.offset && error.chunkOffset < record.offset + record.size
            ? error.chunkOffset
            : record.offset;
        this.issues.push(this.chunk.issue(error.code, error.message, at, 'record', record.id));
      }
    }
  }
}

/** Parses one chunk's bytes into the wanted output. Never throws for bad data. */
export function processChunk(bytes: Uint8Array, location: ChunkLocation, options: ChunkOptions): ChunkOutput {
  const chunk = new EvtxChunk(bytes, location);
  const run = new ChunkRun(chunk, options);
  run.run();
  return {
    location,
    header: chunk.header,
    isEmpty: chunk.isEmpty,
    recordCount: run.recordCount,
    text: run.lines.join(''),
    events: run.events,
    issues: run.issues,
  };
}
