/**
 * Field mapping, as data, for Windows events shipped by Winlogbeat / Elastic Agent in the Elastic
 * Common Schema: ECS path → the name an EVTX record gives the same value (Sigma rules
 * specification, "Field Usage"). Paths follow Elastic's documented winlogbeat fields (`winlog.*`);
 * a document may nest them (`{"winlog": {"channel": …}}`) or write them dotted (`"winlog.channel"`).
 *
 * Left out on purpose, because their ECS value is not the EVTX value: `winlog.opcode`,
 * `winlog.task` and `log.level` hold display names where EVTX holds numbers, `winlog.keywords` a
 * list of names where EVTX holds a hex mask. What a module only copies out of the event data
 * (`message`, `related.*` …) is not carried; what it moves out is put back (`ECS_WINDOWS_MOVED_DATA`),
 * from the rendered `message` where the module rewrote the value and the message still has it.
 */
import type { WindowsSystemFieldSource } from './flat-windows-fields.js';
import { SYSMON_DNS_QUERY_STATUS_NAMES } from './sysmon-dns-query-status.js';

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
 * How the ECS value turns back into the event data's text:
 * - `value`: as written (a one-item list as its item), or through `values` where the module
 *   translated it (a value not listed is not carried);
 * - `account`: the values joined by `\` (Sysmon's `DOMAIN\user`, split by the module);
 * - `registry-details`: Sysmon's `Details` from `registry.data.strings` and `registry.data.type`;
 * - `hashes`: Sysmon's `Hashes` / `Hash` as Sysmon writes them, `LABEL=HEX,…` upper-case in
 *   `labels` order; `from` holds one path per label for each place a module version used, and the
 *   first place holding a hash gives the hashes there;
 * - `hex`: a number as Windows writes a process ID, `0x` and lower-case hexadecimal;
 * - `list`: the values of `from` in order, as EVTX lists unnamed `<Data>` (one value as itself);
 * - `code-name`: a Windows status code the module replaced by its name (back through `values`) or
 *   left as the decimal code when it had no name for it;
 * - `message-line`: the line `<field>: <text>` of the rendered `message` (Sysmon's messages list every
 *   data field so), used only when exactly one line starts so: data could hold a forged one;
 * - `message-part`: the text of `message` between the two `marks` ('' is its start), each found once;
 * - `invocation-details`: PowerShell's `Payload` lines from `powershell.command.invocation_details`.
 */
export type EcsMovedValueForm =
  | 'value'
  | 'account'
  | 'registry-details'
  | 'hashes'
  | 'hex'
  | 'list'
  | 'code-name'
  | 'message-line'
  | 'message-part'
  | 'invocation-details';

/** One event data field a Winlogbeat module (or Winlogbeat itself) keeps outside its EVTX name. */
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
  /** `hashes`: the name Sysmon writes before each hash, in Sysmon's order. */
  readonly labels?: readonly string[];
  /** `message-part`: the text just before the value ('' for the message's start) and just after it. */
  readonly marks?: readonly [string, string];
}

const SYSMON = 'Microsoft-Windows-Sysmon';
const SECURITY_AUDITING = 'Microsoft-Windows-Security-Auditing';
const POWERSHELL = 'Microsoft-Windows-PowerShell';
/** Provider of the `Windows PowerShell` channel's classic events (400, 403, 600, 800). */
const POWERSHELL_CLASSIC = 'PowerShell';

/** Sysmon events whose acting process is `Image` (8 and 10 name it `SourceImage`, 20 `Destination`). */
const SYSMON_IMAGE_EVENTS = [1, 2, 3, 5, 7, 9, 11, 12, 13, 14, 15, 17, 18, 22, 23, 24, 25, 26, 27, 28, 29];
/** Sysmon events with a `User` (8 and 10 have `SourceUser` and `TargetUser`, which stay). */
const SYSMON_USER_EVENTS = [...SYSMON_IMAGE_EVENTS, 19, 20, 21];
/** Sysmon events with a `RuleName`: all but the service (4), configuration (16) and error (255) events. */
const SYSMON_RULE_NAME_EVENTS = [...SYSMON_USER_EVENTS, 6, 8, 10];
const SYSMON_TARGET_FILE_EVENTS = [2, 11, 15, 23, 26, 27, 28, 29];
/**
 * Sysmon events with `Hashes` (15 names it `Hash`): of the image (1), the driver or module (6, 7),
 * the file (23, 26–29), the clipboard (24).
 */
const SYSMON_HASHES_EVENTS = [1, 6, 7, 23, 24, 26, 27, 28, 29];

/** The hash names of Sysmon's `Hashes`, in the order Sysmon writes them (so do all 2,600 of the corpus). */
const SYSMON_HASH_LABELS = ['SHA1', 'MD5', 'SHA256', 'IMPHASH'];

/**
 * Where the sysmon module puts one object's hashes, in `SYSMON_HASH_LABELS` order: it splits `Hashes`,
 * lower-cases names and values, drops all-zero hashes and puts `imphash` under `pe`
 * (`winlogbeat-sysmon.js` `addHashes`; the 8.x ingest pipeline's `kv` and script do the same).
 */
function hashPlace(namespace: 'process' | 'file'): string[] {
  return [`${namespace}.hash.sha1`, `${namespace}.hash.md5`, `${namespace}.hash.sha256`, `${namespace}.pe.imphash`];
}

/** The first 7.x sysmon modules wrote every hash under `hash.*`, all-zero ones too. */
const TOP_LEVEL_HASHES = ['hash.sha1', 'hash.md5', 'hash.sha256', 'hash.imphash'];

function moved(provider: string, eventIds: readonly number[], field: string, from: string): EcsMovedDataSource {
  return { provider, eventIds, field, from: [from], form: 'value' };
}

function messageLine(provider: string, eventIds: readonly number[], field: string): EcsMovedDataSource {
  return { provider, eventIds, field, from: ['message'], form: 'message-line' };
}

function sysmonHashes(eventIds: readonly number[], field: string, ...places: string[][]): EcsMovedDataSource {
  return { provider: SYSMON, eventIds, field, from: places.flat(), form: 'hashes', labels: SYSMON_HASH_LABELS };
}

/** `sysmon.dns.status` names back to the codes Sysmon wrote. */
function statusCodesByName(namesByCode: Readonly<Record<string, string>>): Record<string, string> {
  const codes: Record<string, string> = {};
  for (const code in namesByCode) codes[namesByCode[code]!] = code;
  return codes;
}

/** Sysmon's `SourceIsIpv6` from the module's `network.type`. */
const IP_VERSION_FLAGS = { ipv6: 'true', ipv4: 'false' };

/** The PowerShell 4103 message: `<Payload>`, then the context block, then the user data. */
const POWERSHELL_4103_CONTEXT = '\n\n\nContext:\n';
const POWERSHELL_4103_USER_DATA = '\n\n\nUser Data:';

/**
 * Event data the Winlogbeat / Elastic Agent modules rename into ECS, so that `winlog.event_data`
 * no longer holds it: the sysmon module (`winlogbeat-sysmon.js`, mode rename, and its 8.x ingest
 * pipeline), the security module, the powershell module (`winlogbeat-powershell.js` and the 8.x
 * `powershell` / `powershell_operational` pipelines); also what Winlogbeat itself names otherwise.
 * Each fills its field only when the event data lacks it, so documents shipped without the modules
 * read as before; for one field the first source that holds a value gives it. Not carried back, as
 * nothing left in the document says what the event held: Sysmon `UtcTime` (parsed into
 * `@timestamp`, which is the record's time when it fails), `SourcePortName` / `DestinationPortName`
 * (either may be `network.protocol` in 8.x), `QueryResults` without its message line (the module
 * strips `::ffff:`, which Sysmon writes for some IPv4 answers and not others, drops record types
 * it has no name for and, in 8.x, moves addresses after the other records), a QWORD `Details`
 * (converted lossily), every data value `-` (the 8.x sysmon pipeline deletes them), 4103
 * `ContextInfo` without its message (the module deletes `Severity`), classic PowerShell `Data` once
 * the module has split it. Rewritten in place: a Security `AccessList` (the 8.x security pipeline
 * keeps its codes without `%%`) gets its `%%` back in the shape (`ecs-windows-shape.ts`); 4688
 * `TokenElevationType` is read as the document has it (the 8.x module's test output holds
 * `TokenElevationTypeFull (2)` for `%%1937`).
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
  // `setRuleName` (7.x) and the 8.x pipeline move it to `rule.name`, and drop it when it is `-`.
  moved(SYSMON, SYSMON_RULE_NAME_EVENTS, 'RuleName', 'rule.name'),
  moved(SYSMON, [1], 'CommandLine', 'process.command_line'),
  moved(SYSMON, [1], 'CurrentDirectory', 'process.working_directory'),
  moved(SYSMON, [1], 'OriginalFileName', 'process.pe.original_file_name'),
  moved(SYSMON, [1], 'ParentProcessGuid', 'process.parent.entity_id'),
  moved(SYSMON, [1], 'ParentProcessId', 'process.parent.pid'),
  moved(SYSMON, [1], 'ParentImage', 'process.parent.executable'),
  moved(SYSMON, [1], 'ParentCommandLine', 'process.parent.command_line'),
  // The rendered message keeps Sysmon's own text, all-zero hashes included; the module's fields do
  // not. `Hashes` of 1, 23, 24 (and 26 in 8.x) go under `process`, of 6, 7, 29 (and 26 in the
  // Elastic Agent integration) under `file`; 27 and 28 keep them only in the message.
  messageLine(SYSMON, SYSMON_HASHES_EVENTS, 'Hashes'),
  sysmonHashes([1, 23, 24], 'Hashes', hashPlace('process'), TOP_LEVEL_HASHES),
  sysmonHashes([6, 7, 29], 'Hashes', hashPlace('file'), TOP_LEVEL_HASHES),
  sysmonHashes([26], 'Hashes', hashPlace('process'), hashPlace('file')),
  messageLine(SYSMON, [15], 'Hash'),
  sysmonHashes([15], 'Hash', hashPlace('file'), TOP_LEVEL_HASHES),
  moved(SYSMON, SYSMON_TARGET_FILE_EVENTS, 'TargetFilename', 'file.path'),
  moved(SYSMON, [6, 7], 'ImageLoaded', 'file.path'),
  moved(SYSMON, [7], 'OriginalFileName', 'file.pe.original_file_name'),
  moved(SYSMON, [8], 'SourceProcessGuid', 'process.entity_id'),
  moved(SYSMON, [10], 'SourceProcessGUID', 'process.entity_id'),
  moved(SYSMON, [8, 10], 'SourceProcessId', 'process.pid'),
  moved(SYSMON, [10], 'SourceThreadId', 'process.thread.id'),
  moved(SYSMON, [8, 10], 'SourceImage', 'process.executable'),
  // The 8.x pipeline renames event 8's `TargetProcessGuid` to event 10's spelling ("Conformity").
  moved(SYSMON, [8], 'TargetProcessGuid', 'winlog.event_data.TargetProcessGUID'),
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
    // 7.x modules before ECS 1.5 wrote `outbound` / `inbound`.
    values: { egress: 'true', ingress: 'false', outbound: 'true', inbound: 'false' },
  },
  // `addNetworkType` writes `network.type` from `SourceIsIpv6` and deletes both flags. Sysmon reports
  // the two ends of one socket, so the flags agree (in every network event of the corpus).
  messageLine(SYSMON, [3], 'SourceIsIpv6'),
  {
    provider: SYSMON,
    eventIds: [3],
    field: 'SourceIsIpv6',
    from: ['network.type'],
    form: 'value',
    values: IP_VERSION_FLAGS,
  },
  messageLine(SYSMON, [3], 'DestinationIsIpv6'),
  {
    provider: SYSMON,
    eventIds: [3],
    field: 'DestinationIsIpv6',
    from: ['network.type'],
    form: 'value',
    values: IP_VERSION_FLAGS,
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
  // `translateDnsQueryStatus` replaces a known code by its Windows name.
  messageLine(SYSMON, [22], 'QueryStatus'),
  {
    provider: SYSMON,
    eventIds: [22],
    field: 'QueryStatus',
    from: ['sysmon.dns.status'],
    form: 'code-name',
    values: statusCodesByName(SYSMON_DNS_QUERY_STATUS_NAMES),
  },
  messageLine(SYSMON, [22], 'QueryResults'),
  moved(SYSMON, [23, 26, 28], 'IsExecutable', 'sysmon.file.is_executable'),
  moved(SYSMON, [23, 24], 'Archived', 'sysmon.file.archived'),
  moved(SECURITY_AUDITING, [4688], 'NewProcessName', 'process.executable'),
  moved(SECURITY_AUDITING, [4688], 'ParentProcessName', 'process.parent.executable'),
  moved(SECURITY_AUDITING, [4688], 'CommandLine', 'process.command_line'),
  // 7.x `renameNewProcessFields` and the 8.x "Process Event 4688" script read it as a number.
  { provider: SECURITY_AUDITING, eventIds: [4688], field: 'NewProcessId', from: ['process.pid'], form: 'hex' },
  // The 8.x "Rename Common Auth Fields" script moves them for share access. It also strips `::ffff:`
  // from an IPv4 `source.ip`; no 5140 or 5145 record of the corpus (2,663) holds such an address.
  moved(SECURITY_AUDITING, [5140, 5145], 'IpAddress', 'source.ip'),
  moved(SECURITY_AUDITING, [5140, 5145], 'IpPort', 'source.port'),
  // 4103: the message is `<Payload>`, the context block, the user data, as the event's text; the
  // module splits `ContextInfo` into fields (dropping `Severity`) and `Payload` into details.
  {
    provider: POWERSHELL,
    eventIds: [4103],
    field: 'Payload',
    from: ['message'],
    form: 'message-part',
    marks: ['', POWERSHELL_4103_CONTEXT],
  },
  {
    provider: POWERSHELL,
    eventIds: [4103],
    field: 'Payload',
    from: ['powershell.command.invocation_details'],
    form: 'invocation-details',
  },
  {
    provider: POWERSHELL,
    eventIds: [4103],
    field: 'ContextInfo',
    from: ['message'],
    form: 'message-part',
    marks: [POWERSHELL_4103_CONTEXT, POWERSHELL_4103_USER_DATA],
  },
  moved(POWERSHELL, [4104], 'ScriptBlockText', 'powershell.file.script_block_text'),
  moved(POWERSHELL, [4104, 4105, 4106], 'ScriptBlockId', 'powershell.file.script_block_id'),
  moved(POWERSHELL, [4104], 'Path', 'file.path'),
  moved(POWERSHELL, [4104], 'MessageNumber', 'powershell.sequence'),
  moved(POWERSHELL, [4104], 'MessageTotal', 'powershell.total'),
  moved(POWERSHELL, [4105, 4106], 'RunspaceId', 'powershell.runspace_id'),
  // Winlogbeat names a classic event's unnamed `<Data>` items `param1`, `param2` …; EVTX lists them
  // as `Data` (`Data[1]` … each). The powershell module splits and deletes them.
  {
    provider: POWERSHELL_CLASSIC,
    eventIds: [400, 403, 600, 800],
    field: 'Data',
    from: ['winlog.event_data.param1', 'winlog.event_data.param2', 'winlog.event_data.param3'],
    form: 'list',
  },
  moved(POWERSHELL_CLASSIC, [400, 403, 600, 800], 'Data[1]', 'winlog.event_data.param1'),
  moved(POWERSHELL_CLASSIC, [400, 403, 600, 800], 'Data[2]', 'winlog.event_data.param2'),
  moved(POWERSHELL_CLASSIC, [400, 403, 600, 800], 'Data[3]', 'winlog.event_data.param3'),
];
