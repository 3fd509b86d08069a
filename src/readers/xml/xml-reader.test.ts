import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test/conformance/corpus-paths.js';
import { fieldsOf, readWith, TempFiles } from '../../../test/fixtures/readers/read-all.js';
import { IssueCollector, type Event } from '../../event/index.js';
import { readEvtxFiles } from '../../evtx/index.js';
import { sampleRecords, writeEvtx } from '../../../test/evtx-writer/index.js';
import { EVTX_READER } from '../evtx-reader.js';
import { XML_READER } from './xml-reader.js';

const files = new TempFiles();
afterAll(() => files.cleanup());

const EXAMPLES = ['psexec-target-system.evtx', 'remote-service-security.evtx', 'service-shell-sysmon.evtx'].map(
  (name) => join(REPO_ROOT, 'examples/windows', name),
);

/** The records of an EVTX file as `svchunt dump --format xml` writes them: events back to back, as wevtutil does. */
async function dumpXml(path: string): Promise<string> {
  let text = '';
  for await (const item of readEvtxFiles([path], { output: 'xml', threads: 1 }))
    if (item.kind === 'chunk') text += item.output.text;
  return text;
}

/** The events of `bytes` read as a stream of `size`-byte chunks. */
async function readStreamInChunks(bytes: Buffer, size: number): Promise<Event[]> {
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  }
  const events: Event[] = [];
  for await (const batch of XML_READER.readStream(chunks(), 'chunked.xml', { sink: new IssueCollector() }))
    events.push(...batch.events);
  return events;
}

const SERVICE_INSTALLED = `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="Service Control Manager" Guid="{555908d1-a6d7-4695-8e1e-26931d2012f4}" EventSourceName="Service Control Manager"/>
    <EventID Qualifiers="16384">7045</EventID>
    <Version>0</Version><Level>4</Level><Task>0</Task><Opcode>0</Opcode>
    <Keywords>0x8080000000000000</Keywords>
    <TimeCreated SystemTime="2024-05-01T09:58:12.4412030Z"/>
    <EventRecordID>48215</EventRecordID>
    <Correlation/>
    <Execution ProcessID="672" ThreadID="1884"/>
    <Channel>System</Channel>
    <Computer>FS01.corp.example</Computer>
    <Security UserID="S-1-5-18"/>
  </System>
  <EventData>
    <Data Name="ServiceName">PSEXESVC</Data>
    <Data Name="ImagePath">%SystemRoot%\\PSEXESVC.exe</Data>
    <Data Name="Service Type">user mode service</Data>
  </EventData>
  <RenderingInfo Culture="en-US"><Message>A service was installed in the system.</Message></RenderingInfo>
</Event>`;

