/**
 * Windows logsource facts as data: which event-log channels a Sigma `service` names, and which
 * Channel + EventID (+ field equalities and renames) make an event part of a Sigma `category`.
 * Facts from the Sigma taxonomy appendix (v2.1) and SigmaHQ's `tests/thor.yml`, written here in
 * our own form; `windows-logsources.test.ts` checks this table against thor.yml row by row.
 */

/** Sigma `service` → the channels it names. Channel names compare case-insensitively. */
export const WINDOWS_SERVICE_CHANNELS: Readonly<Record<string, readonly string[]>> = {
  security: ['Security'],
  system: ['System'],
  application: ['Application'],
  sysmon: ['Microsoft-Windows-Sysmon/Operational'],
  powershell: ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'],
  'powershell-classic': ['Windows PowerShell'],
  taskscheduler: ['Microsoft-Windows-TaskScheduler/Operational'],
  wmi: ['Microsoft-Windows-WMI-Activity/Operational'],
  windefend: ['Microsoft-Windows-Windows Defender/Operational'],
  ntlm: ['Microsoft-Windows-NTLM/Operational'],
  dhcp: ['Microsoft-Windows-DHCP-Server/Operational'],
  'printservice-admin': ['Microsoft-Windows-PrintService/Admin'],
  'printservice-operational': ['Microsoft-Windows-PrintService/Operational'],
  'smbclient-security': ['Microsoft-Windows-SmbClient/Security'],
  'smbclient-connectivity': ['Microsoft-Windows-SmbClient/Connectivity'],
  'smbserver-connectivity': ['Microsoft-Windows-SMBServer/Connectivity'],
  'terminalservices-localsessionmanager': ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'],
  'codeintegrity-operational': ['Microsoft-Windows-CodeIntegrity/Operational'],
  applocker: [
    'Microsoft-Windows-AppLocker/MSI and Script',
    'Microsoft-Windows-AppLocker/EXE and DLL',
    'Microsoft-Windows-AppLocker/Packaged app-Deployment',
    'Microsoft-Windows-AppLocker/Packaged app-Execution',
  ],
  'msexchange-management': ['MSExchange Management'],
  'firewall-as': ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  'bits-client': ['Microsoft-Windows-Bits-Client/Operational'],
  'security-mitigations': [
    'Microsoft-Windows-Security-Mitigations/Kernel Mode',
    'Microsoft-Windows-Security-Mitigations/User Mode',
  ],
  'diagnosis-scripted': ['Microsoft-Windows-Diagnosis-Scripted/Operational'],
  'shell-core': ['Microsoft-Windows-Shell-Core/Operational'],
  openssh: ['OpenSSH/Operational'],
  ldap: ['Microsoft-Windows-LDAP-Client/Debug'],
  bitlocker: ['Microsoft-Windows-BitLocker/BitLocker Management'],
  vhdmp: ['Microsoft-Windows-VHDMP/Operational'],
  'appxdeployment-server': ['Microsoft-Windows-AppXDeploymentServer/Operational'],
  'lsa-server': ['Microsoft-Windows-LSA/Operational'],
  'appxpackaging-om': ['Microsoft-Windows-AppxPackaging/Operational'],
  'dns-client': ['Microsoft-Windows-DNS Client Events/Operational'],
  'appmodel-runtime': ['Microsoft-Windows-AppModel-Runtime/Admin'],
  capi2: ['Microsoft-Windows-CAPI2/Operational'],
  'certificateservicesclient-lifecycle-system': [
    'Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational',
  ],
  'kernel-shimengine': [
    'Microsoft-Windows-Kernel-ShimEngine/Operational',
    'Microsoft-Windows-Kernel-ShimEngine/Diagnostic',
  ],
  'application-experience': [
    'Microsoft-Windows-Application-Experience/Program-Telemetry',
    'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant',
  ],
  ntfs: ['Microsoft-Windows-Ntfs/Operational'],
  'hyper-v-worker': ['Microsoft-Windows-Hyper-V-Worker'],
  'kernel-event-tracing': ['Microsoft-Windows-Kernel-EventTracing'],
  sense: ['Microsoft-Windows-SENSE/Operational'],
  'servicebus-client': ['Microsoft-ServiceBus-Client/Admin', 'Microsoft-ServiceBus-Client/Operational'],
  'iis-configuration': ['Microsoft-IIS-Configuration/Operational'],
  // Services SigmaHQ rules use that thor.yml does not list; channels from the taxonomy appendix.
  'microsoft-servicebus-client': ['Microsoft-ServiceBus-Client/Admin', 'Microsoft-ServiceBus-Client/Operational'],
  'dns-server': ['DNS Server'],
  'dns-server-analytic': ['Microsoft-Windows-DNS-Server/Analytical'],
  'dns-server-audit': ['Microsoft-Windows-DNS-Server/Audit'],
  'driver-framework': ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'],
};

