import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { LOG_CORPUS, REPO_ROOT } from '../../../test/conformance/corpus-paths.js';
import { fieldsOf, readAll, readWith, TempFiles } from '../../../test/fixtures/readers/read-all.js';
import { buildZip } from '../../../test/fixtures/readers/zip-builder.js';
import { EVTX_READER } from '../evtx-reader.js';
import { readLogFile } from '../open-log.js';
import { EVTX_STREAM_READER } from './evtx-stream-reader.js';
import { sniffFile } from '../sniff-format.js';

const files = new TempFiles();
afterAll(() => files.cleanup());

const AUDIT = join(LOG_CORPUS, 'linux-generated/auditd/attack.log');
const EXPORT = join(LOG_CORPUS, 'linux-generated/journald/attack.export');
const EVTX = join(REPO_ROOT, 'examples/windows/service-shell-sysmon.evtx');

const read = (path: string): ReturnType<typeof readAll> => readAll((sink) => readLogFile(path, { sink, threads: 1 }));
const comparable = (events: Awaited<ReturnType<typeof read>>['events']): unknown[] =>
  events.map((e) => [e.logsource.key, e.provenance.recordId, e.time, fieldsOf(e)]);

describe('gzip inputs', () => {
  it('reads a gzipped audit log as the audit log itself, counting compressed bytes', async () => {
    const path = files.write('audit.log.gz', gzipSync(readFileSync(AUDIT)));
    expect(await sniffFile(path)).toBe('gzip');
    const zipped = await read(path);
    const plain = await read(AUDIT);
    expect(zipped.issues.total).toBe(0);
    expect(comparable(zipped.events)).toEqual(comparable(plain.events));
    expect(zipped.batches.at(-1)?.bytesRead).toBe(readFileSync(path).length);
  });

  it('reads EVTX inside a gzip file chunk by chunk, with the events of the EVTX reader', async () => {
    const zipped = await read(files.write('sysmon.evtx.gz', gzipSync(readFileSync(EVTX))));
    const plain = await read(EVTX);
    expect(zipped.issues.total).toBe(0);
    expect(zipped.events.length).toBeGreaterThan(0);
    expect(comparable(zipped.events)).toEqual(comparable(plain.events));
  });

  it('reports the same EVTX file-header issues from a byte stream as from the file', async () => {
    const badCrc = Buffer.from(readFileSync(EVTX));
    badCrc[124] = badCrc[124]! ^ 0xff;
    const noSignature = Buffer.from(readFileSync(EVTX));
    noSignature[0] = 0x58;
    for (const [name, bytes, code] of [
      ['crc.evtx', badCrc, 'BAD_FILE_HEADER_CRC'],
      ['sig.evtx', noSignature, 'BAD_FILE_HEADER'],
      ['short.evtx', badCrc.subarray(0, 100), 'BAD_FILE_HEADER'],
      // Cut where its first chunk starts: the header counts chunks the file does not hold.
      ['cut.evtx', readFileSync(EVTX).subarray(0, 4096), 'MISSING_CHUNKS'],
    ] as const) {
      const path = files.write(name, bytes);
      const fromFile = await readWith(EVTX_READER, path);
      const fromStream = await readWith(EVTX_STREAM_READER, path);
      const issues = (r: typeof fromFile): unknown[] => r.issues.issues.map((i) => [i.code, i.skipped, i.message]);
      expect(issues(fromFile)[0]).toEqual([code, expect.any(String), expect.any(String)]);
      expect(issues(fromStream)).toEqual(issues(fromFile));
      expect(fromStream.events.length).toBe(fromFile.events.length);
    }
  });

  it('reports a corrupt gzip stream, keeps the events before the damage and does not throw', async () => {
    const good = gzipSync(readFileSync(AUDIT));
    const damaged = Buffer.from(good);
    for (let i = Math.floor(damaged.length / 2); i < Math.floor(damaged.length / 2) + 64; i++) damaged[i] = 0xa5;
    const { events, issues } = await read(files.write('damaged.log.gz', damaged));
    expect(issues.issues.map((i) => i.code)).toContain('BAD_GZIP');
    expect(events.length).toBeGreaterThan(100);
    const cut = await read(files.write('cut.log.gz', good.subarray(0, 3000)));
    expect(cut.issues.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['BAD_GZIP']));
  });

  it('keeps every event of a member followed by bytes that are no gzip member, and reports them at their offset', async () => {
    const lines = (n: number): string =>
      Array.from({ length: n }, (_, i) => `{"EventID":7045,"Channel":"System","ServiceName":"svc${i}"}\n`).join('');
    for (const records of [5, 3000]) {
      const member = gzipSync(Buffer.from(lines(records)));
      const path = files.write(`garbage-${records}.json.gz`, Buffer.concat([member, Buffer.from('PK-not-gzip')]));
      const { events, issues } = await read(path);
      expect(events).toHaveLength(records);
      expect(issues.issues).toEqual([
        expect.objectContaining({
          code: 'BAD_GZIP',
          offset: member.length,
          message: expect.stringContaining('what follows gzip member 1 is no gzip member'),
        }),
      ]);
    }
  });

  it('names gzipped content that is no log', async () => {
    const { issues } = await read(files.write('notes.txt.gz', gzipSync(Buffer.from('just some notes\n'))));
    expect(issues.issues).toEqual([expect.objectContaining({ code: 'NOT_A_LOG', skipped: 'file' })]);
  });
});

