/**
 * Template identity across chunks. The same template recurs in every chunk of a log at another
 * offset, so compiled variants are keyed by the template's structure, turned into a small number
 * once per definition object. Definitions are looked up by GUID and data size, then compared with
 * the ones seen under that key: a GUID is only what the file says, and two definitions that share
 * one but differ (hand-made or damaged files, a changed manifest) must not share compiled variants.
 * The comparison is of the definition's bytes less its name references (the only chunk-dependent
 * bytes), and of the names they give: each left-out span is exactly what the parser consumed for
 * one name, so the parser saw the same token bytes and the same names, and built the same tree.
 * It costs 1–3 % of parsing the dense bench file on one thread (15,800 definitions); comparing
 * node trees cost 4 %, keying by the tree as text 6 %. `test/differential/evtx-fields.test.ts`
 * checks the compiled path against the general one.
 */
import type { TemplateDefinition } from './binxml/template-definition.js';

/**
 * Distinct structures remembered per thread; past this the ids and everything keyed by them start
 * over. Guards memory on hostile input; the whole corpus has 268.
 */
const MAX_CACHED_STRUCTURES = 4096;

/** Ids are never reused, so an id a definition keeps through a reset still names only its structure. */
let nextId = 0;
/** A structure: its id, and its first definition's chunk-free bytes and names (copies). */
interface Structure {
  readonly id: number;
  readonly view: DataView;
  readonly names: readonly string[];
}

/** Structures by GUID and data size. */
const idsByText = new Map<string, Structure[]>();
/** Structures in `idsByText`, under every key. */
let structureCount = 0;
const onReset: (() => void)[] = [];

/** Registers a cache keyed by structure ids, emptied whenever the ids start over. */
export function onStructureReset(reset: () => void): void {
  onReset.push(reset);
}

/** Forgets every structure and everything keyed by them. */
function resetStructures(): void {
  idsByText.clear();
  structureCount = 0;
  for (const reset of onReset) reset();
}

/** The structure id of a template definition; `bytes` and `view` are its chunk's. */
export function structureId(template: TemplateDefinition, bytes: Uint8Array, view: DataView): number {
  if (template.structureId >= 0) return template.structureId;
  if (structureCount >= MAX_CACHED_STRUCTURES) resetStructures();
  const text = `${template.guid}:${template.dataSize}`;
  let known = idsByText.get(text);
  if (known === undefined) {
    known = [];
    idsByText.set(text, known);
  }
  let id = -1;
  for (const structure of known) {
    if (isStructure(structure, template, view)) {
      id = structure.id;
      break;
    }
  }
  if (id < 0) {
    id = nextId++;
    const own = chunkFreeBytes(template, bytes);
    known.push({ id, view: new DataView(own.buffer, own.byteOffset, own.byteLength), names: template.names });
    structureCount++;
  }
  template.structureId = id;
  return id;
}

/**
 * Calls `run(at, size)` for each run of the definition's bytes outside its name references, in
 * order, while it returns true; false when a call returned false.
 */
function everyChunkFreeRun(template: TemplateDefinition, run: (at: number, size: number) => boolean): boolean {
  const spans = template.nameSpans;
  const end = template.dataStart + template.dataSize;
  let at = template.dataStart;
  for (let i = 0; i <= spans.length; i += 2) {
    const to = Math.min(i < spans.length ? spans[i]! : end, end);
    if (to > at && !run(at, to - at)) return false;
    if (i < spans.length) at = Math.max(at, spans[i + 1]!);
  }
  return true;
}

/** The definition's bytes outside its name references, copied out of the chunk. */
function chunkFreeBytes(template: TemplateDefinition, bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  everyChunkFreeRun(template, (at, size) => parts.push(bytes.subarray(at, at + size)) > 0);
  const out = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let size = 0;
  for (const part of parts) {
    out.set(part, size);
    size += part.length;
  }
  return out;
}

/** Whether `size` bytes at `a` in `x` equal those at `b` in `y`, four at a time. */
function sameRun(x: DataView, a: number, y: DataView, b: number, size: number): boolean {
  let i = 0;
  for (; i + 4 <= size; i += 4) if (x.getUint32(a + i, true) !== y.getUint32(b + i, true)) return false;
  for (; i < size; i++) if (x.getUint8(a + i) !== y.getUint8(b + i)) return false;
  return true;
}

/** Whether a definition has a structure's chunk-free bytes and names. */
function isStructure(structure: Structure, template: TemplateDefinition, chunk: DataView): boolean {
  const names = template.names;
  if (names.length !== structure.names.length) return false;
  for (let i = 0; i < names.length; i++) if (names[i] !== structure.names[i]) return false;
  const own = structure.view;
  let ownAt = 0;
  const same = everyChunkFreeRun(template, (at, size) => {
    if (ownAt + size > own.byteLength || !sameRun(chunk, at, own, ownAt, size)) return false;
    ownAt += size;
    return true;
  });
  return same && ownAt === own.byteLength;
}
