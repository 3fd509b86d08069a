import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOG_CORPUS, REPO_ROOT } from '../../test/conformance/corpus-paths.js';
import { TempFiles } from '../../test/fixtures/readers/read-all.js';
import { describeContent, SNIFF_BYTES, sniffFile, sniffFormat, SYSLOG_SNIFF_BYTES } from './sniff-format.js';

const files = new TempFiles();
afterAll(() => files.cleanup());

const EVTX_EXAMPLE = join(REPO_ROOT, 'examples/windows/psexec-target-system.evtx');
const SECURITY_DATASET = join(
  LOG_CORPUS,
  'security-datasets/datasets/atomic/windows/privilege_escalation/host/cmd_service_mod_fax_2020-10-2120454410.json',
);
const PNG_HEADER = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52];

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('sniffFormat', () => {
  it('knows EVTX by its file header magic', () => {
    expect(sniffFormat(readFileSync(EVTX_EXAMPLE).subarray(0, SNIFF_BYTES))).toBe('evtx');
    expect(sniffFormat(Buffer.from('ElfFile\0', 'latin1'))).toBe('evtx');
    expect(sniffFormat(Buffer.from('ElfFile', 'latin1'))).toBeUndefined();
  });

  it.each([
    ['an object', '{"EventID": 1}'],
    ['an array', '[{"EventID": 1}]'],
    ['an array of arrays', '[[1]]'],
    ['an array of strings', '[ "a" ]'],
    ['an array of numbers', '[\n  -1, 2]'],
    ['an array of literals', '[null, true]'],
    ['an empty array', '[]'],
    ['an array whose first value is past the head', '[\n   '],
    ['blank lines first', '\r\n\n  \t{"EventID": 1}'],
    ['a UTF-8 byte order mark', '\uFEFF\n['],
    ['the record separator of a JSON text sequence (journalctl -o json-seq)', '\u001e{"__CURSOR": "s=1"}\n'],
    ["evtx_dump's `Record N` line (its default -o json)", 'Record 1\n{\n  "Event": {\n'],
    ['a `Record N` line ended by CRLF', 'Record 12\r\n\r\n{"Event": {}}'],
  ])('knows JSON that starts with %s', (_name, text) => {
    expect(sniffFormat(bytes(text))).toBe('json');
  });

  it.each([
    ['a PNG image', Buffer.from(PNG_HEADER), 'a PNG image'],
    ['plain text', bytes('Event log exported on Monday\n{"not": "first"}'), 'text of no known log format'],
    ['a shell script', bytes('#!/bin/sh\nsystemctl start x\n'), 'text of no known log format'],
    ['an empty file', Buffer.alloc(0), 'an empty file'],
    ['white space only', bytes(' \n\t\r\n'), 'blank (the first 5 bytes are white space)'],
    ['UTF-16 JSON', Buffer.from('\uFEFF[{"Id": 7045}]', 'utf16le'), 'UTF-16 text (convert it to UTF-8 first)'],
    ['other binary data', Buffer.from([0x00, 0x01, 0x02, 0x7b]), 'binary data of no known log format'],
  ])('says %s is no log, and what it looks like', (_name, head, description) => {
    expect(sniffFormat(head)).toBeUndefined();
    expect(describeContent(head)).toBe(description);
  });
});

