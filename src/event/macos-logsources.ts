/**
 * macOS logsource facts as data: the Sigma `product: macos` classes of the macOS readers.
 *
 * - Endpoint Security events written by `eslogger` (macOS 13+) are `service: eslogger`, and the
 *   event types below are also members of a Sigma category (exec → process_creation …). Sigma has
 *   no service name for Endpoint Security: `eslogger` is ours, named after the tool.
 * - Unified log entries (`log show|stream --style ndjson`) are `service: unifiedlog` (ours too).
 */
import type { CategoryMembership, LogsourceClass } from './logsource-class.js';

/** Endpoint Security event name (the member of `event` in eslogger's JSON) → Sigma category. */
export const ESLOGGER_CATEGORIES: Readonly<Record<string, string>> = {
  exec: 'process_creation',
  create: 'file_event',
  write: 'file_event',
  rename: 'file_event',
  unlink: 'file_delete',
};

const eslClasses = new Map<string, LogsourceClass>();

/** The class of an eslogger event of type `eventName` (`exec`, `create`, `btm_launch_item_add` …). */
export function classifyEsloggerEvent(eventName: string): LogsourceClass {
  let cls = eslClasses.get(eventName);
  if (cls === undefined) {
    const category = ESLOGGER_CATEGORIES[eventName];
    const categories: CategoryMembership[] =
      category === undefined
        ? []
        : [{ category, mappingId: `macos_${category}_eslogger`, fieldMap: {}, conditions: [] }];
    cls = {
      key: `macos|eslogger|${eventName}`,
      product: 'macos',
      services: ['eslogger'],
      categories,
      eventId: undefined,
    };
    eslClasses.set(eventName, cls);
  }
  return cls;
}

/** One unified log entry. */
export const UNIFIED_LOG_CLASS: LogsourceClass = {
  key: 'macos|unifiedlog',
  product: 'macos',
  services: ['unifiedlog'],
  categories: [],
  eventId: undefined,
};
