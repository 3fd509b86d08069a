import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DecompressionError } from './inner-log.js';
import { localZipEntries, type LocalZipItem } from './zip-local-entries.js';

interface LocalEntrySpec {
  readonly name: string | Buffer;
  readonly data: Buffer;
  readonly method?: 'stored' | 'deflated';
  /** Sizes and CRC-32 after the data (bit 3), with or without the descriptor's signature. */
  readonly descriptor?: 'signed' | 'unsigned';
  readonly flags?: number;
  /** Sizes moved to a Zip64 extra field, the header's set to 0xFFFFFFFF. */
  readonly zip64?: boolean;
  readonly crc?: number;
}

/** One local header and its data (APPNOTE 4.3.7), and a data descriptor when asked for. */
function localEntry(spec: LocalEntrySpec): Buffer {
  const name = typeof spec.name === 'string' ? Buffer.from(spec.name, 'utf8') : spec.name;
  const body = spec.method === 'stored' ? spec.data : deflateRawSync(spec.data);
  const crc = spec.crc ?? crc32(spec.data);
  const flags = (spec.flags ?? (typeof spec.name === 'string' ? 0x0800 : 0)) | (spec.descriptor ? 0x0008 : 0);
  const extra = Buffer.alloc(spec.zip64 === true ? 20 : 0);
  if (spec.zip64 === true) {
    // With a descriptor the sizes are not known yet: 0 here, as Python's zipfile streams them.
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(16, 2);
    extra.writeBigUInt64LE(BigInt(spec.descriptor ? 0 : spec.data.length), 4);
    extra.writeBigUInt64LE(BigInt(spec.descriptor ? 0 : body.length), 12);
  }
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(spec.zip64 === true ? 45 : 20, 4);
  header.writeUInt16LE(flags, 6);
  header.writeUInt16LE(spec.method === 'stored' ? 0 : 8, 8);
  if (spec.descriptor === undefined) header.writeUInt32LE(crc, 14);
  if (spec.descriptor === undefined || spec.zip64 === true) {
    header.writeUInt32LE(spec.zip64 === true ? 0xffffffff : body.length, 18);
    header.writeUInt32LE(spec.zip64 === true ? 0xffffffff : spec.data.length, 22);
  }
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(extra.length, 28);
  const parts = [header, name, extra, body];
  if (spec.descriptor !== undefined) {
    // An entry with a Zip64 extra field has 8-byte sizes in its descriptor (APPNOTE 4.3.9.2).
    const descriptor = Buffer.alloc(spec.zip64 === true ? 24 : 16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc, 4);
    if (spec.zip64 === true) {
      descriptor.writeBigUInt64LE(BigInt(body.length), 8);
      descriptor.writeBigUInt64LE(BigInt(spec.data.length), 16);
    } else {
      descriptor.writeUInt32LE(body.length, 8);
      descriptor.writeUInt32LE(spec.data.length, 12);
    }
    parts.push(spec.descriptor === 'signed' ? descriptor : descriptor.subarray(4));
  }
  return Buffer.concat(parts);
}

/** The start of a central directory: the walk ends there. */
const CENTRAL_DIRECTORY = Buffer.from('PK\u0001\u0002 and the rest of the directory', 'latin1');

const text = (label: string, lines: number): Buffer =>
  Buffer.from(Array.from({ length: lines }, (_, i) => `${label} line ${i} ${'x'.repeat(i % 40)}\n`).join(''));

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

type Seen =
  | { kind: 'entry'; offset: number; name: string; data: string; error?: { message: string; offset: number } }
  | Exclude<LocalZipItem, { kind: 'entry' }>;

/**
 * Every item of the walk; each entry's data read whole, or not at all for the names in `unread`, or
 * only its first chunk for the names in `started`.
 */
async function walk(
  bytes: Buffer,
  size = bytes.length,
  unread: readonly string[] = [],
  started: readonly string[] = [],
): Promise<Seen[]> {
  const seen: Seen[] = [];
  for await (const item of localZipEntries(chunked(bytes, size))) {
    if (item.kind !== 'entry') {
      seen.push(item);
      continue;
    }
    const out: Buffer[] = [];
    const entry: Seen = { kind: 'entry', offset: item.offset, name: item.name, data: '' };
    if (!unread.includes(item.name)) {
      try {
        for await (const chunk of item.data) {
          out.push(chunk);
          if (started.includes(item.name)) break;
        }
      } catch (error) {
        if (!(error instanceof DecompressionError)) throw error;
        entry.error = { message: error.message, offset: error.offset };
      }
    }
    entry.data = Buffer.concat(out).toString('latin1');
    seen.push(entry);
  }
  return seen;
}

const A = text('a', 300);
const B = text('b', 200);
const C = text('c', 100);

