/**
 * The ECS moved-data table is data the shape trusts: these are the shapes its forms need, and the
 * Sysmon DNS status table must turn every name back into one code.
 */
import { describe, expect, it } from 'vitest';
import { ECS_WINDOWS_MOVED_DATA } from './ecs-windows-fields.js';
import { SYSMON_DNS_QUERY_STATUS_NAMES } from './sysmon-dns-query-status.js';

describe('the ECS moved-data table', () => {
  it('gives each Sysmon DNS status name one decimal code', () => {
    const codes = Object.keys(SYSMON_DNS_QUERY_STATUS_NAMES);
    const names = Object.values(SYSMON_DNS_QUERY_STATUS_NAMES);
    expect(codes.every((code) => /^(0|[1-9]\d*)$/.test(code))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    const status = ECS_WINDOWS_MOVED_DATA.find((s) => s.field === 'QueryStatus' && s.form === 'code-name');
    // The mapping the shape uses is the table read backwards, name for code, every one of them.
    for (const [code, name] of Object.entries(SYSMON_DNS_QUERY_STATUS_NAMES))
      expect(status?.values?.[name], name).toBe(code);
    expect(status?.values?.['DNS_ERROR_RCODE_NAME_ERROR']).toBe('9003');
  });

  it('gives every form the members it reads', () => {
    for (const source of ECS_WINDOWS_MOVED_DATA) {
      const where = `${source.provider} ${source.field} (${source.form})`;
      expect(source.from.length, where).toBeGreaterThan(0);
      expect(source.eventIds.length, where).toBeGreaterThan(0);
      if (source.form === 'hashes') {
        expect(source.labels?.length, where).toBeGreaterThan(0);
        expect(source.from.length % (source.labels?.length ?? 1), where).toBe(0);
      }
      if (source.form === 'message-part') expect(source.marks?.[1], where).toBeTruthy();
      if (source.form === 'code-name') expect(source.values, where).toBeDefined();
      if (source.form === 'registry-details') expect(source.from, where).toHaveLength(2);
    }
  });
});
