/**
 * Event data a Winlogbeat module moved or rewrote, read back under its EVTX name. Documents are
 * hand-made in the shape the modules write (`winlogbeat-sysmon.js`, `winlogbeat-powershell.js`,
 * the security module and their 8.x ingest pipelines); the Sysmon hashes are also checked against
 * every real Sysmon record of some corpus files, put through what the module does to them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../event/index.js';
import { LOG_CORPUS } from '../../../test/conformance/corpus-paths.js';
import { readWith } from '../../../test/fixtures/readers/read-all.js';
import { EVTX_READER } from '../evtx-reader.js';
import { ECS_WINDOWS_SHAPE } from './ecs-windows-shape.js';

const SOURCE = { file: 'winlogbeat.ndjson', line: 1, offset: 0 };
const SYSMON = 'Microsoft-Windows-Sysmon';
const POWERSHELL = 'Microsoft-Windows-PowerShell';
const SECURITY = 'Microsoft-Windows-Security-Auditing';

/** A winlogbeat document of `provider` / `eventId` with `event_data` and the module's ECS members. */
function shipped(provider: string, eventId: number, ecs: object, eventData: object = {}): Record<string, unknown> {
  return {
    '@timestamp': '2024-05-01T10:14:02.301Z',
    ...ecs,
    winlog: { channel: 'x', provider_name: provider, event_id: String(eventId), event_data: eventData },
  };
}

function eventOf(document: Record<string, unknown>): Event {
  const event = ECS_WINDOWS_SHAPE.toEvent(document, SOURCE);
  if (event === undefined) throw new Error('not read as an event');
  return event;
}

/** What a Sigma rule reads for `field` in the document. */
function lookup(document: Record<string, unknown>, field: string): unknown {
  return eventOf(document).get(field);
}

const SHA1 = 'ac93c3b38e57a2715572933dbcb2a1c2892dbc5e';
const MD5 = '0d277df348223e0f135194a11e581401';
const SHA256 = '7ea0c87179d1daa3e46904e07469633426a81ef1063f338dca31c7dc641e0ba4';
const IMPHASH = 'f34d5f2d4577ed6d9ceec516c1f5a744';
const ZERO_IMPHASH = '00000000000000000000000000000000';

