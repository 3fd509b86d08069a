/**
 * Decides the Sigma logsources of a Windows event from its Channel and EventID, using the data in
 * `windows-logsources.ts`. Classes are built once per (Channel, EventID) and then shared. Sysmon for
 * Linux writes the same event shape on its own channel; such events are `product: linux`, whatever
 * reader (XML, evtx_dump-style JSON, EVTX) brought them.
 */
import { classifyLinuxSysmonEvent, LINUX_SYSMON_CHANNEL } from './linux-logsources.js';
import type { CategoryMembership, LogsourceClass } from './logsource-class.js';
import { WINDOWS_CATEGORY_SOURCES, WINDOWS_SERVICE_CHANNELS } from './windows-logsources.js';

const servicesByChannel = new Map<string, string[]>();
for (const [service, channels] of Object.entries(WINDOWS_SERVICE_CHANNELS)) {
  for (const channel of channels) {
    const key = channel.toLowerCase();
    const list = servicesByChannel.get(key) ?? [];
    list.push(service);
    servicesByChannel.set(key, list);
  }
}

/**
 * Classes by Channel as written, then EventID: the per-event lookup builds no key string. Both maps
 * start over past `MAX_CLASSES` (a hostile file can name endless channels); a class made again is
 * equal to the old one, only another object.
 */
const classCache = new Map<string | undefined, Map<number | undefined, LogsourceClass>>();
const classByKey = new Map<string, LogsourceClass>();
const MAX_CLASSES = 65_536;

/** The logsource class of a Windows event; `channel` may be empty when the export lacks it. */
export function classifyWindowsEvent(channel: string | undefined, eventId: number | undefined): LogsourceClass {
  if (channel === LINUX_SYSMON_CHANNEL) return classifyLinuxSysmonEvent(eventId);
  let byId = classCache.get(channel);
  const cached = byId?.get(eventId);
  if (cached !== undefined) return cached;
  if (classByKey.size >= MAX_CLASSES) {
    classCache.clear();
    classByKey.clear();
    byId = undefined;
  }
  if (byId === undefined) classCache.set(channel, (byId = new Map()));
  // Channel names compare case-insensitively: `security` and `Security` share one class object, so
  // rule sets keyed by class compile their candidates once.
  const key = `windows|${(channel ?? '').toLowerCase()}|${eventId ?? ''}`;
  const sameClass = classByKey.get(key);
  if (sameClass !== undefined) {
    byId.set(eventId, sameClass);
    return sameClass;
  }
  const services = channel === undefined ? [] : (servicesByChannel.get(channel.toLowerCase()) ?? []);
  const categories: CategoryMembership[] = [];
  if (eventId !== undefined) {
    for (const source of WINDOWS_CATEGORY_SOURCES) {
      if (!services.includes(source.service) || !source.eventIds.includes(eventId)) continue;
      categories.push({
        category: source.category,
        mappingId: source.id,
        fieldMap: source.fieldMap ?? {},
        conditions: Object.entries(source.conditions ?? {}).map(([field, values]) => ({ field, values })),
      });
    }
  }
  const created: LogsourceClass = {
    key,
    product: 'windows',
    services,
    categories,
    eventId,
  };
  byId.set(eventId, created);
  classByKey.set(key, created);
  return created;
}
