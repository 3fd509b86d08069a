/**
 * Conformance over the SigmaHQ rule corpus: every rule of the maintained folders loads and compiles
 * (against every Windows logsource mapping, so field renames are exercised too); placeholder rules
 * are unsupported without values and compile with them; each file of `unsupported/` is either
 * rejected with a reason or supported, as listed here.
 */
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyWindowsEvent, WINDOWS_CATEGORY_SOURCES, WINDOWS_SERVICE_CHANNELS } from '../../src/event/index.js';
import { checkRules, loadRules, RuleSet, type RuleCheckResult, type RuleIssue } from '../../src/sigma/index.js';
import { SIGMA_CORPUS } from './corpus-paths.js';

async function check(folder: string, placeholders?: Map<string, string[]>): Promise<RuleCheckResult> {
  return checkRules(await loadRules([join(SIGMA_CORPUS, folder)]), { placeholders });
}

const blocking = (result: RuleCheckResult, severity: RuleIssue['severity']): string[] =>
  result.issues
    .filter((i) => i.severity === severity)
    .map((i) => `${relative(SIGMA_CORPUS, i.location.file)} ${i.code}`)
    .sort();

/** Compiles every rule for every Windows event class the logsource table knows. */
function compileForAllWindowsClasses(result: RuleCheckResult): number {
  const set = new RuleSet(result.rules);
  let candidates = 0;
  for (const [service, channels] of Object.entries(WINDOWS_SERVICE_CHANNELS)) {
    const ids = WINDOWS_CATEGORY_SOURCES.filter((s) => s.service === service).flatMap((s) => s.eventIds);
    for (const channel of channels) {
      for (const id of [undefined, ...ids]) candidates += set.candidatesFor(classifyWindowsEvent(channel, id)).length;
    }
  }
  return candidates;
}

