/**
 * Field mapping, as data, for "flat" Windows event JSON: NXLog `im_msvistalog` output, the OTRF
 * Security-Datasets (Mordor) files made from it, and exports alike, where the System values sit at
 * the top level under the collector's names and the EventData values sit beside them under their
 * own. The System names become the ones an EVTX record carries (Sigma rules specification, "Field
 * Usage"); the collector's own additions, which no EVTX record carries, are left out.
 */

/**
 * How a System value is normalized so it equals the EVTX record's value: `uint` a number (numeric
 * text accepted), `keywords` the `0x…` lower-case hex text, `time` ISO 8601 UTC text, `string` as is.
 */
export type WindowsSystemValueType = 'string' | 'uint' | 'keywords' | 'time';

/** One System field: the EVTX/Sigma name and the export names it may arrive under, best first. */
export interface WindowsSystemFieldSource {
  readonly field: string;
  /** The first name present (not null, not empty) gives the value; every name listed is consumed. */
  readonly from: readonly string[];
  readonly type: WindowsSystemValueType;
}

/** System fields in the order an EVTX record lists them. */
export const FLAT_WINDOWS_SYSTEM_FIELDS: readonly WindowsSystemFieldSource[] = [
  { field: 'Provider_Name', from: ['Provider_Name', 'SourceName', 'ProviderName'], type: 'string' },
  { field: 'Provider_Guid', from: ['Provider_Guid', 'ProviderGuid'], type: 'string' },
  { field: 'EventID', from: ['EventID'], type: 'uint' },
  { field: 'Version', from: ['Version'], type: 'uint' },
  { field: 'Level', from: ['Level'], type: 'uint' },
  { field: 'Task', from: ['Task'], type: 'uint' },
  // NXLog writes the opcode's number as `OpcodeValue` and its display name ("Info") as `Opcode`.
  { field: 'Opcode', from: ['OpcodeValue', 'Opcode'], type: 'uint' },
  { field: 'Keywords', from: ['Keywords'], type: 'keywords' },
  // `EventTime` is NXLog's local time without a zone, so a UTC `@timestamp` (the shipper's, a few
  // seconds after the event in the Mordor files) is preferred to it; zone-less text is read as UTC.
  {
    field: 'TimeCreated_SystemTime',
    from: ['TimeCreated_SystemTime', 'TimeCreated', 'SystemTime', '@timestamp', 'EventTime'],
    type: 'time',
  },
  { field: 'EventRecordID', from: ['EventRecordID', 'RecordNumber', 'RecordId'], type: 'uint' },
  { field: 'Correlation_ActivityID', from: ['Correlation_ActivityID', 'ActivityID', 'ActivityId'], type: 'string' },
  {
    field: 'Correlation_RelatedActivityID',
    from: ['Correlation_RelatedActivityID', 'RelatedActivityID', 'RelatedActivityId'],
    type: 'string',
  },
  { field: 'Execution_ProcessID', from: ['Execution_ProcessID', 'ExecutionProcessID'], type: 'uint' },
  { field: 'Execution_ThreadID', from: ['Execution_ThreadID', 'ThreadID'], type: 'uint' },
  { field: 'Channel', from: ['Channel'], type: 'string' },
  { field: 'Computer', from: ['Computer', 'Hostname', 'ComputerName', 'MachineName'], type: 'string' },
  { field: 'Security_UserID', from: ['Security_UserID', 'UserID', 'UserId'], type: 'string' },
];

/** Names one collector adds that no EVTX record carries, dropped when the collector's marker is there. */
export interface CollectorFields {
  /** A field only this collector writes; `undefined`: the set applies to every flat object. */
  readonly marker: string | undefined;
  /**
   * `'always'`, or only when the value is one of those listed (NXLog's `EventType` is a severity
   * word, while Sysmon 12–14 carry an `EventType` of their own such as `SetValue`, which is kept).
   */
  readonly fields: Readonly<Record<string, 'always' | readonly string[]>>;
}

export const FLAT_WINDOWS_COLLECTOR_FIELDS: readonly CollectorFields[] = [
  // The rendered message text: exporters add it, EVTX records hold only the insertion values.
  { marker: undefined, fields: { Message: 'always' } },
  {
    // NXLog im_msvistalog. Its AccountName/AccountType/Domain describe `UserID`, and overwrite the
    // event's own data of that name (a 7045 from NXLog shows the installing user as AccountName, not
    // the service account): the value is NXLog's either way, so it goes.
    marker: 'SourceModuleType',
    fields: {
      Category: 'always',
      Severity: 'always',
      SeverityValue: 'always',
      EventReceivedTime: 'always',
      SourceModuleName: 'always',
      SourceModuleType: 'always',
      AccountName: 'always',
      AccountType: 'always',
      Domain: 'always',
      EventType: ['INFO', 'WARNING', 'ERROR', 'CRITICAL', 'VERBOSE', 'AUDIT_SUCCESS', 'AUDIT_FAILURE'],
      // The Mordor pipeline keeps NXLog's EventType here when the event has one of its own.
      EventTypeOrignal: 'always',
    },
  },
  // Logstash, which shipped the Mordor files: `host` and `port` are the collector's, not the event's.
  { marker: '@version', fields: { '@version': 'always', tags: 'always', host: 'always', port: 'always' } },
];

/**
 * Members that hold the event data as one object instead of beside the System values (some
 * exporters nest it); their members become data fields, as the top-level ones do.
 */
export const FLAT_WINDOWS_DATA_OBJECTS: readonly string[] = ['EventData', 'UserData'];
