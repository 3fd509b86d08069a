/**
 * Corrupt and dirty samples pin exact numbers: records parsed and issues by code. A change in any
 * of them is a change in what svchunt recovers or reports, and must be looked at.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issuesOf, parseEvtxBytes } from '../../src/evtx/index.js';
import { LOGS } from './evtx-corpus.js';

const PINNED: Readonly<
  Record<string, { readonly records: number; readonly issues: Readonly<Record<string, number>> }>
> = {
  'omerbenamram-evtx/samples/sample_with_a_bad_chunk_magic.evtx': {
    records: 298,
    issues: { BAD_CHUNK_DATA_CRC: 3, BAD_RECORD_HEADER: 3, BAD_CHUNK_MAGIC: 2 },
  },
  'omerbenamram-evtx/samples/Application_no_crc32.evtx': {
    records: 17,
    issues: { BAD_CHUNK_HEADER_CRC: 1, BAD_CHUNK_DATA_CRC: 1 },
  },
  'omerbenamram-evtx/samples/sample-with-zero-data-size-event.evtx': {
    records: 449,
    issues: { BAD_CHUNK_DATA_CRC: 1, BAD_RECORD_HEADER: 1 },
  },
  'omerbenamram-evtx/samples/sample-with-irregular-bool-values.evtx': { records: 3028, issues: {} },
  'omerbenamram-evtx/samples/security_bad_string_cache.evtx': { records: 2261, issues: { BAD_CHUNK_HEADER_CRC: 1 } },
  'omerbenamram-evtx/samples/2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx': {
    records: 1950,
    issues: { BAD_CHUNK_DATA_CRC: 2, BAD_RECORD_HEADER: 4, BAD_TEMPLATE: 23 },
  },
  'omerbenamram-evtx/samples/2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx': {
    records: 1795,
    issues: { BAD_CHUNK_DATA_CRC: 2, BAD_RECORD_HEADER: 1 },
  },
  'omerbenamram-evtx/samples/2-vss_7-System.evtx': { records: 1160, issues: {} },
  'omerbenamram-evtx/samples/sysmon.evtx': { records: 358, issues: { BAD_CHUNK_MAGIC: 8 } },
  'omerbenamram-evtx/samples/Microsoft-Windows-HelloForBusiness%4Operational.evtx': {
    records: 5,
    issues: { BAD_CHUNK_DATA_CRC: 1, BAD_RECORD_HEADER: 1 },
  },
  'omerbenamram-evtx/samples/Microsoft-Windows-LanguagePackSetup%4Operational.evtx': {
    records: 16,
    issues: { BAD_CHUNK_DATA_CRC: 1, BAD_RECORD_HEADER: 1 },
  },
};

describe('dirty and corrupt EVTX samples', () => {
  for (const [name, pinned] of Object.entries(PINNED)) {
    it(`reads ${name.split('/').pop()} with the pinned record and issue counts`, () => {
      const file = join(LOGS, name);
      const outputs = parseEvtxBytes(readFileSync(file), file, { output: 'events' });
      const counts: Record<string, number> = {};
      for (const issue of issuesOf(outputs)) counts[issue.code] = (counts[issue.code] ?? 0) + 1;
      expect({ records: outputs.reduce((sum, o) => sum + o.recordCount, 0), issues: counts }).toEqual(pinned);
    });
  }

  it('locates every issue by file, chunk and byte offset, and records by id', () => {
    const file = join(
      LOGS,
      'omerbenamram-evtx/samples/2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx',
    );
    const issues = issuesOf(parseEvtxBytes(readFileSync(file), file, { output: 'jsonl' }));
    expect(issues).toHaveLength(29); // as pinned above: 2 + 4 + 23
    for (const issue of issues) {
      expect(issue.file).toBe(file);
      expect(issue.chunk).toBeTypeOf('number');
      expect(issue.offset).toBeTypeOf('number');
    }
    const badTemplates = issues.filter((issue) => issue.code === 'BAD_TEMPLATE');
    expect(badTemplates).toHaveLength(23);
    for (const issue of badTemplates) {
      expect(issue.skipped).toBe('record');
      expect(issue.recordId).toBeTypeOf('number');
    }
  });
});