describe('SigmaHQ rule folders', () => {
  it.each(['rules', 'rules-threat-hunting', 'rules-compliance'])(
    '%s: every rule loads and compiles',
    async (folder) => {
      const result = await check(folder);
      expect(blocking(result, 'invalid')).toEqual([]);
      expect(blocking(result, 'unsupported')).toEqual([]);
      expect(result.rules.length).toBe(result.total);
      compileForAllWindowsClasses(result);
    },
  );

  it('rules-emerging-threats: every rule loads and compiles but the two that need a %known_cdcs% placeholder', async () => {
    const result = await check('rules-emerging-threats');
    expect(blocking(result, 'invalid')).toEqual([]);
    // The specification requires rejecting an unresolved placeholder; with a value they compile (below).
    expect(blocking(result, 'unsupported')).toEqual([
      'rules-emerging-threats/2026/Exploits/CVE-2026-54121/win_security_adcs_certighost_cdc_chase_request.yml UNSUPPORTED_PLACEHOLDER',
      'rules-emerging-threats/2026/Exploits/CVE-2026-54121/win_security_adcs_certighost_cert_issued_via_chase.yml UNSUPPORTED_PLACEHOLDER',
    ]);
    compileForAllWindowsClasses(result);
    const withValues = await check('rules-emerging-threats', new Map([['known_cdcs', ['cdc:dc01.corp.example']]]));
    expect(withValues.rules.length).toBe(withValues.total);
  });

  it('deprecated: every rule loads and compiles except three placeholder rules (its Sigma 1.0 aggregation runs as a correlation)', async () => {
    const result = await check('deprecated');
    expect(blocking(result, 'invalid')).toEqual([]);
    expect(blocking(result, 'unsupported')).toEqual([
      'deprecated/cloud/azure_ad_account_signin_outside_hours.yml UNSUPPORTED_PLACEHOLDER',
      'deprecated/cloud/azure_privileged_account_no_saw_paw.yml UNSUPPORTED_PLACEHOLDER',
      'deprecated/cloud/azure_privileged_account_signin_outside_hours.yml UNSUPPORTED_PLACEHOLDER',
    ]);
    expect(result.correlations.map((c) => relative(SIGMA_CORPUS, c.location.file))).toEqual([
      'deprecated/other/generic_brute_force.yml',
    ]);
    compileForAllWindowsClasses(result);
  });

  it('rules-placeholder: unsupported without placeholder values, compiled with them', async () => {
    const without = await check('rules-placeholder');
    expect(without.rules).toHaveLength(0);
    expect(without.total).toBe(23);
    expect(new Set(without.issues.filter((i) => i.severity !== 'warning').map((i) => i.code))).toEqual(
      new Set(['UNSUPPORTED_PLACEHOLDER']),
    );
    const names = new Set(without.issues.map((i) => /%([^%]+)%/.exec(i.message)?.[1]).filter((n) => n !== undefined));
    // Each rule reports only its first unresolved placeholder; give values until none is left.
    const placeholders = new Map<string, string[]>([...names].map((n) => [n as string, ['value-for-test']]));
    for (let round = 0; round < 5; round++) {
      const next = await check('rules-placeholder', placeholders);
      for (const issue of next.issues) {
        const name = /%([^%]+)%/.exec(issue.message)?.[1];
        if (name !== undefined) placeholders.set(name, ['value-for-test']);
      }
      if (next.rules.length === 23) break;
    }
    const withValues = await check('rules-placeholder', placeholders);
    expect(withValues.issues.filter((i) => i.severity !== 'warning')).toEqual([]);
    expect(withValues.rules).toHaveLength(23);
  });

  it('unsupported/: each file is rejected with a reason, or supported as listed (aggregations run as correlations)', async () => {
    const result = await check('unsupported');
    const base = join(SIGMA_CORPUS, 'unsupported');
    const supported = [
      ...new Set([...result.rules, ...result.correlations].map((r) => relative(base, r.location.file))),
    ].sort();
    expect(supported).toEqual([
      'cloud/aws_ec2_download_userdata.yml',
      'cloud/aws_enum_backup.yml',
      'cloud/aws_enum_listing.yml',
      'cloud/aws_enum_network.yml',
      'cloud/aws_enum_storage.yml',
      'cloud/aws_macic_evasion.yml',
      'cloud/aws_ses_messaging_enabled.yml',
      'cloud/azure_aad_secops_signin_failure_bad_password_threshold.yml',
      'linux/lnx_auditd_cve_2021_3156_sudo_buffer_overflow.yml',
      'linux/lnx_auditd_cve_2021_3156_sudo_buffer_overflow_brutforce.yml',
      'linux/lnx_auditd_omigod_scx_runasprovider_executescript.yml',
      'linux/lnx_auth_susp_failed_logons_single_source.yml',
      'linux/lnx_shell_priv_esc_prep.yml',
      'network/net_dns_c2_detection.yml',
      'network/net_dns_high_bytes_out.yml',
      'network/net_dns_high_null_records_requests_rate.yml',
      'network/net_dns_high_requests_rate.yml',
      'network/net_dns_high_txt_records_requests_rate.yml',
      'network/net_dns_large_domain_name.yml',
      'network/net_firewall_high_dns_bytes_out.yml',
      'network/net_firewall_high_dns_requests_rate.yml',
      'network/net_firewall_susp_network_scan_by_ip.yml',
      'network/net_firewall_susp_network_scan_by_port.yml',
      'network/net_possible_dns_rebinding.yml',
      'other/modsec_mulitple_blocks.yml',
      'web/web_multiple_susp_resp_codes_single_source.yml',
      'windows/dns_query_win_possible_dns_rebinding.yml',
      'windows/driver_load_invoke_obfuscation_clip+_services.yml',
      'windows/driver_load_invoke_obfuscation_obfuscated_iex_services.yml',
      'windows/driver_load_invoke_obfuscation_stdin+_services.yml',
      'windows/driver_load_invoke_obfuscation_var+_services.yml',
      'windows/driver_load_invoke_obfuscation_via_compress_services.yml',
      'windows/driver_load_invoke_obfuscation_via_rundll_services.yml',
      'windows/driver_load_invoke_obfuscation_via_stdin_services.yml',
      'windows/driver_load_invoke_obfuscation_via_use_clip_services.yml',
      'windows/driver_load_invoke_obfuscation_via_use_mshta_services.yml',
      'windows/driver_load_invoke_obfuscation_via_use_rundll32_services.yml',
      'windows/driver_load_invoke_obfuscation_via_var++_services.yml',
      'windows/driver_load_meterpreter_or_cobaltstrike_getsystem_service_installation.yml',
      'windows/driver_load_tap_driver_installation.yml',
      'windows/file_event_executable_and_script_creation_by_office_using_file_ext.yml',
      'windows/posh_ps_cl_invocation_lolscript_count.yml',
      'windows/posh_ps_cl_mutexverifiers_lolscript_count.yml',
      'windows/proc_creation_win_correlation_dnscat2_powershell_implementation.yml',
      'windows/proc_creation_win_correlation_multiple_susp_cli.yml',
      'windows/proc_creation_win_correlation_susp_builtin_commands_recon.yml',
      'windows/sysmon_always_install_elevated_msi_spawned_cmd_and_powershell_spawned_processes.yml',
      'windows/sysmon_non_priv_program_files_move.yml',
      'windows/win_access_fake_files_with_stored_credentials.yml',
      'windows/win_kernel_and_3rd_party_drivers_exploits_token_stealing.yml',
      'windows/win_mal_service_installs.yml',
      'windows/win_metasploit_or_impacket_smb_psexec_service_install.yml',
      'windows/win_possible_privilege_escalation_using_rotten_potato.yml',
      'windows/win_remote_schtask.yml',
      'windows/win_security_global_catalog_enumeration.yml',
      'windows/win_security_rare_schtasks_creations.yml',
      'windows/win_security_susp_failed_logons_explicit_credentials.yml',
      'windows/win_security_susp_failed_logons_single_process.yml',
      'windows/win_security_susp_failed_logons_single_source.yml',
      'windows/win_security_susp_failed_logons_single_source2.yml',
      'windows/win_security_susp_failed_logons_single_source_kerberos.yml',
      'windows/win_security_susp_failed_logons_single_source_kerberos2.yml',
      'windows/win_security_susp_failed_logons_single_source_kerberos3.yml',
      'windows/win_security_susp_failed_logons_single_source_ntlm.yml',
      'windows/win_security_susp_failed_logons_single_source_ntlm2.yml',
      'windows/win_security_susp_failed_remote_logons_single_source.yml',
      'windows/win_security_susp_multiple_files_renamed_or_deleted.yml',
      'windows/win_susp_failed_hidden_share_mount.yml',
      'windows/win_suspicious_werfault_connection_outbound.yml',
      'windows/win_system_rare_service_installs.yml',
      'windows/win_taskscheduler_rare_schtask_creation.yml',
      'zeek/zeek_dce_rpc_domain_user_enumeration.yml',
      'zeek/zeek_http_exfiltration_compressed_files.yml',
    ]);
    expect(result.correlations).toHaveLength(46);
    // Every rejected document has the reason that names what svchunt cannot run or what is wrong.
    const reasons = result.issues.filter((i) => i.severity !== 'warning').map((i) => i.code);
    expect(reasons.filter((c) => c === 'UNSUPPORTED_AGGREGATION')).toHaveLength(7); // `near` and min/max
    expect(reasons.filter((c) => c === 'UNKNOWN_DOCUMENT')).toHaveLength(8); // Sigma 1.0 rule collections
    expect(reasons.filter((c) => c === 'UNDEFINED_IDENTIFIER')).toHaveLength(4); // pseudo-code conditions
    expect(result.rejected).toHaveLength(reasons.length);
  });
});
