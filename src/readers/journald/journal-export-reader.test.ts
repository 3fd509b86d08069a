import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOG_CORPUS } from '../../../test/conformance/corpus-paths.js';
import { fieldsOf, readWith, TempFiles } from '../../../test/fixtures/readers/read-all.js';
import { JSON_READER } from '../json-reader.js';
import { JOURNAL_EXPORT_READER } from './journal-export-reader.js';

const files = new TempFiles();
afterAll(() => files.cleanup());

const LINUX = join(LOG_CORPUS, 'linux-generated');

/** A binary field of the export format: NAME, newline, 64-bit little-endian length, bytes, newline. */
function binaryField(name: string, value: Buffer): Buffer {
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(value.length));
  return Buffer.concat([Buffer.from(`${name}\n`), length, value, Buffer.from('\n')]);
}

const STARTED = [
  '__CURSOR=s=cf8e;i=149',
  '__REALTIME_TIMESTAMP=1795711547600296',
  '_HOSTNAME=lintel-ct',
  '_SYSTEMD_UNIT=init.scope',
  'MESSAGE_ID=39f53479d3a045ac8e11786248231fbf',
  'UNIT=atomic-transient.service',
  'MESSAGE=Started atomic-transient.service - /bin/bash -c id > /tmp/atomic_transient_output.txt.',
  '',
  '',
].join('\n');

describe('JournalExportReader', () => {
  it('reads one entry as one journald event with the derived unit fields', async () => {
    const { events, issues } = await readWith(JOURNAL_EXPORT_READER, files.write('one.export', STARTED));
    expect(issues.total).toBe(0);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.logsource.services).toEqual(['journald']);
    expect(event?.time).toBe(1795711547600);
    expect(event?.host).toBe('lintel-ct');
    expect(event?.provenance).toMatchObject({ line: 1, offset: 0, recordId: 's=cf8e;i=149' });
    expect(fieldsOf(event!)).toMatchObject({
      UNIT: 'atomic-transient.service',
      Unit: 'atomic-transient.service',
      UnitManager: 'system',
      UnitType: 'service',
      UnitEvent: 'started',
      UnitDescription: '/bin/bash -c id > /tmp/atomic_transient_output.txt',
    });
  });

  it('reads binary fields and repeated fields', async () => {
    const entry = Buffer.concat([
      Buffer.from('__REALTIME_TIMESTAMP=1000000\n'),
      binaryField('MESSAGE', Buffer.from('line one\nline two')),
      Buffer.from('TAG=a\nTAG=b\n\n'),
      Buffer.from('__REALTIME_TIMESTAMP=2000000\nMESSAGE=second\n\n'),
    ]);
    const { events, issues } = await readWith(JOURNAL_EXPORT_READER, files.write('binary.export', entry));
    expect(issues.total).toBe(0);
    expect(events.map((e) => e.get('MESSAGE'))).toEqual(['line one\nline two', 'second']);
    expect(events[0]?.get('TAG')).toEqual(['a', 'b']);
    expect(events[0]?.provenance.recordId).toBe('1000000');
    expect(events[1]?.provenance).toMatchObject({ line: 8 }); // newlines inside binary values count as lines
  });

  it('reports a broken entry with its line, skips it to the next empty line and reads the next entry', async () => {
    const broken = Buffer.concat([
      Buffer.from('__REALTIME_TIMESTAMP=1\nMESSAGE=before\n\n'),
      Buffer.from('__REALTIME_TIMESTAMP=2\nthis is no field\nMESSAGE=lost\n\n'),
      Buffer.from('__REALTIME_TIMESTAMP=3\n'),
      binaryField('DATA', Buffer.from('x')).subarray(0, 6),
      Buffer.from('\xff\xff\xff\xff\xff\xff\xff\x7f', 'latin1'),
      Buffer.from('\n\n__REALTIME_TIMESTAMP=4\nMESSAGE=after\n\n'),
    ]);
    const { events, issues } = await readWith(JOURNAL_EXPORT_READER, files.write('broken.export', broken));
    expect(issues.issues.map((i) => [i.code, i.line, i.skipped])).toEqual([
      ['BAD_JOURNAL_EXPORT', 5, 'record'],
      ['BAD_JOURNAL_EXPORT', 9, 'record'],
    ]);
    expect(events.map((e) => e.get('MESSAGE'))).toEqual(['before', 'after']);
  });

  it('reports text and binary fields that are not UTF-8 and an export cut inside a field', async () => {
    const text = Buffer.concat([
      Buffer.from('__REALTIME_TIMESTAMP=1\nMESSAGE=caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n\n__REALTIME_TIMESTAMP=2\n'),
      binaryField('MESSAGE', Buffer.from([0x6f, 0x6b, 0xff, 0x0a])),
      Buffer.from('\n__REALTIME_TIMESTAMP=3\n'),
      binaryField('MESSAGE', Buffer.from('cut short')).subarray(0, 14),
    ]);
    const { events, issues } = await readWith(JOURNAL_EXPORT_READER, files.write('cut.export', text));
    expect(issues.issues.map((i) => [i.code, i.line])).toEqual([
      ['BAD_UTF8', 2],
      ['BAD_UTF8', 5],
      ['TRUNCATED_JOURNAL_EXPORT', 9], // the newline inside the binary value counts as a line
    ]);
    expect(issues.issues[1]?.message).toBe('binary field MESSAGE is not UTF-8 (read with replacement characters)');
    expect(events.map((e) => e.get('MESSAGE'))).toEqual(['caf\uFFFD', 'ok\uFFFD\n', undefined]);
  });

  it('reads a last entry no empty line closes as far as it goes, and reports the export cut', async () => {
    const endsInText = `${STARTED}__REALTIME_TIMESTAMP=2\n_SYSTEMD_UNIT=ok.service`;
    const read = await readWith(JOURNAL_EXPORT_READER, files.write('no-newline.export', endsInText));
    const lastEntryLine = endsInText.slice(0, endsInText.indexOf('__REALTIME_TIMESTAMP=2')).split('\n').length;
    expect(read.issues.issues).toEqual([
      expect.objectContaining({ code: 'TRUNCATED_JOURNAL_EXPORT', line: lastEntryLine, skipped: 'none' }),
    ]);
    expect(read.events.map((e) => e.get('_SYSTEMD_UNIT'))).toEqual(['init.scope', 'ok.service']);
    const cut = await readWith(JOURNAL_EXPORT_READER, files.write('no-empty-line.export', `${endsInText}\n`));
    expect(cut.issues.issues.map((i) => i.code)).toEqual(['TRUNCATED_JOURNAL_EXPORT']);
    expect(cut.events).toHaveLength(2);

    const last = (value: string, keep: number): Buffer =>
      Buffer.concat([
        Buffer.from('__REALTIME_TIMESTAMP=3\n'),
        binaryField('MESSAGE', Buffer.from(value)).subarray(0, keep),
      ]);
    const whole = await readWith(JOURNAL_EXPORT_READER, files.write('binary-whole.export', last('a\nb', -1)));
    expect(whole.issues.issues.map((i) => i.skipped)).toEqual(['none']); // no empty line closes the entry
    expect(whole.events[0]?.get('MESSAGE')).toBe('a\nb');
    const short = await readWith(JOURNAL_EXPORT_READER, files.write('binary-short.export', last('a\nb', -2)));
    expect(short.issues.issues.map((i) => i.code)).toEqual(['TRUNCATED_JOURNAL_EXPORT']);
    expect(short.events[0]?.get('MESSAGE')).toBeUndefined();
    const name = await readWith(JOURNAL_EXPORT_READER, files.write('binary-name.export', last('', 7)));
    expect(name.issues.issues.map((i) => i.code)).toEqual(['TRUNCATED_JOURNAL_EXPORT']);
  });

  it('reads an export with CRLF line ends and a byte order mark as the original', async () => {
    const original = readFileSync(join(LINUX, 'journald/attack.export'));
    // This export has no binary field, whose length would not count an added CR.
    const crlf = Buffer.from(original.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), crlf]);
    const read = await readWith(JOURNAL_EXPORT_READER, files.write('crlf.export', withBom));
    const plain = await readWith(JOURNAL_EXPORT_READER, join(LINUX, 'journald/attack.export'));
    expect(read.issues.total).toBe(0);
    expect(read.events.map(fieldsOf)).toEqual(plain.events.map(fieldsOf));
    expect(read.events.map((e) => e.provenance.line)).toEqual(plain.events.map((e) => e.provenance.line));
  });

  it.each(['attack', 'mixed', 'benign'])(
    'reads the %s export exactly as the JSON export of the same window',
    async (session) => {
      const exported = await readWith(JOURNAL_EXPORT_READER, join(LINUX, `journald/${session}.export`));
      const json = await readWith(JSON_READER, join(LINUX, `journald/${session}.json`));
      expect(exported.issues.total).toBe(0);
      expect(json.issues.total).toBe(0);
      expect(exported.events.map(fieldsOf)).toEqual(json.events.map(fieldsOf));
      expect(exported.events.map((e) => e.provenance.recordId)).toEqual(json.events.map((e) => e.provenance.recordId));
    },
  );
});