/** One row: events of `service` with one of `eventIds` (and `conditions`) belong to `category`. */
export interface WindowsCategorySource {
  readonly id: string;
  readonly category: string;
  readonly service: string;
  readonly eventIds: readonly number[];
  readonly conditions?: Readonly<Record<string, readonly string[]>>;
  /** Sigma field name → the field the event carries. */
  readonly fieldMap?: Readonly<Record<string, string>>;
}

const sysmon = (id: string, category: string, ...eventIds: number[]): WindowsCategorySource => ({
  id,
  category,
  service: 'sysmon',
  eventIds,
});

/** Sigma `category` sources for `product: windows`. */
export const WINDOWS_CATEGORY_SOURCES: readonly WindowsCategorySource[] = [
  sysmon('process_creation_sysmon', 'process_creation', 1),
  {
    id: 'process_creation_security',
    category: 'process_creation',
    service: 'security',
    eventIds: [4688],
    // 4688 names the new and the parent image differently; the rest of its fields keep their names.
    fieldMap: { Image: 'NewProcessName', ParentImage: 'ParentProcessName' },
  },
  sysmon('file_change', 'file_change', 2),
  sysmon('network_connection', 'network_connection', 3),
  sysmon('sysmon_status', 'sysmon_status', 4, 16),
  sysmon('process_termination', 'process_termination', 5),
  sysmon('driver_load', 'driver_load', 6),
  sysmon('image_load', 'image_load', 7),
  sysmon('create_remote_thread', 'create_remote_thread', 8),
  sysmon('raw_access_thread', 'raw_access_thread', 9),
  sysmon('process_access', 'process_access', 10),
  sysmon('file_event', 'file_event', 11),
  sysmon('registry_event', 'registry_event', 12, 13, 14),
  {
    id: 'registry_add',
    category: 'registry_add',
    service: 'sysmon',
    eventIds: [12],
    conditions: { EventType: ['CreateKey'] },
  },
  {
    id: 'registry_delete',
    category: 'registry_delete',
    service: 'sysmon',
    eventIds: [12],
    conditions: { EventType: ['DeleteKey', 'DeleteValue'] },
  },
  sysmon('registry_set', 'registry_set', 13),
  sysmon('registry_rename', 'registry_rename', 14),
  sysmon('create_stream_hash', 'create_stream_hash', 15),
  sysmon('pipe_created', 'pipe_created', 17, 18),
  sysmon('wmi_event', 'wmi_event', 19, 20, 21),
  sysmon('dns_query', 'dns_query', 22),
  sysmon('file_delete', 'file_delete', 23),
  sysmon('clipboard_change', 'clipboard_change', 24),
  sysmon('clipboard_capture', 'clipboard_capture', 24),
  sysmon('process_tampering', 'process_tampering', 25),
  sysmon('file_delete_detected', 'file_delete_detected', 26),
  sysmon('file_block_executable', 'file_block_executable', 27),
  sysmon('file_block_shredding', 'file_block_shredding', 28),
  sysmon('file_executable_detected', 'file_executable_detected', 29),
  sysmon('sysmon_error', 'sysmon_error', 255),
  { id: 'ps_module', category: 'ps_module', service: 'powershell', eventIds: [4103] },
  { id: 'ps_script', category: 'ps_script', service: 'powershell', eventIds: [4104] },
  { id: 'ps_classic_start', category: 'ps_classic_start', service: 'powershell-classic', eventIds: [400] },
  {
    id: 'ps_classic_provider_start',
    category: 'ps_classic_provider_start',
    service: 'powershell-classic',
    eventIds: [600],
  },
  { id: 'ps_classic_script', category: 'ps_classic_script', service: 'powershell-classic', eventIds: [800] },
  {
    id: 'antivirus_windefend',
    category: 'antivirus',
    service: 'windefend',
    eventIds: [1006, 1007, 1008, 1009, 1010, 1011, 1012, 1017, 1018, 1019, 1115, 1116],
    fieldMap: { Signature: 'ThreatName', Filename: 'Path' },
  },
];
