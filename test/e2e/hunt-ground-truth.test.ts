/**
 * `hunt` with the built-in rules on real logs: every file of the T1569 ground truth (kinds A–K of
 * `shared/corpus/logs/T1569-GROUND-TRUTH.md`) gets a finding with the right ATT&CK technique, and the
 * negatives and near-misses it lists get nothing at level high or above. Files are read where they lie.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/report/index.js';
import { huntFindings } from '../support/hunt-findings.js';
import { LOG_CORPUS } from '../conformance/corpus-paths.js';

const T1543 = 'T1543.003';
const T1569 = 'T1569.002';
const TA = 'evtx-to-mitre-attack/';
const EAS = 'evtx-attack-samples/';
const SERVICE = `${TA}TA0003-Persistence/T1543.003-Create or Modify System Process-Windows Service/`;
const EXEC = `${TA}TA0002-Execution/T1569.002-Service execution/`;
const APT = `${TA}EVTX_full_APT_attack_steps/`;
const MORDOR = 'security-datasets/datasets/atomic/windows/';

/** [kind, file under the log corpus, technique a finding must carry]. */
const GROUND_TRUTH: readonly (readonly [string, string, string])[] = [
  ['A', `${SERVICE}ID7045-7036 PSexec service installation.evtx`, T1569],
  [
    'A',
    `${TA}TA0008-Lateral Movement/T1021.002-SMB Windows Admin Shares/ID4688,4697,5140-5145 PSexec remote execution + admin share.evtx`,
    T1569,
  ],
  ['A', `${EAS}Lateral Movement/remote_file_copy_system_proc_file_write_sysmon_11.evtx`, T1569],
  ['A', `${EAS}Privilege Escalation/sysmon_privesc_psexec_dwell.evtx`, T1569],
  ['A', 'python-evtx/tests/data/system.evtx', T1569],
  ['B', `${EAS}Defense Evasion/DE_renamed_psexec_service_sysmon_17_18.evtx`, T1569],
  ['C', 'deepbluecli/evtx/metasploit-psexec-native-target-system.evtx', T1569],
  ['C', 'deepbluecli/evtx/metasploit-psexec-native-target-security.evtx', T1569],
  ['C', `${EAS}Lateral Movement/LM_sysmon_psexec_smb_meterpreter.evtx`, T1569],
  ['C', `${APT}ID5140-5145,4688,4697-Encrypted payload deployed with service over SMB (GLOBAL).evtx`, T1569],
  ['C', `${EXEC}ID7009-Service deployment time out (meterpreter).evtx`, T1569],
  ['C', `${EXEC}ID5145-remote service creation over SMB.evtx`, T1569],
  ['C', `${MORDOR}lateral_movement/host/empire_psexec_dcerpc_tcp_svcctl_2020-09-20121608.json`, T1569],
  ['D', `${SERVICE}ID7045-4697-SMBexec service registration.evtx`, T1569],
  ['D', `${APT}ID47x,4661-4662,5136,4688,4697-SAM the admin (CVE-2021-42287).evtx`, T1569],
  ['E', 'deepbluecli/evtx/metasploit-sysmon.evtx', T1569],
  ['E', `${EAS}Privilege Escalation/sysmon_13_1_meterpreter_getsystem_NamedPipeImpersonation.evtx`, T1569],
  ['F', `${EAS}Lateral Movement/LM_Remote_Service01_5145_svcctl.evtx`, T1569],
  ['F', 'hayabusa-sample-evtx/EVTX-ATTACK-SAMPLES/Lateral Movement/LM_5145_4674_SVCCTL.evtx', T1569],
  ['F', `${EXEC}ID7000,7009,7045-Payload deployed via service - Tchopper.evtx`, T1569],
  [
    'F',
    `${TA}TA0005-Defense Evasion/T1027-Obfuscated Files or Information/ID4688-Obfuscated payload transfer via service name - Tchopper.evtx`,
    T1569,
  ],
  ['F', `${EAS}Lateral Movement/LM_REMCOM_5145_TargetHost.evtx`, T1569],
  ['F', `${EAS}Persistence/persistence_sysmon_11_13_1_shime_appfix.evtx`, T1569],
  ['F', `${EAS}Privilege Escalation/privesc_spoolsv_spl_file_write_sysmon11.evtx`, T1569],
  ['F', `${MORDOR}lateral_movement/host/covenant_sharpsc_create_dcerpc_smb_svcctl_2020-08-06022635.json`, T1569],
  ['G', `${SERVICE}ID4688-Service created (command).evtx`, T1543],
  ['G', `${SERVICE}ID4688-Service abuse with Failure Command.evtx`, T1543],
  ['G', `${SERVICE}ID4688-4697 RDP hijack via service creation.evtx`, T1543],
  ['G', `${EAS}AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx`, T1543],
  ['G', `${SERVICE}ID4688-Service permissions modified (registry).evtx`, T1543],
  ['G', `${SERVICE}ID7045-Random service installation.evtx`, T1543],
  ['G', `${MORDOR}privilege_escalation/host/cmd_service_mod_fax_2020-10-2120454410.json`, T1543],
  ['H', `${SERVICE}ID800-4103-4104-Service creation (PowerShell).evtx`, T1543],
  ['H', `${SERVICE}ID800-4103-4104-Service abuse with malicious path.evtx`, T1543],
  ['I', `${SERVICE}ID4697-New service for Mimikatz.evtx`, T1543],
  ['I', `${EAS}Defense Evasion/DSE_bypass_BYOV_TDL_dummydriver_sysmon_6_7_13.evtx`, T1543],
  ['J', `${TA}TA0003-Persistence/T1546-Event Triggered Execution/ID13-WMIimplant registry crash control.evtx`, T1543],
  [
    'K',
    `${TA}TA0006-Credential Access/T1003-Credential dumping/ID4656, 5145, 4674-Impacket secret dump via SMB.evtx`,
    T1569,
  ],
  [
    'K',
    `${TA}TA0006-Credential Access/T1555-Credentials from Password Stores/ID5145-user file-credentials-browser dump via network share.evtx`,
    T1569,
  ],
];