describe('Sysmon hashes the sysmon module split into ECS', () => {
  it('rebuilds Hashes of a process creation in Sysmon order and upper case, from the hashes present', () => {
    // The 8.x pipeline's output: `kv` into a map (no order), lower-cased, imphash under `pe`.
    const process = { hash: { sha256: SHA256, sha1: SHA1, md5: MD5 }, pe: { imphash: IMPHASH } };
    expect(lookup(shipped(SYSMON, 1, { process }), 'Hashes')).toBe(
      `SHA1=${SHA1.toUpperCase()},MD5=${MD5.toUpperCase()},SHA256=${SHA256.toUpperCase()},IMPHASH=${IMPHASH.toUpperCase()}`,
    );
    const some = { process: { hash: { sha1: SHA1 }, pe: { imphash: IMPHASH } } };
    expect(lookup(shipped(SYSMON, 1, some), 'Hashes')).toBe(
      `SHA1=${SHA1.toUpperCase()},IMPHASH=${IMPHASH.toUpperCase()}`,
    );
  });

  it('reads an image load from file.*, a stream hash as Hash, and a file delete from process.*', () => {
    const file = { path: 'C:\\a.dll', hash: { md5: MD5, sha256: SHA256 }, pe: { imphash: IMPHASH } };
    const expected = `MD5=${MD5.toUpperCase()},SHA256=${SHA256.toUpperCase()},IMPHASH=${IMPHASH.toUpperCase()}`;
    expect(lookup(shipped(SYSMON, 7, { file }), 'Hashes')).toBe(expected);
    expect(lookup(shipped(SYSMON, 6, { file }), 'Hashes')).toBe(expected);
    const stream = eventOf(shipped(SYSMON, 15, { file }));
    expect(stream.get('Hash')).toBe(expected);
    expect(stream.get('Hashes')).toBeUndefined();
    // The module puts a deleted file's hashes under process.* (event23 `splitProcessHashes`).
    expect(lookup(shipped(SYSMON, 23, { process: { hash: { sha1: SHA1 } } }), 'Hashes')).toBe(
      `SHA1=${SHA1.toUpperCase()}`,
    );
  });

  it('reads the first 7.x modules, which wrote hash.* and kept an all-zero imphash', () => {
    const hash = { sha1: SHA1, imphash: ZERO_IMPHASH };
    expect(lookup(shipped(SYSMON, 1, { hash }), 'Hashes')).toBe(`SHA1=${SHA1.toUpperCase()},IMPHASH=${ZERO_IMPHASH}`);
  });

  it("takes Sysmon's own text from the rendered message, all-zero hashes included", () => {
    const text = `SHA1=${SHA1.toUpperCase()},MD5=${MD5.toUpperCase()},IMPHASH=${ZERO_IMPHASH}`;
    const message = `Process Create:\nRuleName: -\nImage: C:\\x.exe\nCommandLine: x.exe\nHashes: ${text}\nParentImage: C:\\p.exe`;
    const process = { hash: { sha1: SHA1, md5: MD5 } };
    expect(lookup(shipped(SYSMON, 1, { message, process }), 'Hashes')).toBe(text);
    // Winlogbeat's experimental renderer keeps the event's `\r\n`.
    expect(lookup(shipped(SYSMON, 1, { message: message.replaceAll('\n', '\r\n') }), 'Hashes')).toBe(text);
  });

  it('ignores a message with a second Hashes line (a command line can forge one) and reads ECS', () => {
    const message = `Process Create:\nCommandLine: x.exe\nHashes: IMPHASH=${IMPHASH}\nHashes: SHA1=${SHA1}`;
    expect(lookup(shipped(SYSMON, 1, { message, process: { hash: { md5: MD5 } } }), 'Hashes')).toBe(
      `MD5=${MD5.toUpperCase()}`,
    );
  });

  it("keeps the event data's Hashes, and makes none from a value that is not a hash", () => {
    const process = { hash: { sha1: SHA1 } };
    expect(lookup(shipped(SYSMON, 1, { process }, { Hashes: 'MD5=AB' }), 'Hashes')).toBe('MD5=AB');
    expect(lookup(shipped(SYSMON, 1, { process }), 'Hashes')).toBe(`SHA1=${SHA1.toUpperCase()}`);
    expect(lookup(shipped(SYSMON, 1, { process: { hash: { sha1: 'unknown' } } }), 'Hashes')).toBeUndefined();
    expect(lookup(shipped(SYSMON, 3, { process }), 'Hashes')).toBeUndefined();
  });
});

/**
 * What the sysmon module does to a `Hashes` text (`addHashes`): split at `,` and `=`, skip an item
 * that is not one pair, lower-case both, drop an all-zero value, imphash under `pe`.
 */
function moduleHashes(text: string, namespace: string): object {
  const hash: Record<string, string> = {};
  const pe: Record<string, string> = {};
  for (const item of text.split(',')) {
    const pair = item.split('=');
    if (pair.length !== 2) continue;
    const key = pair[0]!.toLowerCase();
    const value = pair[1]!.toLowerCase();
    if (/^0*$/.test(value)) continue;
    if (key === 'imphash') pe['imphash'] = value;
    else hash[key] = value;
  }
  return { [namespace]: { hash, pe } };
}

/** The hashes of `text` the module keeps, in Sysmon's order. */
function keptHashes(text: string): string | undefined {
  const kept = text.split(',').filter((item) => {
    const pair = item.split('=');
    return pair.length === 2 && !/^0*$/.test(pair[1]!);
  });
  return kept.length === 0 ? undefined : kept.join(',');
}

