/**
 * Differential test against libyal's `evtxexport -f xml` (Debian `libevtx-utils`): for every EVTX
 * file of the log corpus, svchunt reads the same records — EventRecordID, EventID, time, Channel,
 * Computer and EventData name/value pairs — after the formatting normalisations in `normalise`.
 * Where evtxexport fails or stops early, the counts are pinned in `EVTXEXPORT_SHORTFALLS` and every
 * record evtxexport did export must still appear, equal, in ours.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EvtxChunk, recordNodes, renderXmlText } from '../../src/evtx/index.js';
import { LOGS, evtxFilesUnder } from './evtx-corpus.js';

const run = promisify(execFile);
const EVTXEXPORT = '/usr/bin/evtxexport';
/** evtxexport processes at once; each is single-threaded and short-lived. */
const PARALLEL_EXPORTS = 4;

interface Facts {
  readonly recordId: string;
  readonly eventId: string;
  readonly time: string;
  readonly channel: string | undefined;
  readonly computer: string;
  readonly data: readonly string[];
}

/**
 * Files where evtxexport reads fewer records than we do, with both counts (ours, evtxexport's).
 * Reasons: it stops at BinXML it does not know (0x49/0x05 attribute tokens in newer Windows logs,
 * "unable to retrieve record values"), and it drops the rest of a chunk after a bad record header,
 * where we resynchronise on the next record signature. Every record it exports is checked in ours.
 */
const EVTXEXPORT_SHORTFALLS: Readonly<Record<string, readonly [number, number]>> = {
  'evtx-to-mitre-attack/Antivirus/ID1116-1117-Defender threat detected.evtx': [6, 0],
  'evtx-to-mitre-attack/TA0001-Initial access/T1078-Valid accounts/ID1149-RDP success logins to multiple hosts.evtx': [
    11, 0,
  ],
  'evtx-to-mitre-attack/TA0003-Persistence/T1546-Event Triggered Execution/ID800-4103-4104-WMI registration via PowerLurk.evtx':
    [10, 0],
  'evtx-to-mitre-attack/TA0003-Persistence/T1547-Boot or Logon Autostart Execution/ID4622-New SSP loaded in LSA (only legitim).evtx':
    [420, 0],
  'evtx-to-mitre-attack/TA0003-Persistence/T1574-Hijack Execution Flow/ID800-4103-4104-Print spooler privilege escalation (CVE-2020-1048).evtx':
    [10, 0],
  'evtx-to-mitre-attack/TA0005-Defense Evasion/T1562.004-Impair Defenses-Disable or Modify System Firewall/ID2003-4950-Firewall disabled.evtx':
    [6, 0],
  'evtx-to-mitre-attack/TA0005-Defense Evasion/T1562.004-Impair Defenses-Disable or Modify System Firewall/ID800-4103-Firewall disabled.evtx':
    [10, 0],
  'evtx-to-mitre-attack/TA0008-Lateral Movement/T1021.006-Windows Remote Management/ID4656-WS Management listener enumeration.evtx':
    [29, 0],
  'omerbenamram-evtx/samples/2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx': [1950, 1910],
  'omerbenamram-evtx/samples/2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx': [
    1795, 1774,
  ],
  'omerbenamram-evtx/samples/E_ShadowCopy6_windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx': [
    459, 89,
  ],
  'omerbenamram-evtx/samples/E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx': [340, 24],
  'omerbenamram-evtx/samples/MSExchange_Management_wec.evtx': [1, 0],
  'omerbenamram-evtx/samples/issue_201.evtx': [1, 0],
  'omerbenamram-evtx/samples/sample-with-zero-data-size-event.evtx': [449, 335],
  'omerbenamram-evtx/samples/sample_with_a_bad_chunk_magic.evtx': [298, 267],
};

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]!);
}

// eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids are what is matched
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** The one place where evtxexport's formatting and ours are made comparable. */
function normalise(value: string): string {
  let text = unescapeXml(value);
  // evtxexport prints FILETIMEs with 9 fractional digits, we with 6 (as evtx_dump): compare µs.
  text = text.replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6})\d{3}Z$/, '$1Z');
  // SYSTEMTIMEs have milliseconds: evtxexport prints 3 digits, evtx_dump and we pad them to 6.
  text = text.replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})Z$/, '$1000Z');
  // evtxexport zero-pads hex integers to their width (0x00000000000003e7) and prints size_t values
  // in decimal, where evtx_dump and we print `0x24c`: compare hex values as numbers.
  text = text.replace(/^0x([0-9a-f]+)$/i, (_, digits: string) => BigInt(`0x${digits}`).toString());
  // evtxexport wraps GUIDs in braces; evtx_dump and we print them bare.
  text = text.replace(/^\{([0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12})\}$/i, '$1');
  // libevtx 20181227 prints a negative 32-bit integer v as -(2^31 + v) (e.g. -2147188641 as -295007):
  // compare negative numbers as the smaller of the two readings.
  text = text.replace(/^-(\d+)$/, (_, digits: string) => `-${Math.min(Number(digits), 2 ** 31 - Number(digits))}`);
  // evtxexport shows a value that is one line break as an empty element (Application_no_crc32 #441).
  if (text === '\n') text = '';
  // XML 1.0 cannot hold C0 controls other than tab, LF and CR: evtxexport writes them raw (no XML
  // reader takes that), our XML writes them as \xNN text (render-xml.ts). Compare in our form.
  text = text.replace(XML_FORBIDDEN, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  // Invalid UTF-16 (a high surrogate without its low half, issue_43 #508): we write U+FFFD and keep
  // the next unit as the WHATWG decoder does, libevtx swallows it. Compare up to the first U+FFFD.
  const bad = text.indexOf('\uFFFD');
  return bad < 0 ? text : text.slice(0, bad + 1);
}

