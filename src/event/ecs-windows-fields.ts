/**
 * Field mapping, as data, for Windows events shipped by Winlogbeat / Elastic Agent in the Elastic
 * Common Schema: ECS path → the name an EVTX record gives the same value (Sigma rules
 * specification, "Field Usage"). Paths follow Elastic's documented winlogbeat fields (`winlog.*`);
 * a document may nest them (`{"winlog": {"channel": …}}`) or write them dotted (`"winlog.channel"`).
 *
 * Left out on purpose, because their ECS value is not the EVTX value: `winlog.opcode`,
 * `winlog.task` and `log.level` hold display names where EVTX holds numbers, `winlog.keywords` a
 * list of names where EVTX holds a hex mask. Everything an ingest pipeline derives (`process.*`,
 * `user.*`, `message` …) repeats event data under other names and is not carried either.
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