const HASH_NAMESPACES: Readonly<Record<number, string>> = {
  1: 'process',
  23: 'process',
  6: 'file',
  7: 'file',
  15: 'file',
};

describe('Sysmon hashes of real records, through the module and back', () => {
  // Files holding Sysmon 1, 6, 7, 15 and 23 records, with every hash configuration of the corpus.
  const FILES = [
    'evtx-attack-samples/Privilege Escalation/Sysmon_UACME_64.evtx',
    'evtx-attack-samples/AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx',
    'omerbenamram-evtx/samples/sysmon.evtx',
    'evtx-attack-samples/Persistence/persistence_sysmon_11_13_1_shime_appfix.evtx',
    'evtx-attack-samples/Command and Control/DE_sysmon-3-rdp-tun.evtx',
    'evtx-attack-samples/Privilege Escalation/sysmon_11_1_15_WScriptBypassUAC.evtx',
  ];

  it('gives back every hash the module kept, as Sysmon wrote it', async () => {
    const seen = { records: 0, zeroDropped: 0, formats: new Set<string>() };
    for (const file of FILES) {
      const { events } = await readWith(EVTX_READER, join(LOG_CORPUS, file));
      for (const record of events) {
        const eventId = record.get('EventID');
        const field = eventId === 15 ? 'Hash' : 'Hashes';
        const text = record.get(field);
        const namespace = typeof eventId === 'number' ? HASH_NAMESPACES[eventId] : undefined;
        if (record.get('Provider_Name') !== SYSMON || typeof text !== 'string' || namespace === undefined) continue;
        seen.records++;
        seen.formats.add(text.replace(/=[0-9A-Fa-f]+/g, ''));
        if (keptHashes(text) !== text) seen.zeroDropped++;
        const document = shipped(SYSMON, eventId as number, moduleHashes(text, namespace));
        expect(lookup(document, field), `${file} ${text}`).toBe(keptHashes(text));
      }
    }
    // Sysmon 1, 7, 15, 23 records; one-hash, three-hash and four-hash configurations; zero imphashes.
    expect(seen.records).toBeGreaterThan(1400);
    expect([...seen.formats]).toEqual(expect.arrayContaining(['SHA1', 'MD5,IMPHASH', 'SHA1,MD5,SHA256,IMPHASH']));
    expect(seen.zeroDropped).toBeGreaterThan(0);
  });
});

describe('Sysmon DNS queries', () => {
  const dns = {
    question: { name: 'cdn.example', registered_domain: 'example' },
    answers: [
      { type: 'CNAME', data: 'edge.example' },
      { type: 'A', data: '1.2.3.4' },
    ],
    resolved_ip: ['1.2.3.4'],
  };

  it('turns the status name the module wrote back into the code Sysmon wrote', () => {
    const status = (value: unknown): unknown =>
      lookup(shipped(SYSMON, 22, { dns, sysmon: { dns: { status: value } } }), 'QueryStatus');
    expect(status('SUCCESS')).toBe('0');
    expect(status('DNS_ERROR_INVALID_NAME_CHAR')).toBe('9560');
    expect(status('ERROR_TIMEOUT')).toBe('1460');
    expect(status('DNS_ERROR_RCODE_NAME_ERROR')).toBe('9003');
    // A code the module had no name for stays a code (Winlogbeat before 7.6.2 had no 9560).
    expect(status('9560')).toBe('9560');
    expect(status('NOT_A_WINDOWS_STATUS')).toBeUndefined();
    expect(status('constructor')).toBeUndefined();
  });

  it('reads QueryResults and QueryStatus from the rendered message, as Sysmon wrote them', () => {
    const message = [
      'Dns query:',
      'RuleName: -',
      'UtcTime: 2024-05-01 10:14:02.301',
      'ProcessGuid: {9f32b55f-7c4e-5f98-5803-000000000500}',
      'ProcessId: 3616',
      'QueryName: cdn.example',
      'QueryStatus: 0',
      'QueryResults: type:  5 edge.example;::ffff:1.2.3.4;',
      'Image: C:\\Windows\\System32\\svchost.exe',
      'User: NT AUTHORITY\\SYSTEM',
    ].join('\n');
    const event = eventOf(shipped(SYSMON, 22, { message, dns, sysmon: { dns: { status: 'SUCCESS' } } }));
    expect(event.get('QueryResults')).toBe('type:  5 edge.example;::ffff:1.2.3.4;');
    expect(event.get('QueryStatus')).toBe('0');
    expect(event.get('QueryName')).toBe('cdn.example');
  });

  it('makes no QueryResults from dns.answers: the module dropped whether an IPv4 answer had ::ffff:', () => {
    expect(lookup(shipped(SYSMON, 22, { dns }), 'QueryResults')).toBeUndefined();
  });
});

