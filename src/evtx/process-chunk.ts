/**
 * Everything done to one chunk, on whichever thread holds it: header checks, the record walk, and
 * per record the wanted output (JSON lines, XML, events, or only a count). A record that fails is
 * reported with its id and byte offset and skipped; the chunk goes on. Issues are returned with the
 * output, so the caller reports them in file order whatever thread did the work.
 */
import type { DataIssue } from '../event/index.js';
import { flattenWindowsEventJson } from '../event/index.js';
import { TOKEN_EOF, TOKEN_FRAGMENT_HEADER, TOKEN_TEMPLATE_INSTANCE } from './binxml/tokens.js';
import type { ChunkHeader } from './chunk-header.js';
import { EvtxChunk, type ChunkLocation } from './chunk.js';
import { CompiledTemplates, planOf, skeletonOf, type TemplateVariant } from './compiled-template.js';
import { EvtxEvent } from './evtx-event.js';
import { EvtxFormatError } from './evtx-format-error.js';
import { constantPlan } from './field-plan.js';
import { FlatInstance } from './flat-instance.js';
import { writeJsonRecord } from './json-skeleton.js';
import { ChunkValues, checkValues } from './record-values.js';
import { recordNodes, type EvtxRecord } from './record.js';
import { renderJsonText } from './render-json.js';
import { renderXmlText } from './render-xml.js';
import { Utf8Writer } from './utf8-writer.js';

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
  /**
   * `jsonl` and `xml`: the records as UTF-8, one record per line (XML: records separated by a blank
   * line), each ending in `\n`. A view that may share its buffer with other chunks' output.
   */
  readonly bytes: Uint8Array;
  /** `bytes` as a string (decoded on each access). */
  readonly text: string;
  /** `events` only. */
  readonly events: readonly EvtxEvent[];
  readonly issues: readonly DataIssue[];
}

/** Facts of a chunk's output besides its bytes and events: what crosses threads as plain data. */
export type ChunkFacts = Pick<ChunkOutput, 'location' | 'header' | 'isEmpty' | 'recordCount' | 'issues'>;

/** A chunk's output; `text` decodes `bytes` only when asked (tests read it, `dump` writes the bytes). */
export class ChunkResult implements ChunkOutput {
  readonly location: ChunkLocation;
  readonly header: ChunkHeader | undefined;
  readonly isEmpty: boolean;
  readonly recordCount: number;
  readonly bytes: Uint8Array;
  readonly events: readonly EvtxEvent[];
  readonly issues: readonly DataIssue[];

  constructor(facts: ChunkFacts, bytes: Uint8Array, events: readonly EvtxEvent[]) {
    this.location = facts.location;
    this.header = facts.header;
    this.isEmpty = facts.isEmpty;
    this.recordCount = facts.recordCount;
    this.bytes = bytes;
    this.events = events;
    this.issues = facts.issues;
  }

  get text(): string {
    return decoder.decode(this.bytes);
  }
}

const decoder = new TextDecoder();
const NO_BYTES = new Uint8Array(0);

/**
 * Scratch for the record being read (see `flat-instance.ts`) and the output writer, shared by every
 * chunk run on this thread: runs never overlap, and making the scratch per chunk cost 2 % of parsing
 * the dense bench file. The writer hands out views it never writes over (`utf8-writer.ts`).
 */
const flatScratch = new FlatInstance();
const sharedWriter = new Utf8Writer();

/**
 * Reads a record that is a fragment header (4 bytes) then one template instance — nearly every
 * record — into `flat`. False for other shapes: content after the instance (another token than
 * end-of-stream; bytes after end-of-stream are padding no parser reads), nested shapes `flat`
 * cannot unfold, and bad data: `flat` unfolds every nested value up front, also one the template
 * never uses, so the general path decides whether the record renders and what to report.
 */
function readFlat(chunk: EvtxChunk, record: EvtxRecord, flat: FlatInstance): boolean {
  const at = record.dataStart;
  const bytes = chunk.bytes;
  if (bytes[at] !== TOKEN_FRAGMENT_HEADER || bytes[at + 4] !== TOKEN_TEMPLATE_INSTANCE) return false;
  try {
    if (!flat.read(chunk.reader, at + 4, record.dataEnd)) return false;
  } catch (error) {
    if (error instanceof EvtxFormatError) return false;
    throw error;
  }
  return flat.end >= record.dataEnd || bytes[flat.end] === TOKEN_EOF;
}

