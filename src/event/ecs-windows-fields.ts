/**
 * Field mapping, as data, for Windows events shipped by Winlogbeat / Elastic Agent in the Elastic
 * Common Schema: ECS path → the name an EVTX record gives the same value (Sigma rules
 * specification, "Field Usage"). Paths follow Elastic's documented winlogbeat fields (`winlog.*`);
 * a document may nest them (`{"winlog": {"channel": …}}`) or write them dotted (`"winlog.channel"`).
 *
 * Left out on purpose, because their ECS value is not the EVTX value: `winlog.opcode`,
 * `winlog.task` and `log.level` hold display names where EVTX holds numbers, `winlog.keywords` a
 * list of names where EVTX holds a hex mask. What a module only copies out of the event data
 * (`message`, `related.*` …) is not carried; what it moves out is put back (`ECS_WINDOWS_MOVED_DATA`).
 */
import type { WindowsSystemFieldSource } from './flat-windows-fields.js';

/** System fields in the order an EVTX record lists them; the first path present gives the value. */
export const ECS_WINDOWS_SYSTEM_FIELDS: readonly WindowsSystemFieldSource[] = [
  { field: 'Provider_Name', from: ['winlog.provider_name', 'event.provider'], type: 'string' },
  { field: 'Provider_Guid', from: ['winlog.provider_guid'], type: 'string' },
  // Winlogbeat 7 writes `winlog.event_id` as a number, 8 as text; `event.code` is always text.
  { field: 'EventID', from: ['winlog.event_id', 'event.code'], type: 'uint' },
  { field: 'Version', from: ['winlog.version'], type: 'uint' },
  // Winlogbeat sets `@timestamp` to the record's TimeCreated (`event.created` is when it was read).
  { field: 'TimeCreated_SystemTime', from: ['@timestamp'], type: 'time' },
  { field: 'EventRecordID', from: ['winlog.record_id'], type: 'uint' },
  { field: 'Correlation_ActivityID', from: ['winlog.activity_id'], type: 'string' },
  { field: 'Correlation_RelatedActivityID', from: ['winlog.related_activity_id'], type: 'string' },
  { field: 'Execution_ProcessID', from: ['winlog.process.pid'], type: 'uint' },
  { field: 'Execution_ThreadID', from: ['winlog.process.thread.id'], type: 'uint' },
  { field: 'Channel', from: ['winlog.channel'], type: 'string' },
  // `host.name` is the shipping host: the same machine unless the events were forwarded (WEF).
  { field: 'Computer', from: ['winlog.computer_name', 'host.name', 'host.hostname'], type: 'string' },
  { field: 'Security_UserID', from: ['winlog.user.identifier'], type: 'string' },
];

/**
 * Objects whose members are the event's own data: `<EventData>` and `<UserData>`. Members keep
 * their names (spaces removed, as Sigma names them), as an EVTX record's data fields do.
 */
export const ECS_WINDOWS_DATA_OBJECTS: readonly string[] = ['winlog.event_data', 'winlog.user_data'];

/** Members of the data objects that are winlogbeat's decoration, not data. */
export const ECS_WINDOWS_DATA_DECORATION: readonly string[] = [
  // The name of the `<UserData>` wrapper element (`LogFileCleared` …); EVTX flattening drops it too.
  'xml_name',
];

/**
 * How the ECS value turns back into the event data's text: `value` as written (a one-item list as
 * its item); `account` the values joined by `\` (Sysmon's `DOMAIN\user`, split by the module);
 * `registry-details` Sysmon's `Details` from `registry.data.strings` and `registry.data.type`.
 */
export type EcsMovedValueForm = 'value' | 'account' | 'registry-details';

/** One event data field a Winlogbeat module moves out of `winlog.event_data` into ECS. */
export interface EcsMovedDataSource {
  /** `Provider_Name` of the events the module rewrites. */
  readonly provider: string;
  /** The event IDs it moves this field for: the same ECS path holds other fields in other events. */
  readonly eventIds: readonly number[];
  /** The event data name, as EVTX and Sigma rules spell it. */
  readonly field: string;
  /** The ECS path(s) holding the value, as `form` reads them. */
  readonly from: readonly string[];
  readonly form: EcsMovedValueForm;
  /** Values the module translated, back to the event's text; a value not listed is not carried. */
  readonly values?: Readonly<Record<string, string>>;
}

const SYSMON = 'Microsoft-Windows-Sysmon';
const SECURITY_AUDITING = 'Microsoft-Windows-Security-Auditing';
const POWERSHELL = 'Microsoft-Windows-PowerShell';

/** Sysmon events whose acting process is `Image` (8 and 10 name it `SourceImage`, 20 `Destination`). */
const SYSMON_IMAGE_EVENTS = [1, 2, 3, 5, 7, 9, 11, 12, 13, 14, 15, 17, 18, 22, 23, 24, 25, 26, 27, 28, 29];
/** Sysmon events with a `User` (8 and 10 have `SourceUser` and `TargetUser`, which stay). */
const SYSMON_USER_EVENTS = [...SYSMON_IMAGE_EVENTS, 19, 20, 21];
const SYSMON_TARGET_FILE_EVENTS = [2, 11, 15, 23, 26, 27, 28, 29];