describe('other Sysmon data the module moved', () => {
  it('reads the IP version flags from network.type and both spellings of network.direction', () => {
    const ipv6 = eventOf(shipped(SYSMON, 3, { network: { type: 'ipv6', direction: 'outbound' } }));
    expect([ipv6.get('SourceIsIpv6'), ipv6.get('DestinationIsIpv6'), ipv6.get('Initiated')]).toEqual([
      'true',
      'true',
      'true',
    ]);
    const ipv4 = eventOf(shipped(SYSMON, 3, { network: { type: 'ipv4', direction: 'inbound' } }));
    expect([ipv4.get('SourceIsIpv6'), ipv4.get('DestinationIsIpv6'), ipv4.get('Initiated')]).toEqual([
      'false',
      'false',
      'false',
    ]);
  });

  it('reads RuleName, the file delete flags and the remote thread target the 8.x pipeline renamed', () => {
    const deleted = eventOf(
      shipped(SYSMON, 23, {
        rule: { name: 'technique_id=T1070.004' },
        sysmon: { file: { is_executable: true, archived: false } },
      }),
    );
    expect(deleted.get('RuleName')).toBe('technique_id=T1070.004');
    expect(deleted.get('IsExecutable')).toBe(true);
    expect(deleted.get('Archived')).toBe(false);
    const thread = eventOf(shipped(SYSMON, 8, {}, { TargetProcessGUID: '{T}' }));
    expect(thread.get('TargetProcessGuid')).toBe('{T}');
  });
});

describe('Security events the security module rewrote', () => {
  it('writes back 4688 NewProcessId as Windows does, from the number the module made of it', () => {
    expect(lookup(shipped(SECURITY, 4688, { process: { pid: 4556 } }), 'NewProcessId')).toBe('0x11cc');
  });

  it('reads 5145 IpAddress and IpPort from source.*', () => {
    const share = eventOf(
      shipped(SECURITY, 5145, { source: { ip: '10.40.6.90', port: 51422 } }, { RelativeTargetName: 'svcctl' }),
    );
    expect([share.get('IpAddress'), share.get('IpPort')]).toEqual(['10.40.6.90', 51422]);
  });
});

/**
 * What the powershell module makes of one `Payload` line (`parseRawDetail`, the same two regular
 * expressions in the 8.x pipeline): its type, command, and value, or the line itself.
 */
function moduleDetail(raw: string): Record<string, string | undefined> {
  const matches = /^(.+)\((.+)\):\s*(.+)?$/.exec(raw);
  if (matches === null) return { value: raw };
  const [, type, command, rest] = matches;
  if (type !== 'ParameterBinding') return { type, related_command: command, value: rest };
  const binding = /^.*name=(.+);\s*value=(.+)$/.exec(rest ?? '');
  if (binding === null) return { value: rest };
  return { type, related_command: command, name: binding[1], value: binding[2] };
}

