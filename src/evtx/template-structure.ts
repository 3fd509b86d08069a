/**
 * Template identity across chunks. The same template recurs in every chunk of a log at another
 * offset, so compiled variants are keyed by the template's structure (its node tree as text) turned
 * into a small number once per definition object; records then compare numbers, not trees.
 */
import type { TemplateDefinition } from './binxml/template-definition.js';

/**
 * Distinct structures remembered per thread; past this the ids and everything keyed by them start
 * over. Guards memory on hostile input; the whole corpus has under a thousand.
 */
const MAX_CACHED_STRUCTURES = 4096;

let nextId = 0;
const idsByText = new Map<string, number>();
const idOfDefinition = new WeakMap<TemplateDefinition, number>();
const onReset: (() => void)[] = [];

/** Registers a cache keyed by structure ids, emptied whenever the ids start over. */
export function onStructureReset(reset: () => void): void {
  onReset.push(reset);
}

/** The structure id of a template definition. */
export function structureId(template: TemplateDefinition): number {
  let id = idOfDefinition.get(template);
  if (id !== undefined) return id;
  if (idsByText.size >= MAX_CACHED_STRUCTURES) {
    idsByText.clear();
    for (const reset of onReset) reset();
  }
  const text = JSON.stringify(template.nodes);
  id = idsByText.get(text);
  if (id === undefined) {
    id = nextId++;
    idsByText.set(text, id);
  }
  idOfDefinition.set(template, id);
  return id;
}