/** Negatives and near-misses named by the ground truth: no finding at high or critical. */
const NEGATIVES: readonly string[] = [
  'deepbluecli/evtx/metasploit-psexec-pwshpayload.evtx',
  `${MORDOR}lateral_movement/host/covenant_sharpsc_query_dcerpc_smb_svcctl_2020-08-06012009.json`,
  'omerbenamram-evtx/samples/system.evtx',
  'omerbenamram-evtx/samples/2-vss_7-System.evtx',
  'omerbenamram-evtx/samples/sample-with-zero-data-size-event.evtx',
  'omerbenamram-evtx/samples/sysmon.evtx',
  'python-evtx/tests/data/system.evtx',
  `${EAS}Lateral Movement/smbmap_upload_exec_sysmon.evtx`,
  `${EAS}Lateral Movement/LM_wmiexec_impacket_sysmon_whoami.evtx`,
  `${TA}TA0002-Execution/T1047-Windows Management Instrumentation/ID4688-5145-WMIexec execution via SMB.evtx`,
  `${TA}TA0005-Defense Evasion/T1562.001-Impair Defenses-Disable or Modify tool/ID4688-Defender service deactivation attempt.evtx`,
  `${EAS}Defense Evasion/DE_EventLog_Service_Crashed.evtx`,
  `${EAS}Defense Evasion/DE_remote_eventlog_svc_crash_byt3bl33d3r_sysmon_17_1_3.evtx`,
];

const HIGH_OR_ABOVE = new Set(['high', 'critical']);

async function hunt(file: string): Promise<Finding[]> {
  const { findings, summary } = await huntFindings(join(LOG_CORPUS, file));
  expect(summary.counters.files).toBe(1);
  expect(summary.rules.notLoaded).toEqual([]);
  return findings;
}

describe('hunt on the T1569 ground truth', () => {
  it.each(GROUND_TRUTH)('kind %s: %s', async (_kind, file, technique) => {
    const findings = await hunt(file);
    expect(findings.filter((f) => f.attack.techniques.includes(technique)).length).toBeGreaterThan(0);
  });

  it.each(NEGATIVES)('negative or near-miss: %s has nothing at high or above', async (file) => {
    const findings = await hunt(file);
    expect(findings.filter((f) => HIGH_OR_ABOVE.has(f.rule.level ?? '')).map((f) => f.rule.title)).toEqual([]);
  });
});