describe('PowerShell events the powershell module split', () => {
  const PAYLOAD = [
    'CommandInvocation(New-Service): "New-Service"',
    'ParameterBinding(New-Service): name="Name"; value="evil"',
    'ParameterBinding(New-Service): name="BinaryPathName"; value="C:\\Users\\Public\\e.exe -k (x): y"',
  ].join('\n');
  const CONTEXT = [
    '        Severity = Informational',
    '        Host Name = ConsoleHost',
    '        Host Application = C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -nop',
    '        Command Name = New-Service',
    '        User = CORP\\admin',
    '        Shell ID = Microsoft.PowerShell',
  ].join('\n');
  /** The 4103 message as Winlogbeat renders it: `<Payload>`, context, user data, trimmed. */
  const MESSAGE = `${PAYLOAD}\n\n\nContext:\n${CONTEXT}\n\n\nUser Data:`;
  it('reads 4103 Payload and ContextInfo from the rendered message', () => {
    const event = eventOf(shipped(POWERSHELL, 4103, { message: MESSAGE, powershell: { id: 'Microsoft.PowerShell' } }));
    expect(event.get('Payload')).toBe(PAYLOAD);
    expect(event.get('ContextInfo')).toBe(CONTEXT);
  });

  it('puts the invocation details back together into the same Payload, and no ContextInfo', () => {
    // The last line's value holds `(x):`, which the module's greedy expression takes for the command.
    const details = PAYLOAD.split('\n').map(moduleDetail);
    expect(details[2]).toMatchObject({ related_command: 'x', value: 'y"' });
    const event = eventOf(shipped(POWERSHELL, 4103, { powershell: { command: { invocation_details: details } } }));
    expect(event.get('Payload')).toBe(PAYLOAD);
    expect(event.get('ContextInfo')).toBeUndefined();
    // A line the module could not parse is kept whole.
    const raw = ['a line of a multi-line value', 'CommandInvocation(New-Service): "New-Service"'].map(moduleDetail);
    expect(lookup(shipped(POWERSHELL, 4103, { powershell: { command: { invocation_details: raw } } }), 'Payload')).toBe(
      'a line of a multi-line value\nCommandInvocation(New-Service): "New-Service"',
    );
  });

  it('reads nothing from a message whose payload repeats the context heading, and falls back to the details', () => {
    const forged = `CommandInvocation(Write-Host): "Write-Host"\n\n\nContext:\n x\n\n\nContext:\n${CONTEXT}\n\n\nUser Data:`;
    const details = ['CommandInvocation(Write-Host): "Write-Host"'].map(moduleDetail);
    const event = eventOf(
      shipped(POWERSHELL, 4103, { message: forged, powershell: { command: { invocation_details: details } } }),
    );
    expect(event.get('Payload')).toBe('CommandInvocation(Write-Host): "Write-Host"');
    expect(event.get('ContextInfo')).toBeUndefined();
  });

  it('reads 4104 message numbers and 4105 runspace ids', () => {
    const powershell = { sequence: 2, total: 3, runspace_id: 'a87e8389-57c7-4997-95ff-f82f644965bf' };
    const block = eventOf(shipped(POWERSHELL, 4104, { powershell }));
    expect([block.get('MessageNumber'), block.get('MessageTotal')]).toEqual([2, 3]);
    expect(lookup(shipped(POWERSHELL, 4105, { powershell }), 'RunspaceId')).toBe(powershell.runspace_id);
  });

  it("lists a classic event's param1… as EVTX lists its unnamed Data", () => {
    const params = {
      param1: 'Available',
      param2: 'None',
      param3: '\tNewEngineState=Available\n\tHostApplication=powershell -enc AA',
    };
    const event = eventOf(shipped('PowerShell', 400, {}, params));
    expect(event.get('Data')).toEqual(['Available', 'None', params.param3]);
    expect([event.get('Data[1]'), event.get('Data[3]')]).toEqual(['Available', params.param3]);
    // With the second one missing, the third has lost its place in the list.
    const gap = eventOf(shipped('PowerShell', 400, {}, { param1: 'Available', param3: 'x' }));
    expect([gap.get('Data'), gap.get('Data[1]'), gap.get('Data[3]')]).toEqual([undefined, 'Available', 'x']);
  });
});