describe('sniffFormat on the other formats', () => {
  it.each([
    ['gzip by its magic', Buffer.from([0x1f, 0x8b, 0x08, 0x00]), 'gzip'],
    ['zip by its local header magic', Buffer.from('PK\u0003\u0004rest', 'latin1'), 'zip'],
    ['an empty zip by its end record', Buffer.from('PK\u0005\u0006', 'latin1'), 'zip'],
    ['XML that starts with an element', bytes('<Event xmlns="x">'), 'xml'],
    ['XML with a declaration', bytes('<?xml version="1.0" encoding="UTF-8"?>\n<Events>'), 'xml'],
    ['UTF-16 XML', Buffer.from('\uFEFF<Events>', 'utf16le'), 'xml'],
    ['a raw audit record', bytes('type=SYSCALL msg=audit(1795711457.408:983): arch=c000003e syscall=44\n'), 'auditd'],
    ['an audit record with a node name', bytes('node=web1 type=EXECVE msg=audit(1.5:7): argc=1 a0="id"\n'), 'auditd'],
    [
      "ausearch's default output, each event after a separator and a time line",
      bytes('----\ntime->Tue Nov 14 22:13:20 2023\ntype=CWD msg=audit(1700000000.100:50): cwd="/root"\n'),
      'auditd',
    ],
    ['a journal export entry', bytes('__CURSOR=s=1;i=2\n__REALTIME_TIMESTAMP=1\nMESSAGE=x\n\n'), 'journal-export'],
    ['an export without cursors', bytes('__REALTIME_TIMESTAMP=1795711546305009\nMESSAGE=x\n'), 'journal-export'],
    [
      'syslog lines carrying Sysmon for Linux events',
      bytes('Nov 26 10:00:00 web1 sysmon: <Event><System><Provider Name="Linux-Sysmon" /></System></Event>\n'),
      'xml',
    ],
  ])('knows %s', (_name, head, format) => {
    expect(sniffFormat(head)).toBe(format);
  });

  it.each([
    ['an audit rules file', '-D\n-a never,exit -F auid=4294967295\n'],
    ['an auditd.conf', 'log_format = ENRICHED\n'],
    ['syslog without Sysmon events', 'Nov 26 10:00:00 web1 cron[1]: (root) CMD (true)\n'],
    ['a key=value file that is no journal export', 'NAME=value\nOTHER=1\n'],
    ['a `Record N` line not followed by JSON', 'Record 1\nplain text\n'],
    ['text that merely starts with Record', 'Recording started\n{"a": 1}\n'],
    ['separator lines followed by no audit record', '----\ntime->Tue Nov 14 22:13:20 2023\nplain text\n'],
    ['a separator line alone, cut by the sniffed length', '----\n'],
    ['an Apache error log, whose lines start with [', '[Wed Nov 26 10:00:01 2025] [core:error] [pid 7] AH00111\n'],
    ['a text log of bracketed levels', '[fatal] out of memory\n[info] restarted\n'],
    ['a Sysmon configuration (XML, no events)', '<Sysmon schemaversion="4.90">\n<EventFiltering/>\n</Sysmon>\n'],
    ['an HTML page', '<!DOCTYPE html>\n<html><body>hello</body></html>\n'],
  ])('takes %s for no log', (_name, text) => {
    expect(sniffFormat(bytes(text))).toBeUndefined();
  });
});

describe('sniffFile', () => {
  it('reads the format from the content, whatever the file is called', async () => {
    expect(await sniffFile(EVTX_EXAMPLE)).toBe('evtx');
    expect(await sniffFile(SECURITY_DATASET)).toBe('json');
    expect(await sniffFile(files.write('events.log', '{"EventID":1}\n'))).toBe('json');
    expect(await sniffFile(files.write('events.json', Buffer.from(PNG_HEADER)))).toBeUndefined();
    expect(await sniffFile(files.write('events.evtx', 'plain text\n'))).toBeUndefined();
  });

  it('looks for Sysmon for Linux events past the first bytes of a syslog file, up to its first MiB', async () => {
    const other = 'Nov 26 09:59:59 host systemd[1]: Started Session 1 of user root.\n';
    const sysmon = 'Nov 26 10:00:00 host sysmon: <Event><System><Provider Name="Linux-Sysmon"/></System></Event>\n';
    const lines = (bytes: number): string => other.repeat(Math.ceil(bytes / other.length));
    expect(await sniffFile(files.write('syslog-late', lines(SNIFF_BYTES * 4) + sysmon))).toBe('xml');
    expect(
      await sniffFile(
        files.write('syslog-iso', `2025-11-26T10:00:00.123456+00:00 host sshd[7]: x\n${lines(SNIFF_BYTES)}${sysmon}`),
      ),
    ).toBe('xml');
    expect(await sniffFile(files.write('syslog-none', lines(SNIFF_BYTES * 4)))).toBeUndefined();
    const tooLate = files.write('syslog-too-late', lines(SYSLOG_SNIFF_BYTES) + sysmon);
    expect(await sniffFile(tooLate)).toBeUndefined();
    expect(describeContent(readFileSync(tooLate).subarray(0, SYSLOG_SNIFF_BYTES))).toBe(
      'syslog text without Sysmon for Linux events in its first 1 MiB',
    );
    // Text that is not syslog is not read further: a Sysmon line past its head is not looked for.
    expect(await sniffFile(files.write('notes.txt', 'x'.repeat(SNIFF_BYTES) + sysmon))).toBeUndefined();
  });

  it('names XML without events in the NOT_A_LOG description', () => {
    expect(describeContent(bytes('<Sysmon schemaversion="4.90"/>\n'))).toBe(
      'XML without an <Event> element in its first 31 bytes (no Windows event XML)',
    );
  });

  it('throws when the file cannot be read', async () => {
    await expect(sniffFile(join(files.dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});