describe('zip inputs', () => {
  it('reads every log of an archive by its own format, named archive!entry', async () => {
    const zip = buildZip([
      { name: 'host1/audit.log', data: readFileSync(AUDIT) },
      { name: 'host1/journal.export', data: readFileSync(EXPORT), stored: true },
      { name: 'host2/sysmon.evtx', data: readFileSync(EVTX) },
      { name: 'host2/audit.log.gz', data: gzipSync(readFileSync(AUDIT)) },
      { name: 'README.txt', data: Buffer.from('collected on Monday\n') },
    ]);
    const path = files.write('logs.zip', zip);
    expect(await sniffFile(path)).toBe('zip');
    const { events, issues, batches } = await read(path);
    expect(issues.issues).toEqual([expect.objectContaining({ code: 'NOT_A_LOG', file: `${path}!README.txt` })]);
    expect(batches.at(-1)?.bytesRead).toBe(zip.length); // every byte counted, headers included
    const byFile = new Map<string, number>();
    for (const e of events) byFile.set(e.provenance.file, (byFile.get(e.provenance.file) ?? 0) + 1);
    expect(Object.fromEntries(byFile)).toEqual({
      [`${path}!host1/audit.log`]: (await read(AUDIT)).events.length,
      [`${path}!host1/journal.export`]: 93,
      [`${path}!host2/sysmon.evtx`]: (await read(EVTX)).events.length,
      [`${path}!host2/audit.log.gz`]: (await read(AUDIT)).events.length,
    });
  });

  it('reports an entry whose data is damaged and reads the entries after it', async () => {
    const zip = buildZip([
      { name: 'a.export', data: readFileSync(EXPORT), stored: true },
      { name: 'b.export', data: readFileSync(EXPORT), stored: true },
    ]);
    zip[200] = 0xff; // inside a.export's data: the CRC-32 no longer matches
    const { events, issues } = await read(files.write('damaged.zip', zip));
    expect(issues.issues.map((i) => [i.code, i.file.replace(/^.*!/, '')])).toEqual([
      ['BAD_UTF8', 'a.export'],
      ['BAD_ZIP_ENTRY', 'a.export'],
    ]);
    expect(events.filter((e) => e.provenance.file.endsWith('!b.export'))).toHaveLength(93);
  });

  it('reads entries named with an absolute path or .., naming them as the archive does', async () => {
    const zip = buildZip([
      { name: '/var/log/audit/audit.log', data: readFileSync(AUDIT) },
      { name: '../journal.export', data: readFileSync(EXPORT) },
      { name: 'C:\\logs\\journal.export', data: readFileSync(EXPORT) },
      { name: 'journal.export', data: readFileSync(EXPORT) },
    ]);
    const path = files.write('names.zip', zip);
    const { events, issues } = await read(path);
    expect(issues.issues).toEqual([]);
    const byFile = new Map<string, number>();
    for (const e of events) byFile.set(e.provenance.file, (byFile.get(e.provenance.file) ?? 0) + 1);
    expect(Object.fromEntries(byFile)).toEqual({
      [`${path}!/var/log/audit/audit.log`]: (await read(AUDIT)).events.length,
      [`${path}!../journal.export`]: 93,
      [`${path}!C:/logs/journal.export`]: 93,
      [`${path}!journal.export`]: 93,
    });
  });

  it('reports an archive without a central directory whose only local header is cut: how it was read, where it ends', async () => {
    const path = files.write('broken.zip', Buffer.from('PK\u0003\u0004 not really a zip', 'latin1'));
    const { events, issues } = await read(path);
    expect(events).toEqual([]);
    expect(issues.issues).toEqual([
      expect.objectContaining({ code: 'BAD_ZIP', skipped: 'none' }),
      expect.objectContaining({ code: 'BAD_ZIP_ENTRY', file: path, offset: 0, skipped: 'file' }),
    ]);
  });
});