describe('journald JSON shape', () => {
  it('marks units named the way systemd-run names transient units (benign.json N12)', async () => {
    const { events } = await readWith(JSON_READER, join(LINUX, 'journald/benign.json'));
    const transient = events.filter((e) => e.get('UnitTransient') === 'systemd-run').map((e) => e.get('Unit'));
    expect(transient).toEqual([
      'run-red33d0ddda3740bcbe3a1b721b09b42b.scope',
      'run-red33d0ddda3740bcbe3a1b721b09b42b.scope',
    ]);
  });

  it('decodes byte-array fields and keeps every field under its journal name', async () => {
    const entry = {
      __CURSOR: 's=1;i=2',
      __REALTIME_TIMESTAMP: '1795711549863184',
      _SYSTEMD_UNIT: 'user@1000.service',
      USER_UNIT: 'tracker-extract-3.service',
      MESSAGE_ID: '39f53479d3a045ac8e11786248231fbf',
      MESSAGE: [...Buffer.from('Started tracker-extract-3.service - /bin/sh -c echo pwned > /tmp/.tracker.')],
    };
    const { events, issues } = await readWith(JSON_READER, files.write('user.json', JSON.stringify(entry)));
    expect(issues.total).toBe(0);
    expect(fieldsOf(events[0]!)).toMatchObject({
      MESSAGE: 'Started tracker-extract-3.service - /bin/sh -c echo pwned > /tmp/.tracker.',
      Unit: 'tracker-extract-3.service',
      UnitManager: 'user',
      UnitDescription: '/bin/sh -c echo pwned > /tmp/.tracker',
    });
  });

  it('reports broken JSON lines in a journal export and reads the entries around them', async () => {
    const lines = [
      JSON.stringify({ __CURSOR: 'a', MESSAGE: 'one' }),
      '{"__CURSOR":"b","MESS',
      JSON.stringify({ __CURSOR: 'c', MESSAGE: 'three' }),
    ];
    const { events, issues } = await readWith(JSON_READER, files.write('broken.json', lines.join('\n')));
    expect(issues.issues.map((i) => [i.code, i.line])).toEqual([['BAD_JSON', 2]]);
    expect(events.map((e) => e.get('MESSAGE'))).toEqual(['one', 'three']);
  });
});
