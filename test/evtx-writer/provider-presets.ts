// System fields that stay the same for every event of a provider, as Windows writes them (provider
// GUIDs, channels, keyword masks and levels seen in the corpus logs). A description spreads one of
// these and adds what varies: event ID, task, version, computer, process and thread.
import type { SystemDescription } from './evtx-description.js';

type ProviderPreset = Omit<SystemDescription, 'eventId' | 'task' | 'computer' | 'processId' | 'threadId'>;

/** The classic System-log provider of service events (7036, 7040, 7045): with qualifiers. */
export const SERVICE_CONTROL_MANAGER = {
  providerName: 'Service Control Manager',
  providerGuid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}',
  eventSourceName: 'Service Control Manager',
  qualifiers: 16384,
  level: 4,
  opcode: 0,
  keywords: '0x8080000000000000',
  channel: 'System',
} as const satisfies ProviderPreset;

/** Security auditing (4624, 4688, 4697, 5145): level 0, keyword Audit Success. */
export const SECURITY_AUDITING = {
  providerName: 'Microsoft-Windows-Security-Auditing',
  providerGuid: '{54849625-5478-4994-a5ba-3e3b0328c30d}',
  level: 0,
  opcode: 0,
  keywords: '0x8020000000000000',
  channel: 'Security',
} as const satisfies ProviderPreset;

/** Sysmon's operational log: the task equals the event ID, and the service runs as SYSTEM. */
export const SYSMON = {
  providerName: 'Microsoft-Windows-Sysmon',
  providerGuid: '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}',
  level: 4,
  opcode: 0,
  keywords: '0x8000000000000000',
  channel: 'Microsoft-Windows-Sysmon/Operational',
  userId: 'S-1-5-18',
} as const satisfies ProviderPreset;
