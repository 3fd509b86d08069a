/**
 * The compact record of an event an attack story may need: a logon, a share access, a service
 * installed, configured, started, failing, stopped or deleted, a process started, a file removed, a
 * log cleared, a unit file written. Workers make one per story-relevant event (see
 * `select-story-record.ts`) and send these instead of events; plain data, a few hundred bytes each.
 */
import type { FindingSource } from '../report/index.js';

interface RecordBase {
  readonly time: number;
  /** The host as the event names it (Windows `Computer`, auditd `node`). */
  readonly host: string;
  /** Same key as the findings of this event (`eventKeyOf`), so a finding marks its record. */
  readonly eventKey: string;
  readonly channel: string | null;
  readonly eventId: number | null;
  readonly recordId: number | string | null;
  readonly source: FindingSource;
}

/** Security 4624: a network (3) or remote interactive (10) logon. */
export interface LogonRecord extends RecordBase {
  readonly kind: 'logon';
  readonly logonId: string;
  readonly user: string;
  readonly ip: string | null;
  readonly workstation: string | null;
  readonly logonType: number;
}

/** Security 5140/5145: an administrative share or a named pipe opened over SMB. */
export interface ShareRecord extends RecordBase {
  readonly kind: 'share';
  readonly logonId: string | null;
  readonly user: string;
  readonly ip: string | null;
  /** `ADMIN$`, `C$`, `IPC$` (without the `\\*\` prefix). */
  readonly share: string;
  /** The file or pipe (5145 RelativeTargetName); null for 5140. */
  readonly target: string | null;
}

/** System 7045, Security 4697: a service installed. */
export interface ServiceInstallRecord extends RecordBase {
  readonly kind: 'service-install';
  /** 7045 gives the display name here, 4697 the key name. */
  readonly service: string;
  readonly image: string;
  readonly account: string | null;
  readonly startType: string | null;
  readonly logonId: string | null;
  readonly user: string | null;
}

/** Sysmon 12/13/14 under a service's registry key: created, a value set, deleted. */
export interface ServiceRegistryRecord extends RecordBase {
  readonly kind: 'service-registry';
  /** The service's key name. */
  readonly service: string;
  /** `ImagePath`, `Start`, `DeleteFlag` …, or null for the key itself. */
  readonly value: string | null;
  /** `key`: a Sysmon 12 whose export lost EventType (created or deleted, decided by the story builder). */
  readonly operation: 'create' | 'set' | 'delete' | 'key';
  readonly details: string | null;
  /** The process that wrote it. */
  readonly image: string | null;
}

/** System 7036 (entered a state), 7040 (start type changed); journald `Started`/`Stopped` lines. */
export interface ServiceStateRecord extends RecordBase {
  readonly kind: 'service-state';
  /** The display name (7036 param1) or unit. */
  readonly service: string;
  /** The key name when the event carries it (7036 Binary, 7040 param4). */
  readonly serviceKey: string | null;
  /** `running`, `stopped`, or for 7040 `start type auto start → demand start`. */
  readonly state: string;
}

/** System 7000, 7009, 7011, 7022–7024, 7031, 7034: a service failed to start, hung, or ended. */
export interface ServiceFailureRecord extends RecordBase {
  readonly kind: 'service-failure';
  readonly service: string;
  readonly detail: string | null;
}

/** Sysmon 1, Security 4688, Linux process_creation. */
export interface ProcessRecord extends RecordBase {
  readonly kind: 'process';
  readonly pid: number | null;
  readonly ppid: number | null;
  readonly guid: string | null;
  readonly parentGuid: string | null;
  readonly image: string;
  readonly commandLine: string | null;
  /** Null when the event does not name the parent (Windows 7 era 4688). */
  readonly parentImage: string | null;
  readonly user: string | null;
  readonly logonId: string | null;
}

/** Sysmon 23/26, Linux file_delete: a file removed. */
export interface FileDeleteRecord extends RecordBase {
  readonly kind: 'file-delete';
  readonly path: string;
  readonly image: string | null;
}

/** System 104, Security 1102: an event log cleared. */
export interface LogClearedRecord extends RecordBase {
  readonly kind: 'log-cleared';
  readonly user: string | null;
}

/** Linux file_event in a systemd unit or init script folder. */
export interface UnitFileRecord extends RecordBase {
  readonly kind: 'unit-file';
  readonly path: string;
  /** `foo.service` — the file name, which is how systemctl names the unit. */
  readonly unit: string;
  readonly image: string | null;
}

export type StoryRecord =
  | LogonRecord
  | ShareRecord
  | ServiceInstallRecord
  | ServiceRegistryRecord
  | ServiceStateRecord
  | ServiceFailureRecord
  | ProcessRecord
  | FileDeleteRecord
  | LogClearedRecord
  | UnitFileRecord;

export type StoryRecordKind = StoryRecord['kind'];
