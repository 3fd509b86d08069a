// A growable little-endian byte buffer that knows where its first byte will land in the chunk.
// BinXML points at names and templates by chunk offset, so an encoder must know absolute positions
// while it writes; sizes that are only known later are written as 0 and patched.

const INITIAL_CAPACITY = 1024;

export class ByteWriter {
  /** Chunk offset of this writer's first byte. */
  readonly base: number;
  private bytes: Buffer;
  private length = 0;

  constructor(base: number) {
    this.base = base;
    this.bytes = Buffer.alloc(INITIAL_CAPACITY);
  }

  /** Bytes written so far. */
  get size(): number {
    return this.length;
  }

  /** Chunk offset of the next byte to be written. */
  get offset(): number {
    return this.base + this.length;
  }

  private reserve(n: number): number {
    const at = this.length;
    if (at + n > this.bytes.length) {
      const grown = Buffer.alloc(Math.max(this.bytes.length * 2, at + n));
      this.bytes.copy(grown, 0, 0, at);
      this.bytes = grown;
    }
    this.length += n;
    return at;
  }

  /** Reserves `n` bytes, then lets `write` fill them; reserving may replace the buffer, so it runs first. */
  private put(n: number, write: (bytes: Buffer, at: number) => unknown): this {
    const at = this.reserve(n);
    write(this.bytes, at);
    return this;
  }

  u8(value: number): this {
    return this.put(1, (b, at) => b.writeUInt8(value, at));
  }

  u16(value: number): this {
    return this.put(2, (b, at) => b.writeUInt16LE(value, at));
  }

  u32(value: number): this {
    return this.put(4, (b, at) => b.writeUInt32LE(value, at));
  }

  u64(value: bigint): this {
    return this.put(8, (b, at) => b.writeBigUInt64LE(value, at));
  }

  raw(data: Uint8Array): this {
    return this.put(data.length, (b, at) => b.set(data, at));
  }

  /** UTF-16LE code units, no terminator. */
  utf16(text: string): this {
    return this.put(text.length * 2, (b, at) => b.write(text, at, 'utf16le'));
  }

  /** Overwrites a 32-bit value written earlier; `at` is relative to this writer. */
  patchU32(at: number, value: number): void {
    if (at + 4 > this.length) throw new RangeError(`patch at ${at} is past the written bytes`);
    this.bytes.writeUInt32LE(value, at);
  }

  /** A copy of the written bytes. */
  toBuffer(): Buffer {
    return Buffer.from(this.bytes.subarray(0, this.length));
  }
}