describe('XmlReader', () => {
  it.each(EXAMPLES)('reads the XML of %s with exactly the fields the EVTX reader gives', async (path) => {
    const xml = files.write('dump.xml', await dumpXml(path));
    const fromXml = await readWith(XML_READER, xml);
    const fromEvtx = await readWith(EVTX_READER, path);
    expect(fromXml.issues.total).toBe(0);
    expect(fromXml.events).toHaveLength(fromEvtx.events.length);
    const text = (fields: Record<string, unknown>): Record<string, string> =>
      Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v.join('|') : String(v)]));
    fromEvtx.events.forEach((event, i) => {
      const other = fromXml.events[i]!;
      expect(text(fieldsOf(other))).toEqual(text(fieldsOf(event)));
      expect(other.logsource.key).toBe(event.logsource.key);
      expect(other.time).toBe(event.time);
      expect(other.provenance.recordId).toBe(event.provenance.recordId);
    });
  });

  it('gives each event the byte offset of its <Event> in the file, in UTF-16 and UTF-8 with a BOM', async () => {
    const text = `\uFEFF<?xml version="1.0" encoding="UTF-16"?>\r\n<Events>${SERVICE_INSTALLED}${SERVICE_INSTALLED}</Events>`;
    /** Where the first and second `<Event ` start in `bytes`. */
    const starts = (bytes: Buffer, needle: Buffer): number[] => {
      const first = bytes.indexOf(needle);
      return [first, bytes.indexOf(needle, first + 1)];
    };
    const encodings = [
      ['offsets-16.xml', Buffer.from(text, 'utf16le'), Buffer.from('<Event ', 'utf16le')],
      ['offsets-8.xml', Buffer.from(text, 'utf8'), Buffer.from('<Event ')],
    ] as const;
    for (const [name, bytes, needle] of encodings) {
      const { events } = await readWith(XML_READER, files.write(name, bytes));
      expect(events.map((e) => e.provenance.offset)).toEqual(starts(bytes, needle));
    }
  });

  it('reads an Event Viewer export: <Events> root, XML declaration, UTF-16, rendering info left out', async () => {
    const text = `\uFEFF<?xml version="1.0" encoding="UTF-16"?>\r\n<Events>${SERVICE_INSTALLED}${SERVICE_INSTALLED}</Events>`;
    const { events, issues } = await readWith(XML_READER, files.write('saved.xml', Buffer.from(text, 'utf16le')));
    expect(issues.total).toBe(0);
    expect(events).toHaveLength(2);
    expect(fieldsOf(events[0]!)).toMatchObject({
      Provider_Name: 'Service Control Manager',
      EventID: 7045,
      EventID_Qualifiers: 16384,
      Execution_ProcessID: 672,
      TimeCreated_SystemTime: '2024-05-01T09:58:12.4412030Z',
      Channel: 'System',
      ServiceName: 'PSEXESVC',
      ImagePath: '%SystemRoot%\\PSEXESVC.exe',
      ServiceType: 'user mode service',
    });
    expect(events[0]?.get('Message')).toBeUndefined();
    expect(events[0]?.logsource.services).toContain('system');
    expect(events[0]?.provenance).toMatchObject({ line: 2, recordId: 48215 });
  });

  it('reads Sysmon for Linux events from syslog lines as product linux with their category', async () => {
    const sysmon = (id: number, data: string): string =>
      `Nov 26 10:00:00 web1 sysmon: <Event><System><Provider Name="Linux-Sysmon" Guid="{ff032593-a8d3-4f13-b0d6-01fc615a0f97}"/><EventID>${id}</EventID><Version>5</Version><Level>4</Level><Task>${id}</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime="2026-11-26T10:00:00.123456000Z"/><EventRecordID>${id * 10}</EventRecordID><Correlation/><Execution ProcessID="812" ThreadID="812"/><Channel>Linux-Sysmon/Operational</Channel><Computer>web1</Computer><Security UserId="0"/></System><EventData>${data}</EventData></Event>`;
    const log = [
      'Nov 26 09:59:59 web1 systemd[1]: Starting cron.service...',
      sysmon(
        1,
        '<Data Name="Image">/usr/bin/systemctl</Data><Data Name="CommandLine">systemctl link /tmp/x.service</Data><Data Name="User">root</Data>',
      ),
      sysmon(
        11,
        '<Data Name="Image">/usr/bin/bash</Data><Data Name="TargetFilename">/etc/systemd/system/x.service</Data>',
      ),
      '',
    ].join('\n');
    const { events, issues } = await readWith(XML_READER, files.write('syslog', log));
    expect(issues.total).toBe(0);
    expect(
      events.map((e) => [e.logsource.product, e.logsource.services, e.logsource.categories.map((c) => c.category)]),
    ).toEqual([
      ['linux', ['sysmon'], ['process_creation']],
      ['linux', ['sysmon'], ['file_event']],
    ]);
    expect(events[0]?.get('CommandLine')).toBe('systemctl link /tmp/x.service');
    expect(events[0]?.host).toBe('web1');
    expect(events[1]?.provenance).toMatchObject({ line: 3, recordId: 110 });
  });

  it('reports a broken event and an event cut off by the next one, and reads the events around them', async () => {
    const broken = SERVICE_INSTALLED.replace('<Level>4</Level>', '<Level>4</Lvl>');
    const cut = SERVICE_INSTALLED.slice(0, 200);
    const text = [SERVICE_INSTALLED, broken, cut, SERVICE_INSTALLED, cut].join('\n');
    const { events, issues } = await readWith(XML_READER, files.write('broken.xml', text));
    expect(issues.issues.map((i) => [i.code, i.line])).toEqual([
      ['BAD_XML', 26], // the mismatched tag, line 5 of the second event
      ['BAD_XML', 43], // the third event, cut off where the fourth starts
      ['BAD_XML', 67], // the last event, cut off by the end of the file
    ]);
    expect(issues.issues[0]).toMatchObject({ message: 'unexpected close tag.', column: 38 });
    expect(events).toHaveLength(2);
  });

  it('reports bytes that are not UTF-8 inside an event and still reads it', async () => {
    const [before, after] = SERVICE_INSTALLED.split('PSEXESVC</Data>') as [string, string];
    const bytes = Buffer.concat([
      Buffer.from(`${before}PSEXE`),
      Buffer.from([0xff]),
      Buffer.from(`SVC</Data>${after}`),
    ]);
    const { events, issues } = await readWith(XML_READER, files.write('latin1.xml', bytes));
    expect(issues.issues).toEqual([expect.objectContaining({ code: 'BAD_UTF8', line: 16, skipped: 'none' })]);
    expect(events[0]?.get('ServiceName')).toBe('PSEXE\uFFFDSVC');
  });

  it('counts the bytes of the file in offsets and lines after bytes that are not UTF-8', async () => {
    const [before, after] = SERVICE_INSTALLED.split('PSEXESVC</Data>') as [string, string];
    const bad = Buffer.concat([
      Buffer.from(`${before}PSEXE`),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from(`SVC</Data>${after}\n`),
    ]);
    const good = Buffer.from(`${SERVICE_INSTALLED}\n`);
    const bytes = Buffer.concat([bad, good, bad, good]);
    const { events } = await readWith(XML_READER, files.write('offsets-bad.xml', bytes));
    const starts = [0, bad.length, bad.length + good.length, 2 * bad.length + good.length];
    expect(events.map((e) => e.provenance.offset)).toEqual(starts);
    const lineOf = (offset: number): number => bytes.subarray(0, offset).toString('latin1').split('\n').length;
    expect(events.map((e) => e.provenance.line)).toEqual(starts.map(lineOf));
    // Read in 7-byte chunks too, start and end tags split between reads.
    const chunked = await readStreamInChunks(bytes, 7);
    expect(chunked.map((e) => [e.provenance.offset, e.provenance.line])).toEqual(starts.map((at) => [at, lineOf(at)]));
  });

  it('reads events holding characters XML 1.0 forbids, as \\xNN text, with one issue per event', async () => {
    const named = (name: string): string => SERVICE_INSTALLED.replace('>PSEXESVC<', `>${name}<`);
    // Raw, hex and decimal references to C0 controls are forbidden; `&#10;` and `&#xE9;` are fine.
    const text = [named('evil\x01'), named('ev&#x1;il&#27;&#10;&#xE9;'), named('clean'), named('\x00\x1f')].join('\n');
    const { events, issues } = await readWith(XML_READER, files.write('control.xml', text));
    expect(events.map((e) => e.get('ServiceName'))).toEqual(['evil\\x01', 'ev\\x01il\\x1b\né', 'clean', '\\x00\\x1f']);
    expect(issues.issues.map((i) => [i.code, i.line, i.column, i.skipped, i.message])).toEqual([
      ['XML_FORBIDDEN_CHAR', 16, 34, 'none', '1 character XML 1.0 forbids read as \\xNN text: U+0001'],
      ['XML_FORBIDDEN_CHAR', 37, 32, 'none', '2 characters XML 1.0 forbids read as \\xNN text: &#x1;, &#27;'],
      ['XML_FORBIDDEN_CHAR', 79, 30, 'none', '2 characters XML 1.0 forbids read as \\xNN text: U+0000, U+001F'],
    ]);
  });

  it('points a parse error after a forbidden character at the column as written', async () => {
    // `\x01` becomes the four characters `\x01` before parsing; the error's column must not move.
    const [head, tail] = SERVICE_INSTALLED.split('PSEXESVC</Data>') as [string, string];
    const asWritten = `${head}PS\x01EX&#x2;E</Dta>${tail}`;
    const clean = `${head}PSxEXxE</Dta>${tail}`;
    const { issues: written } = await readWith(XML_READER, files.write('forbidden-broken.xml', asWritten));
    const { issues: plain } = await readWith(XML_READER, files.write('plain-broken.xml', clean));
    const bad = (list: typeof written): unknown =>
      list.issues.filter((i) => i.code === 'BAD_XML').map((i) => [i.line, i.column, i.message]);
    expect(plain.issues.map((i) => i.code)).toEqual(['BAD_XML']);
    // `&#x2;` is 5 characters as written where `x` is 1: the column is 4 further than in the clean twin.
    const [[line, column, message]] = bad(plain) as [[number, number, string]];
    expect(bad(written)).toEqual([[line, column + 4, message]]);
  });

  it('reads back the XML dump of a record whose value holds control characters', async () => {
    const [record] = sampleRecords(1);
    const evtx = files.write(
      'control.evtx',
      writeEvtx({ records: [{ ...record!, eventData: { Msg: 'a\x01b\x1b[2Jc\td' } }] }),
    );
    const xml = await dumpXml(evtx);
    expect(xml).toContain('<Data Name="Msg">a\\x01b\\x1b[2Jc\td</Data>');
    const { events, issues } = await readWith(XML_READER, files.write('control-dump.xml', xml));
    expect(issues.total).toBe(0);
    expect(events.map((e) => e.get('Msg'))).toEqual(['a\\x01b\\x1b[2Jc\td']);
  });
});
