/**
 * Expands the paths a user gives into log files: folders are walked recursively (sorted, so runs
 * are reproducible), every file's format is sniffed from its content, files that are no log are
 * counted and skipped, paths that cannot be read are reported. `stat` and `readdir` are synchronous,
 * as the sniffing reads are: the walk is sequential anyway, and a thread-pool round trip per file
 * left the thread idle ~60 ms over the 546 files of the EVTX corpus.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sniffFile } from '../readers/index.js';
import type { InputFile } from './work-plan.js';

export interface DiscoveredInputs {
  readonly files: InputFile[];
  /** Files whose content is no supported log format. */
  readonly notLogs: string[];
  readonly unreadable: { readonly path: string; readonly reason: string }[];
}

async function walk(path: string, out: DiscoveredInputs): Promise<void> {
  let info;
  try {
    info = statSync(path);
  } catch (err) {
    out.unreadable.push({ path, reason: (err as NodeJS.ErrnoException).code ?? String(err) });
    return;
  }
  if (info.isDirectory()) {
    let names: string[];
    try {
      names = readdirSync(path).sort();
    } catch (err) {
      out.unreadable.push({ path, reason: (err as NodeJS.ErrnoException).code ?? String(err) });
      return;
    }
    for (const name of names) await walk(join(path, name), out);
    return;
  }
  if (!info.isFile()) return;
  try {
    const format = await sniffFile(path);
    if (format === undefined) out.notLogs.push(path);
    else out.files.push({ path, format, sizeBytes: info.size });
  } catch (err) {
    out.unreadable.push({ path, reason: (err as NodeJS.ErrnoException).code ?? String(err) });
  }
}

export async function discoverInputs(paths: readonly string[]): Promise<DiscoveredInputs> {
  const out: DiscoveredInputs = { files: [], notLogs: [], unreadable: [] };
  for (const path of paths) await walk(path, out);
  return out;
}
