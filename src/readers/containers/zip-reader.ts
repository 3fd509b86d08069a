/**
 * zip archives (PKWARE APPNOTE; stored and deflated entries) through yauzl, which reads the
 * central directory and sizes (the CRC-32 is checked here): every file entry is sniffed and read by its
 * own reader, in archive order, named `archive.zip!folder/file` in provenance and issues, so one
 * archive may hold logs of several formats. A broken archive or entry is one issue; the other
 * entries are still read. A zip inside the archive is named, not read (it needs random access).
 */
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import type { EventBatch, LogReader, ReadOptions } from '../log-reader.js';
import { readInnerLog, type CompressedProgress, type StreamReaderLookup } from './inner-log.js';

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

/**
 * The entry's name as the archive spells it: UTF-8 when flagged or in an Info-ZIP extra field, else
 * CP437; `\` read as `/`, as yauzl did before (archives made on Windows).
 */
function entryName(entry: Entry): string {
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
    const sink = options.sink;
    let zip: ZipFile;
    try {
      zip = await openZip(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== undefined) throw error;
      sink.report({
        code: 'BAD_ZIP',
        message: `not a readable zip archive: ${reason(error)}`,
        file: path,
        offset: 0,
        skipped: 'file',
      });
      return;
    }
    const progress: CompressedProgress = { bytes: 0 };
    try {
      for (;;) {
        let entry: Entry | undefined;
        try {
          entry = await nextEntry(zip);
        } catch (error) {
          sink.report({
            code: 'BAD_ZIP',
            message: `central directory broken: ${reason(error)}; later entries skipped`,
            file: path,
            offset: progress.bytes,
            skipped: 'file',
          });
          return;
        }
        if (entry === undefined) {
          // Every byte is read by now (headers and the central directory too): the last count says so.
          yield { events: [], bytesRead: zip.fileSize };
          return;
        }
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
    } finally {
      zip.close();
    }
  }
}