function tag(record: string, name: string): string | undefined {
  const match = new RegExp(`<${name}(?: [^>]*)?(?:/>|>([^<]*)</${name}>)`).exec(record);
  return match === null ? undefined : normalise(match[1] ?? '');
}

/** The compared facts of each `<Event>` in an XML text (evtxexport's or ours). */
function factsOf(xml: string): Facts[] {
  return xml
    .split(/(?=<Event[ >])/)
    .filter((part) => part.startsWith('<Event'))
    .map((record) => {
      const eventData = /<EventData>([\s\S]*?)<\/EventData>/.exec(record)?.[1] ?? '';
      const data = [...eventData.matchAll(/<Data(?: Name="([^"]*)")?(?:\/>|>([\s\S]*?)<\/Data>)/g)].map(
        ([, name, value]) => `${normalise(name ?? '')}=${normalise(value ?? '')}`,
      );
      return {
        recordId: tag(record, 'EventRecordID') ?? '',
        eventId: tag(record, 'EventID') ?? '',
        time: /<TimeCreated SystemTime="([^"]*)"/.exec(record)?.[1]?.replace(/(\.\d{6})\d{3}Z$/, '$1Z') ?? '',
        channel: tag(record, 'Channel'),
        computer: tag(record, 'Computer') ?? '',
        data,
      };
    });
}

function ourXml(file: string): string {
  const bytes = readFileSync(file);
  let xml = '';
  for (let index = 0, at = 4096; at < bytes.length; index++, at += 65536) {
    const chunk = new EvtxChunk(bytes.subarray(at, Math.min(at + 65536, bytes.length)), {
      file,
      index,
      fileOffset: at,
    });
    for (const record of chunk.records({ report: () => undefined }) ?? []) {
      try {
        xml += `${renderXmlText(recordNodes(chunk.reader, record))}\n`;
      } catch {
        // reported by the chunk pipeline; the pinned issue counts live in evtx-dirty-samples.test.ts
      }
    }
  }
  return xml;
}

async function exportAll(files: readonly string[]): Promise<Map<string, { xml: string; failed: boolean }>> {
  const results = new Map<string, { xml: string; failed: boolean }>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++]!;
      try {
        const { stdout } = await run(EVTXEXPORT, ['-f', 'xml', file], { maxBuffer: 1 << 30, encoding: 'utf8' });
        results.set(file, { xml: stdout, failed: false });
      } catch (error) {
        const stdout = (error as { stdout?: string }).stdout ?? '';
        results.set(file, { xml: stdout, failed: true });
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_EXPORTS }, worker));
  return results;
}

describe('EVTX records against evtxexport', () => {
  it('reads what evtxexport reads, record by record, on the whole log corpus', async () => {
    // The oracle is a declared test dependency (.ci/run installs it): its absence fails, never skips.
    expect(existsSync(EVTXEXPORT), `${EVTXEXPORT} missing: apt-get install libevtx-utils`).toBe(true);
    const files = evtxFilesUnder(LOGS);
    expect(files.length).toBeGreaterThan(500);
    const exported = await exportAll(files);
    const shortfalls: Record<string, [number, number]> = {};
    const mismatches: string[] = [];
    let compared = 0;
    for (const file of files) {
      const theirs = factsOf(exported.get(file)!.xml);
      const ours = factsOf(ourXml(file));
      const name = relative(LOGS, file);
      if (ours.length !== theirs.length) shortfalls[name] = [ours.length, theirs.length];
      // Record ids repeat in merged logs, so records pair up by id and time, in order.
      const byKey = new Map<string, Facts[]>();
      for (const facts of ours)
        byKey.set(`${facts.recordId} ${facts.time}`, [...(byKey.get(`${facts.recordId} ${facts.time}`) ?? []), facts]);
      for (const facts of theirs) {
        const mine = byKey.get(`${facts.recordId} ${facts.time}`)?.shift();
        // Channel only where evtxexport shows it.
        const comparable =
          mine === undefined ? undefined : { ...mine, channel: facts.channel === undefined ? undefined : mine.channel };
        if (JSON.stringify(comparable) !== JSON.stringify(facts)) {
          mismatches.push(
            `${name} record ${facts.recordId}:\n  ours   ${JSON.stringify(comparable)}\n  theirs ${JSON.stringify(facts)}`,
          );
        }
        compared++;
      }
    }
    expect(mismatches.length, mismatches.slice(0, 8).join('\n')).toBe(0);
    expect(shortfalls).toEqual(EVTXEXPORT_SHORTFALLS);
    expect(compared).toBe(37_892);
  });
});
