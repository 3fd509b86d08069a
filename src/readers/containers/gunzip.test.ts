import { crc32, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzip } from './gunzip.js';
import { DecompressionError } from './inner-log.js';

const TEXT = Buffer.from(Array.from({ length: 2000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}\n`).join(''));

/** `bytes` as a stream of chunks of `size` bytes. */
async function* chunked(bytes: Buffer, size = bytes.length): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** Everything `gunzip` yields, and what it threw. */
async function decompress(chunks: AsyncIterable<Buffer>): Promise<{ text: Buffer; error: unknown }> {
  const out: Buffer[] = [];
  try {
    for await (const chunk of gunzip(chunks)) out.push(chunk);
  } catch (error) {
    return { text: Buffer.concat(out), error };
  }
  return { text: Buffer.concat(out), error: undefined };
}

/** A gzip member whose header also carries an extra field, a name, a comment and a header CRC. */
function memberWithEveryHeaderField(data: Buffer): Buffer {
  const plain = gzipSync(data);
  const header = Buffer.concat([
    plain.subarray(0, 10),
    Buffer.from([3, 0, 0xaa, 0xbb, 0xcc]), // FEXTRA: XLEN 3 and its bytes
    Buffer.from('x.json\0comment\0', 'latin1'),
  ]);
  header[3] = 0x02 | 0x04 | 0x08 | 0x10;
  const headerCrc = Buffer.alloc(2);
  headerCrc.writeUInt16LE(crc32(header) & 0xffff);
  return Buffer.concat([header, headerCrc, plain.subarray(10)]);
}

describe('gunzip', () => {
  it('reads several members with every header field the same way whatever the chunk size', async () => {
    const stream = Buffer.concat([memberWithEveryHeaderField(TEXT), gzipSync(TEXT), Buffer.alloc(1000)]);
    for (const size of [1, 7, 4096, stream.length]) {
      const { text, error } = await decompress(chunked(stream, size));
      expect(error, `chunks of ${size}`).toBeUndefined();
      expect(text.equals(Buffer.concat([TEXT, TEXT])), `chunks of ${size}`).toBe(true);
    }
  });

  it('keeps every byte of a member followed by bytes that are no gzip member, and fails at their offset', async () => {
    const member = gzipSync(TEXT);
    // After zero padding, the first other byte is where the garbage starts.
    for (const [tail, garbageAt] of [
      ['PK-not-gzip-trailer', 0],
      ['\0\0\0junk', 3],
    ] as const) {
      const { text, error } = await decompress(chunked(Buffer.concat([member, Buffer.from(tail, 'latin1')])));
      expect(text.equals(TEXT)).toBe(true);
      expect(error).toBeInstanceOf(DecompressionError);
      expect(error).toMatchObject({
        message: 'what follows gzip member 1 is no gzip member',
        offset: member.length + garbageAt,
      });
    }
  });

  it('names where a stream is cut: in the header, in the data, in the trailer', async () => {
    const member = gzipSync(TEXT);
    const cases = [
      [5, "the stream ends inside gzip member 1's header", 0],
      [member.length - 100, 'gzip member 1: unexpected end of file', member.length - 100],
      [member.length - 3, "the stream ends inside gzip member 1's trailer", member.length - 8],
    ] as const;
    for (const [length, message, offset] of cases) {
      const { error } = await decompress(chunked(member.subarray(0, length)));
      expect(error).toMatchObject({ message, offset });
    }
  });

  it('fails at the trailer of a member whose CRC-32 does not match, after yielding its bytes', async () => {
    const member = Buffer.from(gzipSync(TEXT));
    member.writeUInt8(member.readUInt8(member.length - 8) ^ 0xff, member.length - 8);
    const { text, error } = await decompress(chunked(member));
    expect(text.equals(TEXT)).toBe(true);
    expect(error).toMatchObject({ message: expect.stringMatching(/CRC-32/), offset: member.length - 8 });
  });

  it('ends its source when the consumer stops early', async () => {
    let ended = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield* chunked(gzipSync(Buffer.alloc(10_000_000)), 1024);
      } finally {
        ended = true;
      }
    }
    for await (const chunk of gunzip(source())) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(ended).toBe(true);
  });
});
