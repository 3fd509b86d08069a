/**
 * Template identity across chunks. The same template recurs in every chunk of a log at another
 * offset, so compiled variants are keyed by the template's identity — its GUID, which the manifest
 * compiler gives each distinct template, plus its data size as a guard — turned into a small number
 * once per definition object. Keying by the node tree as text was exact too, but rendered every
 * template of every chunk (6 % of the parse time on Security logs in a profile);
 * `test/differential/evtx-fields.test.ts` checks the compiled path against the general one.
 */
import type { TemplateDefinition } from './binxml/template-definition.js';

/**
 * Distinct structures remembered per thread; past this the ids and everything keyed by them start
 * over. Guards memory on hostile input; the whole corpus has 268.
 */
const MAX_CACHED_STRUCTURES = 4096;

/** Ids are never reused, so an id a definition keeps through a reset still names only its structure. */
let nextId = 0;
const idsByText = new Map<string, number>();
const onReset: (() => void)[] = [];

/** Registers a cache keyed by structure ids, emptied whenever the ids start over. */
export function onStructureReset(reset: () => void): void {
  onReset.push(reset);
}

/** Forgets every structure and everything keyed by them. */
function resetStructures(): void {
  idsByText.clear();
  for (const reset of onReset) reset();
}

/** The structure id of a template definition. */
export function structureId(template: TemplateDefinition): number {
  if (template.structureId >= 0) return template.structureId;
  if (idsByText.size >= MAX_CACHED_STRUCTURES) resetStructures();
  const text = `${template.guid}:${template.dataSize}`;
  let id = idsByText.get(text);
  if (id === undefined) {
    id = nextId++;
    idsByText.set(text, id);
  }
  template.structureId = id;
  return id;
}
