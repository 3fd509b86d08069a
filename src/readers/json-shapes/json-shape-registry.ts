/**
 * The JSON shapes svchunt reads, in the order they are tried: the first whose `matches` accepts an
 * object reads it. The more specific tests come first (an evtx_dump `Event.System`, a `winlog`
 * object, laurel's `ID`, journald's `__CURSOR`), the loosest (top-level `EventID` and `Channel`)
 * last. A new source is one more module in this list.
 */
import { ECS_WINDOWS_SHAPE } from './ecs-windows-shape.js';
import { ESLOGGER_SHAPE } from './eslogger-shape.js';
import { EVTX_DUMP_SHAPE } from './evtx-dump-shape.js';
import { FLAT_WINDOWS_SHAPE } from './flat-windows-shape.js';
import { JOURNALD_JSON_SHAPE } from './journald-json-shape.js';
import type { JsonObject, JsonShape } from './json-shape.js';
import { LAUREL_SHAPE } from './laurel-shape.js';
import { UNIFIED_LOG_SHAPE } from './unified-log-shape.js';

export const JSON_SHAPES: readonly JsonShape[] = [
  EVTX_DUMP_SHAPE,
  ECS_WINDOWS_SHAPE,
  LAUREL_SHAPE,
  JOURNALD_JSON_SHAPE,
  ESLOGGER_SHAPE,
  UNIFIED_LOG_SHAPE,
  FLAT_WINDOWS_SHAPE,
];

/** The first shape of `shapes` that accepts the object, or undefined. */
export function findJsonShape(object: JsonObject, shapes: readonly JsonShape[] = JSON_SHAPES): JsonShape | undefined {
  for (const shape of shapes) if (shape.matches(object)) return shape;
  return undefined;
}