describe('localZipEntries', () => {
  it('reads deflated entries whose sizes follow in a data descriptor, with or without its signature, at any chunk size', async () => {
    const a = localEntry({ name: 'logs/a.log', data: A, descriptor: 'signed' });
    const b = localEntry({ name: 'logs/b.log', data: B, descriptor: 'unsigned' });
    const c = localEntry({ name: 'c.log', data: C, method: 'stored' });
    const archive = Buffer.concat([a, b, c, CENTRAL_DIRECTORY]);
    for (const size of [1, 7, 333, archive.length]) {
      expect(await walk(archive, size), `chunks of ${size}`).toEqual([
        { kind: 'entry', offset: 0, name: 'logs/a.log', data: A.toString('latin1') },
        { kind: 'entry', offset: a.length, name: 'logs/b.log', data: B.toString('latin1') },
        { kind: 'entry', offset: a.length + b.length, name: 'c.log', data: C.toString('latin1') },
      ]);
    }
  });

  it('tells a descriptor without signature whose CRC-32 equals the signature by its compressed size', async () => {
    // The descriptor's CRC-32 is the signature's value: read as a CRC-32, it is what the data is checked against.
    const crc = 0x08074b50;
    const data = Buffer.from('some bytes');
    const entry = localEntry({ name: 'x.log', data, descriptor: 'unsigned', crc });
    const walked = await walk(Buffer.concat([entry, localEntry({ name: 'y.log', data: C })]));
    expect(walked.map((item) => [item.kind, 'name' in item ? item.name : undefined])).toEqual([
      ['entry', 'x.log'],
      ['entry', 'y.log'],
    ]);
    expect(walked[0]).toMatchObject({ error: { message: expect.stringMatching(/^CRC-32 .* does not match/) } });
    expect(walked[1]).toEqual(expect.not.objectContaining({ error: expect.anything() }));
  });

  it('skips the data of an entry the consumer does not read and reads the next one', async () => {
    const a = localEntry({ name: 'a.log', data: A, descriptor: 'signed' });
    const b = localEntry({ name: 'b.log', data: B, method: 'stored' });
    const c = localEntry({ name: 'c.log', data: C });
    const walked = await walk(Buffer.concat([a, b, c]), 100, ['a.log', 'b.log']);
    expect(walked.map((item) => (item.kind === 'entry' ? [item.name, item.data.length] : item.kind))).toEqual([
      ['a.log', 0],
      ['b.log', 0],
      ['c.log', C.length],
    ]);
  });

  it('skips the rest of an entry the consumer stops reading, by its size or by inflating it', async () => {
    const big = text('big', 20_000);
    const archive = Buffer.concat([
      localEntry({ name: 'deflated.log', data: big }),
      localEntry({ name: 'stored.log', data: big, method: 'stored' }),
      localEntry({ name: 'described.log', data: big, descriptor: 'unsigned' }),
      localEntry({ name: 'c.log', data: C }),
    ]);
    const walked = await walk(archive, 4096, [], ['deflated.log', 'stored.log', 'described.log']);
    expect(walked.map((item) => (item.kind === 'entry' ? [item.name, item.data.length > 0] : item))).toEqual([
      ['deflated.log', true],
      ['stored.log', true],
      ['described.log', true],
      ['c.log', true],
    ]);
    expect(walked.at(-1)).toEqual({
      kind: 'entry',
      offset: archive.length - localEntry({ name: 'c.log', data: C }).length,
      name: 'c.log',
      data: C.toString('latin1'),
    });
  });

  it('reads Zip64 entries: sizes in the extra field, or 8-byte sizes in the data descriptor, signed or not', async () => {
    const sized = localEntry({ name: 'big.log', data: A, zip64: true });
    const stored = localEntry({ name: 'big-stored.log', data: B, zip64: true, method: 'stored' });
    const streamed = localEntry({ name: 'streamed.log', data: B, zip64: true, descriptor: 'signed' });
    const unsigned = localEntry({ name: 'unsigned.log', data: C, zip64: true, descriptor: 'unsigned' });
    const archive = Buffer.concat([sized, stored, streamed, unsigned, CENTRAL_DIRECTORY]);
    let at = 0;
    const next = (entry: Buffer): number => ((at += entry.length), at - entry.length);
    for (const size of [5, 333, archive.length]) {
      at = 0;
      expect(await walk(archive, size), `chunks of ${size}`).toEqual([
        { kind: 'entry', offset: next(sized), name: 'big.log', data: A.toString('latin1') },
        { kind: 'entry', offset: next(stored), name: 'big-stored.log', data: B.toString('latin1') },
        { kind: 'entry', offset: next(streamed), name: 'streamed.log', data: B.toString('latin1') },
        { kind: 'entry', offset: next(unsigned), name: 'unsigned.log', data: C.toString('latin1') },
      ]);
    }
  });

  it('reports an encrypted entry as unreadable and reads the entries after it', async () => {
    const encrypted = localEntry({ name: 'secret.log', data: A, flags: 0x0801 });
    const zip64 = localEntry({ name: 'big.log', data: B, zip64: true });
    const last = localEntry({ name: 'last.log', data: C });
    const archive = Buffer.concat([encrypted, zip64, last, CENTRAL_DIRECTORY]);
    expect(await walk(archive, 64)).toEqual([
      { kind: 'unreadable', offset: 0, name: 'secret.log', reason: 'it is encrypted' },
      { kind: 'entry', offset: encrypted.length, name: 'big.log', data: B.toString('latin1') },
      { kind: 'entry', offset: encrypted.length + zip64.length, name: 'last.log', data: C.toString('latin1') },
    ]);
  });

  it('reads a stored entry whose size only its descriptor tells, even a zip holding its own headers', async () => {
    // A zip stored inside: its local header and central directory must not be taken for the outer ones.
    const inner = Buffer.concat([localEntry({ name: 'x.log', data: A }), CENTRAL_DIRECTORY]);
    const nested = localEntry({ name: 'inner.zip', data: inner, method: 'stored', descriptor: 'signed' });
    const streamed = localEntry({ name: 'streamed.log', data: B, method: 'stored', descriptor: 'signed', zip64: true });
    const last = localEntry({ name: 'last.log', data: C });
    const archive = Buffer.concat([nested, streamed, last, CENTRAL_DIRECTORY]);
    for (const size of [3, 100, archive.length]) {
      expect(await walk(archive, size), `chunks of ${size}`).toEqual([
        { kind: 'entry', offset: 0, name: 'inner.zip', data: inner.toString('latin1') },
        { kind: 'entry', offset: nested.length, name: 'streamed.log', data: B.toString('latin1') },
        { kind: 'entry', offset: nested.length + streamed.length, name: 'last.log', data: C.toString('latin1') },
      ]);
    }
    // Cut before its descriptor: the entry is reported cut, with what came before kept.
    const [cut] = await walk(nested.subarray(0, nested.length - 20));
    expect(cut).toMatchObject({ kind: 'entry', name: 'inner.zip', error: { offset: 0 } });
  });

  it('reads a folder stored with a data descriptor as an empty entry', async () => {
    const folder = localEntry({ name: 'logs/', data: Buffer.alloc(0), method: 'stored', descriptor: 'signed' });
    const walked = await walk(Buffer.concat([folder, localEntry({ name: 'logs/c.log', data: C })]));
    expect(walked).toEqual([
      { kind: 'entry', offset: 0, name: 'logs/', data: '' },
      { kind: 'entry', offset: folder.length, name: 'logs/c.log', data: C.toString('latin1') },
    ]);
  });

  it('decodes names as the central directory does: UTF-8 when flagged, else CP437, backslashes as slashes', async () => {
    const archive = Buffer.concat([
      localEntry({ name: 'journal-é.log', data: C }),
      localEntry({ name: Buffer.from([0x81, 0x2e, 0x6c, 0x6f, 0x67]), data: C }), // CP437 0x81 is ü
      localEntry({ name: 'C:\\logs\\c.log', data: C }),
    ]);
    expect((await walk(archive)).map((item) => ('name' in item ? item.name : item.kind))).toEqual([
      'journal-é.log',
      'ü.log',
      'C:/logs/c.log',
    ]);
  });

  it('reports bytes where a record should start at their offset and size, and reads the next entry', async () => {
    const a = localEntry({ name: 'a.log', data: A });
    const garbage = Buffer.from('junk PK\u0003\u0004 not a header either', 'latin1');
    const fakeHeader = Buffer.alloc(30);
    fakeHeader.writeUInt32LE(0x04034b50, 0);
    fakeHeader.writeUInt16LE(0xffff, 8); // method 65535: data that only looks like a header
    garbage.set(fakeHeader.subarray(0, 10), 5);
    const b = localEntry({ name: 'b.log', data: B });
    const archive = Buffer.concat([a, garbage, b]);
    for (const size of [1, 9, archive.length]) {
      expect(await walk(archive, size), `chunks of ${size}`).toEqual([
        { kind: 'entry', offset: 0, name: 'a.log', data: A.toString('latin1') },
        { kind: 'skipped', offset: a.length, sizeBytes: garbage.length },
        { kind: 'entry', offset: a.length + garbage.length, name: 'b.log', data: B.toString('latin1') },
      ]);
    }
  });

  it('fails an entry whose CRC-32 does not match at its offset after giving its data, and reads the next', async () => {
    const a = localEntry({ name: 'a.log', data: A, crc: 0x1234 });
    const walked = await walk(Buffer.concat([a, localEntry({ name: 'b.log', data: B })]));
    expect(walked).toEqual([
      {
        kind: 'entry',
        offset: 0,
        name: 'a.log',
        data: A.toString('latin1'),
        error: { message: expect.stringMatching(/^CRC-32 [0-9a-f]+ does not match the archive's 1234/), offset: 0 },
      },
      { kind: 'entry', offset: a.length, name: 'b.log', data: B.toString('latin1') },
    ]);
  });

  it('fails an entry whose deflate data is damaged and finds the next local header after it', async () => {
    const a = Buffer.from(localEntry({ name: 'a.log', data: A }));
    a.fill(0xff, 40, 60); // inside the deflate data
    const walked = await walk(Buffer.concat([a, localEntry({ name: 'b.log', data: B })]), 50);
    expect(walked).toEqual([
      expect.objectContaining({ kind: 'entry', name: 'a.log', error: { message: expect.any(String), offset: 0 } }),
      { kind: 'entry', offset: a.length, name: 'b.log', data: B.toString('latin1') },
    ]);
  });

  it('names where the archive ends: in a header, in its name, in its extra field, in the data, in a data descriptor', async () => {
    const a = localEntry({ name: 'a.log', data: A });
    const zip64 = localEntry({ name: 'big.log', data: B, zip64: true }); // the only builder option with an extra field
    const stored = localEntry({ name: 'b.log', data: B, method: 'stored' });
    const deflated = localEntry({ name: 'b.log', data: B });
    const described = localEntry({ name: 'b.log', data: B, descriptor: 'signed' });
    const at = a.length;
    const endsAt = (cut: number): string => `the archive ends at 0x${cut.toString(16)}`;
    const cases = [
      [
        zip64,
        12,
        {
          kind: 'unreadable',
          offset: at,
          name: undefined,
          reason: `${endsAt(at + 12)}, inside this entry's local header`,
        },
      ],
      [
        zip64,
        33,
        {
          kind: 'unreadable',
          offset: at,
          name: undefined,
          reason: `${endsAt(at + 33)}, inside this entry's local header`,
        },
      ],
      [
        zip64,
        40,
        {
          kind: 'unreadable',
          offset: at,
          name: 'big.log',
          reason: `${endsAt(at + 40)}, inside this entry's local header`,
        },
      ],
      [
        stored,
        35 + 1000,
        {
          kind: 'entry',
          offset: at,
          name: 'b.log',
          data: B.subarray(0, 1000).toString('latin1'),
          error: { message: `${endsAt(at + 1035)}, inside this entry's data`, offset: at },
        },
      ],
      [
        deflated,
        35,
        {
          kind: 'entry',
          offset: at,
          name: 'b.log',
          data: '',
          error: { message: `${endsAt(at + 35)}, inside this entry's data`, offset: at },
        },
      ],
      [
        described,
        described.length - 5,
        {
          kind: 'entry',
          offset: at,
          name: 'b.log',
          data: B.toString('latin1'),
          error: {
            message: `${endsAt(at + described.length - 5)}, inside this entry's data descriptor: its CRC-32 cannot be checked`,
            offset: at,
          },
        },
      ],
    ] as const;
    for (const [entry, length, expected] of cases) {
      const archive = Buffer.concat([a, entry.subarray(0, length)]);
      for (const size of [1, 64, archive.length]) {
        expect(await walk(archive, size), `${length} bytes of the entry, chunks of ${size}`).toEqual([
          { kind: 'entry', offset: 0, name: 'a.log', data: A.toString('latin1') },
          expected,
        ]);
      }
    }
  });

  it('gives the decompressed bytes before a cut in deflate data', async () => {
    const big = text('big', 5000);
    const entry = localEntry({ name: 'big.log', data: big });
    const walked = await walk(entry.subarray(0, Math.floor(entry.length / 2)), 4096);
    expect(walked).toHaveLength(1);
    const [only] = walked;
    expect(only).toMatchObject({
      kind: 'entry',
      error: { offset: 0, message: expect.stringContaining('inside this entry') },
    });
    const data = only?.kind === 'entry' ? only.data : '';
    expect(data.length).toBeGreaterThan(big.length / 4);
    expect(big.toString('latin1').startsWith(data)).toBe(true);
  });

  it('ends its source and frees the entry when the consumer stops inside an entry', async () => {
    let ended = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield* chunked(localEntry({ name: 'big.log', data: text('big', 50_000) }), 1024);
      } finally {
        ended = true;
      }
    }
    for await (const item of localZipEntries(source())) {
      if (item.kind !== 'entry') continue;
      for await (const chunk of item.data) {
        expect(chunk.length).toBeGreaterThan(0);
        break;
      }
      break;
    }
    expect(ended).toBe(true);
  });
});