function moved(provider: string, eventIds: readonly number[], field: string, from: string): EcsMovedDataSource {
  return { provider, eventIds, field, from: [from], form: 'value' };
}

/**
 * Event data the Winlogbeat / Elastic Agent modules rename into ECS, so that `winlog.event_data`
 * no longer holds it: the sysmon module (`winlogbeat-sysmon.js`, mode rename, and its ingest
 * pipeline), the security module for 4688, the powershell module for 4104–4106. Each fills its
 * field only when the event data lacks it, so documents shipped without the modules read as before.
 * Not carried back, as the modules rewrote them: Sysmon `Hashes` (split, lower-cased, reordered),
 * `QueryResults` and `QueryStatus` (reparsed), a QWORD `Details` (converted lossily).
 */
export const ECS_WINDOWS_MOVED_DATA: readonly EcsMovedDataSource[] = [
  moved(SYSMON, SYSMON_IMAGE_EVENTS, 'Image', 'process.executable'),
  moved(SYSMON, SYSMON_IMAGE_EVENTS, 'ProcessGuid', 'process.entity_id'),
  moved(SYSMON, SYSMON_IMAGE_EVENTS, 'ProcessId', 'process.pid'),
  {
    provider: SYSMON,
    eventIds: SYSMON_USER_EVENTS,
    field: 'User',
    from: ['user.domain', 'user.name'],
    form: 'account',
  },
  moved(SYSMON, [1], 'CommandLine', 'process.command_line'),
  moved(SYSMON, [1], 'CurrentDirectory', 'process.working_directory'),
  moved(SYSMON, [1], 'OriginalFileName', 'process.pe.original_file_name'),
  moved(SYSMON, [1], 'ParentProcessGuid', 'process.parent.entity_id'),
  moved(SYSMON, [1], 'ParentProcessId', 'process.parent.pid'),
  moved(SYSMON, [1], 'ParentImage', 'process.parent.executable'),
  moved(SYSMON, [1], 'ParentCommandLine', 'process.parent.command_line'),
  moved(SYSMON, SYSMON_TARGET_FILE_EVENTS, 'TargetFilename', 'file.path'),
  moved(SYSMON, [6, 7], 'ImageLoaded', 'file.path'),
  moved(SYSMON, [7], 'OriginalFileName', 'file.pe.original_file_name'),
  moved(SYSMON, [8], 'SourceProcessGuid', 'process.entity_id'),
  moved(SYSMON, [10], 'SourceProcessGUID', 'process.entity_id'),
  moved(SYSMON, [8, 10], 'SourceProcessId', 'process.pid'),
  moved(SYSMON, [10], 'SourceThreadId', 'process.thread.id'),
  moved(SYSMON, [8, 10], 'SourceImage', 'process.executable'),
  moved(SYSMON, [9], 'Device', 'file.path'),
  moved(SYSMON, [17, 18], 'PipeName', 'file.name'),
  moved(SYSMON, [20], 'Destination', 'process.executable'),
  moved(SYSMON, [3], 'Protocol', 'network.transport'),
  {
    provider: SYSMON,
    eventIds: [3],
    field: 'Initiated',
    from: ['network.direction'],
    form: 'value',
    values: { egress: 'true', ingress: 'false' },
  },
  moved(SYSMON, [3], 'SourceIp', 'source.ip'),
  moved(SYSMON, [3], 'SourceHostname', 'source.domain'),
  moved(SYSMON, [3], 'SourcePort', 'source.port'),
  moved(SYSMON, [3], 'DestinationIp', 'destination.ip'),
  moved(SYSMON, [3], 'DestinationHostname', 'destination.domain'),
  moved(SYSMON, [3], 'DestinationPort', 'destination.port'),
  moved(SYSMON, [12, 13, 14], 'TargetObject', 'registry.path'),
  {
    provider: SYSMON,
    eventIds: [13],
    field: 'Details',
    from: ['registry.data.strings', 'registry.data.type'],
    form: 'registry-details',
  },
  moved(SYSMON, [22], 'QueryName', 'dns.question.name'),
  moved(SECURITY_AUDITING, [4688], 'NewProcessName', 'process.executable'),
  moved(SECURITY_AUDITING, [4688], 'ParentProcessName', 'process.parent.executable'),
  moved(SECURITY_AUDITING, [4688], 'CommandLine', 'process.command_line'),
  moved(POWERSHELL, [4104], 'ScriptBlockText', 'powershell.file.script_block_text'),
  moved(POWERSHELL, [4104, 4105, 4106], 'ScriptBlockId', 'powershell.file.script_block_id'),
  moved(POWERSHELL, [4104], 'Path', 'file.path'),
];