/**
 * Marks the message of a read past the chunk that no `need` check caught: a bounds check this
 * parser missed. The record is still bad data and is reported, never a crash; the fuzz test fails
 * on any such issue, so a missed check is found and fixed rather than hidden.
 */
export const UNCHECKED_READ = 'unchecked read: ';

/** A DataView or Buffer read out of range; other RangeErrors (stack, string length) are bugs. */
function isUncheckedRead(error: unknown): error is RangeError {
  return error instanceof RangeError && /outside the bounds|out of range/i.test(error.message);
}

class ChunkRun {
  readonly chunk: EvtxChunk;
  readonly options: ChunkOptions;
  readonly writer: Utf8Writer;
  readonly compiled = new CompiledTemplates();
  readonly flat = flatScratch;
  readonly issues: DataIssue[] = [];
  readonly events: EvtxEvent[] = [];
  /** Where this chunk's events find their values (made on the first event). */
  private values: ChunkValues | undefined = undefined;
  recordCount = 0;

  constructor(chunk: EvtxChunk, options: ChunkOptions, writer: Utf8Writer) {
    this.chunk = chunk;
    this.options = options;
    this.writer = writer;
  }

  private variantOf(record: EvtxRecord): TemplateVariant | undefined {
    if (this.options.compiled === false || !readFlat(this.chunk, record, this.flat)) return undefined;
    return this.compiled.variant(this.flat);
  }

  private event(record: EvtxRecord): EvtxEvent | undefined {
    const chunk = this.chunk;
    const offset = chunk.location.fileOffset + record.offset;
    const variant = this.variantOf(record);
    const plan = variant === undefined ? undefined : planOf(variant);
    const values = (this.values ??= new ChunkValues(
      chunk.bytes,
      chunk.view,
      chunk.location.file,
      chunk.location.index,
    ));
    if (variant !== undefined && plan !== undefined)
      return new EvtxEvent(plan, values, values.keep(this.flat, variant.checked), offset, record.id);
    const fields = flattenWindowsEventJson(JSON.parse(renderJsonText(recordNodes(chunk.reader, record))));
    if (fields === undefined) {
      this.issues.push(chunk.issue('BAD_RECORD', 'record has no System element', record.offset, 'record', record.id));
      return undefined;
    }
    return new EvtxEvent(constantPlan(fields), values, -1, offset, record.id);
  }

  private json(record: EvtxRecord): void {
    const variant = this.variantOf(record);
    const skeleton = variant === undefined ? undefined : skeletonOf(variant);
    if (variant !== undefined && skeleton !== undefined) {
      const { bytes, view } = this.chunk;
      checkValues(bytes, view, this.flat, variant.checked);
      writeJsonRecord(this.writer, skeleton, bytes, view, this.flat);
    } else {
      this.writer.text(renderJsonText(recordNodes(this.chunk.reader, record)));
    }
    this.writer.byte(0x0a);
  }

  record(record: EvtxRecord): void {
    switch (this.options.output) {
      case 'jsonl':
        this.json(record);
        break;
      case 'xml':
        this.writer.text(`${renderXmlText(recordNodes(this.chunk.reader, record))}\n\n`);
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
    const writer = this.writer;
    for (const record of records ?? []) {
      const mark = writer.mark();
      try {
        this.record(record);
      } catch (caught) {
        writer.rollBack(mark); // a record fails whole: none of its bytes are output
        const error = isUncheckedRead(caught)
          ? new EvtxFormatError('TRUNCATED', record.offset, `${UNCHECKED_READ}${caught.message}`)
          : caught;
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

/**
 * Parses one chunk's bytes into the wanted output. Never throws for bad data. Text output goes
 * through `writer` (by default this thread's shared one), and `bytes` is a view of its buffer.
 */
export function processChunk(
  bytes: Uint8Array,
  location: ChunkLocation,
  options: ChunkOptions,
  writer: Utf8Writer = sharedWriter,
): ChunkResult {
  const chunk = new EvtxChunk(bytes, location);
  const run = new ChunkRun(chunk, options, writer);
  run.run();
  const facts = {
    location,
    header: chunk.header,
    isEmpty: chunk.isEmpty,
    recordCount: run.recordCount,
    issues: run.issues,
  };
  const text = options.output === 'jsonl' || options.output === 'xml' ? writer.take() : NO_BYTES;
  return new ChunkResult(facts, text, run.events);
}
