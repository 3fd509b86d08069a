import { afterAll, describe, expect, it } from 'vitest';
import { readAll, TempFiles } from '../../../test/fixtures/readers/read-all.js';
import { buildZip } from '../../../test/fixtures/readers/zip-builder.js';
import { readLogFile } from '../open-log.js';

const files = new TempFiles();
afterAll(() => files.cleanup());

const read = (path: string): ReturnType<typeof readAll> => readAll((sink) => readLogFile(path, { sink, threads: 1 }));

/** `count` Windows service-install events as NDJSON, one per line. */
const serviceLines = (host: string, count: number): Buffer =>
  Buffer.from(
    Array.from(
      { length: count },
      (_, i) => `{"EventID":7045,"Channel":"System","Computer":"${host}","ServiceName":"svc${i}"}\n`,
    ).join(''),
  );

const A = serviceLines('a', 40);
const B = serviceLines('b', 60);
const C = serviceLines('c', 3000);

/** Three logs: deflated, stored, and a larger deflated one last. */
const archive = buildZip([
  { name: 'host-a/a.json', data: A },
  { name: 'host-b/b.json', data: B, stored: true },
  { name: 'host-c/c.json', data: C },
]);
const localOffset = (name: string): number => archive.indexOf(Buffer.from(name)) - 30;
const centralDirectoryOffset = archive.readUInt32LE(archive.length - 22 + 16);

/** Events per entry name. */
function countByEntry(events: Awaited<ReturnType<typeof read>>['events']): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events) {
    const entry = e.provenance.file.replace(/^.*!/, '');
    counts[entry] = (counts[entry] ?? 0) + 1;
  }
  return counts;
}

const issueList = (issues: Awaited<ReturnType<typeof read>>['issues']): unknown[] =>
  issues.issues.map((i) => [i.code, i.file.replace(/^.*[/\\]/, ''), i.offset, i.skipped]);

const FALLBACK = expect.objectContaining({
  code: 'BAD_ZIP',
  message: expect.stringMatching(
    /^central directory unreadable \(End of central directory record signature not found.*\); entries read front to back by their local headers$/,
  ),
  offset: 0,
  skipped: 'none',
});

