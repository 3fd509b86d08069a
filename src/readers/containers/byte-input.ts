/**
 * A stream of compressed bytes read front to back by a container's framing (gzip members, zip
 * local headers): the bytes read and not used yet, and where they start in the stream.
 */

/** The bytes of a stream not used yet; `pull` adds the next chunk, `skip` uses bytes up. */
export class ByteInput {
  private readonly source: AsyncIterator<Buffer>;
  pending: Buffer = Buffer.alloc(0);
  /** Bytes from the start of the stream to `pending[0]`. */
  offset = 0;
  /** Whether the stream has no more chunks. */
  ended = false;

  constructor(source: AsyncIterator<Buffer>) {
    this.source = source;
  }

  /** Appends the next chunk to `pending`; false at the end of the stream. */
  async pull(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.source.next();
    if (next.done === true) {
      this.ended = true;
      return false;
    }
    this.pending = this.pending.length === 0 ? next.value : Buffer.concat([this.pending, next.value]);
    return true;
  }

  /** Pulls until `count` bytes are pending; false when the stream ends first. */
  async fill(count: number): Promise<boolean> {
    while (this.pending.length < count) if (!(await this.pull())) return false;
    return true;
  }

  /** Marks the first `count` pending bytes used. */
  skip(count: number): void {
    this.pending = this.pending.subarray(count);
    this.offset += count;
  }
}
