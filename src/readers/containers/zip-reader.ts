/**
 * zip archives (PKWARE APPNOTE; stored and deflated entries) through yauzl, which reads the
 * central directory and sizes (the CRC-32 is checked here): every file entry is sniffed and read by its
 * own reader, in archive order, named `archive.zip!folder/file` in provenance and issues, so one
 * archive may hold logs of several formats. A broken archive or entry is one issue; the other
 * entries are still read. When the central directory cannot be read (a truncated archive), the
 * entries it did not list are read front to back by their local headers (`zip-local-entries.ts`).
 * A zip inside the archive is named, not read (it needs random access).
 */
import { stat } from 'node:fs/promises';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { fileChunks } from '../file-chunks.js';
import type { EventBatch, LogReader, ReadOptions } from '../log-reader.js';
import { readInnerLog, type CompressedProgress, type StreamReaderLookup } from './inner-log.js';
import { zipEntryName } from './zip-entry-name.js';
import { localZipEntries } from './zip-local-entries.js';

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // Names are decoded here, not by yauzl: it rejects an absolute or `..` name as a broken central
    // directory, and nothing is extracted to disk, so such a name is harmless and its entry is read.
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    );
  });
}

/** The next entry of the central directory, or undefined at its end. */
function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: Entry): void => {
      cleanup();
      resolve(entry);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(undefined);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const cleanup = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream)));
  });
}

/** The entry's bytes, checked against its CRC-32 at the end (yauzl checks sizes, not CRCs). */
async function* checked(stream: AsyncIterable<Buffer>, entry: Entry): AsyncGenerator<Buffer> {
  let crc = 0;
  for await (const chunk of stream) {
    crc = crc32(chunk, crc);
    yield chunk;
  }
  if (crc >>> 0 !== entry.crc32 >>> 0) {
    throw new Error(
      `CRC-32 ${(crc >>> 0).toString(16)} does not match the archive's ${(entry.crc32 >>> 0).toString(16)}; events read from it may be damaged`,
    );
  }
}

function entryName(entry: Entry): string {
  return zipEntryName(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads the entries the central directory did not list (`listed`: their local header offsets)
 * front to back by their local headers; `why` is what broke the central directory.
 */
async function* readByLocalHeaders(
  path: string,
  options: ReadOptions,
  lookup: StreamReaderLookup,
  why: string,
  listed: ReadonlySet<number>,
): AsyncGenerator<EventBatch> {
  const sink = options.sink;
  sink.report({
    code: 'BAD_ZIP',
    message:
      listed.size === 0
        ? `central directory unreadable (${why}); entries read front to back by their local headers`
        : `central directory broken after ${listed.size} ${listed.size === 1 ? 'entry' : 'entries'} (${why}); the others read front to back by their local headers`,
    file: path,
    offset: 0,
    skipped: 'none',
  });
  const progress: CompressedProgress = { bytes: 0 };
  for await (const item of localZipEntries(fileChunks(path))) {
    progress.bytes = item.offset;
    switch (item.kind) {
      case 'entry':
        if (listed.has(item.offset) || item.name.endsWith('/')) continue;
        yield* readInnerLog(item.data, `${path}!${item.name}`, options, lookup, progress, 'BAD_ZIP_ENTRY');
        break;
      case 'unreadable':
        if (listed.has(item.offset)) continue;
        sink.report({
          code: 'BAD_ZIP_ENTRY',
          message: `entry cannot be read: ${item.reason}`,
          file: item.name === undefined ? path : `${path}!${item.name}`,
          offset: item.offset,
          skipped: 'file',
        });
        break;
      case 'skipped':
        sink.report({
          code: 'BAD_ZIP',
          message: `${item.sizeBytes} bytes are no zip record; skipped to the next local header`,
          file: path,
          offset: item.offset,
          skipped: 'chunk',
        });
        break;
      default:
        item satisfies never;
    }
  }
  yield { events: [], bytesRead: (await stat(path)).size };
}

/** Reads every log entry of a zip archive by the reader its content calls for. */
export class ZipReader implements LogReader {
  readonly format = 'zip' as const;
  private readonly lookup: StreamReaderLookup;

  constructor(lookup: StreamReaderLookup) {
    this.lookup = lookup;
  }

  /**
   * Yields the events of every log in the archive, entry by entry.
   * @throws only when the file cannot be opened at all.
   */
  async *read(path: string, options: ReadOptions): AsyncGenerator<EventBatch> {
    let zip: ZipFile;
    try {
      zip = await openZip(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== undefined) throw error;
      yield* readByLocalHeaders(path, options, this.lookup, reason(error), new Set());
      return;
    }
    const listed = new Set<number>();
    let broken: string | undefined;
    try {
      broken = yield* this.readListed(zip, path, options, listed);
    } finally {
      zip.close();
    }
    if (broken !== undefined) yield* readByLocalHeaders(path, options, this.lookup, broken, listed);
  }

  /**
   * Reads the entries the central directory lists, adding their local header offsets to `listed`;
   * returns why the central directory broke, or undefined when it was read to its end.
   */
  private async *readListed(
    zip: ZipFile,
    path: string,
    options: ReadOptions,
    listed: Set<number>,
  ): AsyncGenerator<EventBatch, string | undefined> {
    const sink = options.sink;
    const progress: CompressedProgress = { bytes: 0 };
    for (;;) {
      let entry: Entry | undefined;
      try {
        entry = await nextEntry(zip);
      } catch (error) {
        return reason(error);
      }
      if (entry === undefined) {
        // Every byte is read by now (headers and the central directory too): the last count says so.
        yield { events: [], bytesRead: zip.fileSize };
        return undefined;
      }
      listed.add(entry.relativeOffsetOfLocalHeader);
      const entryPath = entryName(entry);
      if (entryPath.endsWith('/')) continue;
      const name = `${path}!${entryPath}`;
      let stream: Readable;
      try {
        stream = await openEntry(zip, entry);
      } catch (error) {
        sink.report({
          code: 'BAD_ZIP_ENTRY',
          message: `entry cannot be read: ${reason(error)}`,
          file: name,
          offset: 0,
          skipped: 'file',
        });
        continue;
      }
      const before = progress.bytes;
      try {
        yield* readInnerLog(
          checked(stream as AsyncIterable<Buffer>, entry),
          name,
          options,
          this.lookup,
          progress,
          'BAD_ZIP_ENTRY',
        );
      } finally {
        stream.destroy();
      }
      progress.bytes = before + entry.compressedSize;
    }
  }
}