describe('truncated and damaged zip inputs', () => {
  it('reads every entry of an archive cut inside its central directory, saying how it was read', async () => {
    for (const cut of [centralDirectoryOffset, centralDirectoryOffset + 20, archive.length - 10]) {
      const path = files.write(`cut-directory-${cut}.zip`, archive.subarray(0, cut));
      const { events, issues, batches } = await read(path);
      expect(issues.issues, `cut at ${cut}`).toEqual([FALLBACK]);
      expect(countByEntry(events)).toEqual({ 'host-a/a.json': 40, 'host-b/b.json': 60, 'host-c/c.json': 3000 });
      expect(events.find((e) => e.provenance.file.endsWith('!host-c/c.json'))?.provenance.file).toBe(
        `${path}!host-c/c.json`,
      );
      expect(batches.at(-1)?.bytesRead).toBe(cut);
    }
  });

  it('reads the entries before a cut in the last entry’s deflate data and reports the cut entry by name and offset', async () => {
    const cut = localOffset('host-c/c.json') + 30 + 'host-c/c.json'.length + 5000;
    const path = files.write('cut-deflate.zip', archive.subarray(0, cut));
    const { events, issues } = await read(path);
    const counts = countByEntry(events);
    expect(counts['host-a/a.json']).toBe(40);
    expect(counts['host-b/b.json']).toBe(60);
    // The events before the cut are kept, as for any damaged entry.
    expect(counts['host-c/c.json']).toBeGreaterThan(100);
    expect(counts['host-c/c.json']).toBeLessThan(3000);
    expect(issues.issues).toEqual([
      FALLBACK,
      // The last line decompressed is cut in the middle.
      expect.objectContaining({ code: 'BAD_JSON', file: `${path}!host-c/c.json` }),
      expect.objectContaining({
        code: 'BAD_ZIP_ENTRY',
        file: `${path}!host-c/c.json`,
        offset: localOffset('host-c/c.json'),
        message: expect.stringContaining(`the archive ends at 0x${cut.toString(16)}, inside this entry's data`),
        skipped: 'chunk',
      }),
    ]);
  });

  it('keeps exactly the whole lines before a cut in a stored entry', async () => {
    const stored = buildZip([
      { name: 'a.json', data: A },
      { name: 'b.json', data: B, stored: true },
    ]);
    const bOffset = stored.indexOf(Buffer.from('b.json')) - 30;
    const dataStart = bOffset + 30 + 'b.json'.length;
    const lineBytes = B.indexOf('\n') + 1; // every line of B has the same length up to svc9
    const path = files.write('cut-stored.zip', stored.subarray(0, dataStart + 5 * lineBytes));
    const { events, issues } = await read(path);
    expect(countByEntry(events)).toEqual({ 'a.json': 40, 'b.json': 5 });
    expect(issueList(issues)).toEqual([
      ['BAD_ZIP', 'cut-stored.zip', 0, 'none'],
      ['BAD_ZIP_ENTRY', 'cut-stored.zip!b.json', bOffset, 'chunk'],
    ]);
  });

  it('reads the entries before a cut inside a local header and reports the cut header at its offset', async () => {
    const at = localOffset('host-c/c.json');
    for (const [cut, file] of [
      [at + 2, 'cut-header.zip'], // in the signature
      [at + 12, 'cut-header.zip'], // in the fixed fields
      [at + 33, 'cut-header.zip'], // in the name: not known yet
    ] as const) {
      const path = files.write(file, archive.subarray(0, cut));
      const { events, issues } = await read(path);
      expect(countByEntry(events), `cut at ${cut}`).toEqual({ 'host-a/a.json': 40, 'host-b/b.json': 60 });
      expect(issues.issues).toEqual([
        FALLBACK,
        expect.objectContaining({
          code: 'BAD_ZIP_ENTRY',
          file: path,
          offset: at,
          message: `entry cannot be read: the archive ends at 0x${cut.toString(16)}, inside this entry's local header`,
          skipped: 'file',
        }),
      ]);
    }
  });

  it('reads the entries a damaged central directory does not list, each once', async () => {
    const damaged = Buffer.from(archive);
    const second = damaged.indexOf(Buffer.from('PK\u0001\u0002', 'latin1'), centralDirectoryOffset + 4);
    damaged.write('XX', second, 'latin1'); // the second record's signature
    const path = files.write('damaged-directory.zip', damaged);
    const { events, issues, batches } = await read(path);
    expect(countByEntry(events)).toEqual({ 'host-a/a.json': 40, 'host-b/b.json': 60, 'host-c/c.json': 3000 });
    expect(issues.issues).toEqual([
      expect.objectContaining({
        code: 'BAD_ZIP',
        message: expect.stringMatching(
          /^central directory broken after 1 entry \(.*\); the others read front to back by their local headers$/,
        ),
        skipped: 'none',
      }),
    ]);
    expect(batches.at(-1)?.bytesRead).toBe(damaged.length);
  });

  it('reports bytes between entries that are no zip record, and reads on', async () => {
    const junk = Buffer.from('-- junk from a bad copy --');
    const at = localOffset('host-b/b.json');
    const spliced = Buffer.concat([archive.subarray(0, at), junk, archive.subarray(at, centralDirectoryOffset)]);
    const { events, issues } = await read(files.write('spliced.zip', spliced));
    expect(countByEntry(events)).toEqual({ 'host-a/a.json': 40, 'host-b/b.json': 60, 'host-c/c.json': 3000 });
    expect(issues.issues).toEqual([
      FALLBACK,
      expect.objectContaining({
        code: 'BAD_ZIP',
        offset: at,
        message: `${junk.length} bytes are no zip record; skipped to the next local header`,
        skipped: 'chunk',
      }),
    ]);
  });
});
