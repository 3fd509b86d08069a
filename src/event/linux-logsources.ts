/**
 * Linux logsource facts as data: the Sigma `product: linux` classes the Linux readers give their
 * events, and the Sysmon for Linux categories by EventID (the same event numbers as Windows Sysmon,
 * from Sysinternals' SysmonForLinux event list; Sigma's taxonomy appendix names the categories).
 *
 * - auditd records are `service: auditd` with auditd's own field names, one event per record;
 * - events derived from them (one per execve, one per file written or removed) are `category:`
 *   members without `service`, so an auditd rule never sees a derived event twice;
 * - journal entries are `service: journald`. Sigma has no journald service name yet: `journald`
 *   is ours, chosen to read like the other service names (`auditd`, `syslog`).
 */
import type { CategoryMembership, LogsourceClass } from './logsource-class.js';

/** The Sysmon for Linux channel, as its XML events name it. */
export const LINUX_SYSMON_CHANNEL = 'Linux-Sysmon/Operational';

/** Sysmon for Linux EventID → Sigma category (the events SysmonForLinux writes). */
export const LINUX_SYSMON_CATEGORIES: Readonly<Record<number, string>> = {
  1: 'process_creation',
  3: 'network_connection',
  4: 'sysmon_status',
  5: 'process_termination',
  9: 'raw_access_thread',
  11: 'file_event',
  16: 'sysmon_status',
  23: 'file_delete',
};

function membership(category: string, mappingId: string): CategoryMembership {
  return { category, mappingId, fieldMap: {}, conditions: [] };
}

function linuxClass(
  key: string,
  services: readonly string[],
  categories: readonly CategoryMembership[],
): LogsourceClass {
  return { key, product: 'linux', services, categories, eventId: undefined };
}

/** Every auditd record (SYSCALL, EXECVE, PATH …) as an event of its own. */
export const AUDITD_RECORD_CLASS: LogsourceClass = linuxClass('linux|auditd', ['auditd'], []);
/** A process start built from an audit event's SYSCALL + EXECVE + CWD records. */
export const AUDITD_PROCESS_CREATION_CLASS: LogsourceClass = linuxClass(
  'linux|auditd|process_creation',
  [],
  [membership('process_creation', 'linux_process_creation_auditd')],
);
/** A file created or written, from a PATH record of a successful write. */
export const AUDITD_FILE_EVENT_CLASS: LogsourceClass = linuxClass(
  'linux|auditd|file_event',
  [],
  [membership('file_event', 'linux_file_event_auditd')],
);
/** A file removed, from a PATH record with nametype DELETE. */
export const AUDITD_FILE_DELETE_CLASS: LogsourceClass = linuxClass(
  'linux|auditd|file_delete',
  [],
  [membership('file_delete', 'linux_file_delete_auditd')],
);
/** One systemd journal entry. */
export const JOURNALD_CLASS: LogsourceClass = linuxClass('linux|journald', ['journald'], []);

const sysmonClasses = new Map<number | undefined, LogsourceClass>();

/** The class of a Sysmon for Linux event: `service: sysmon` plus the category of its EventID. */
export function classifyLinuxSysmonEvent(eventId: number | undefined): LogsourceClass {
  let cls = sysmonClasses.get(eventId);
  if (cls === undefined) {
    const category = eventId === undefined ? undefined : LINUX_SYSMON_CATEGORIES[eventId];
    const categories = category === undefined ? [] : [membership(category, `linux_sysmon_${category}`)];
    cls = { key: `linux|sysmon|${eventId ?? ''}`, product: 'linux', services: ['sysmon'], categories, eventId };
    sysmonClasses.set(eventId, cls);
  }
  return cls;
}
