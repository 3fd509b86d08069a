/**
 * A cache of parsed rule files, so a hunt with thousands of Sigma rules does not parse their YAML
 * again on every run: parsing SigmaHQ's 2,400 Windows rules takes ~1.5 s, reading their cache ~0.2 s.
 * Entries are keyed by file path and a SHA-1 of the file's text (never by time stamps), and the cache
 * carries a format version, so a changed rule or a new svchunt is simply a miss. A missing, corrupt
 * or unwritable cache is never an error: the rules are parsed as without it.
 *
 * The cache is a folder with one file (a *shard*) per rule folder, read only when a rule of that
 * folder is loaded: with one file for everything, a hunt with the 88 built-in rules read the whole
 * SigmaHQ cache (12 MB, 0.35 s) once SigmaHQ's rules had been used.
 *
 * It also remembers whether each document compiled (`CompileMemo`), per placeholder set: compiling
 * is what `checkRules` does to every rule, and it cost a hunt over SigmaHQ's rules another 0.2 s.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { RuleIssue } from '../rule-issue.js';
import type { LoadedDocument, RuleLoadResult } from './load-rules.js';

/**
 * Creates `folder` and its missing parents one by one. Node 20's recursive mkdirSync never returns
 * under /proc (`--rule-cache /proc/x/y.json` hung the hunt); created step by step, it fails at once.
 */
function makeFolders(folder: string): void {
  const missing: string[] = [];
  for (let at = folder; !existsSync(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const path of missing.reverse()) mkdirSync(path);
}

/** Bump when the shape of parsed documents changes: old caches then miss instead of misleading. */
export const RULE_CACHE_FORMAT = 6;

/**
 * Shard files kept at most, a backstop for the many rule folders of years of use (and of test runs
 * in temporary folders): past it, the shards written longest ago go first.
 */
const MAX_SHARDS = 2_000;

/** A compile outcome: the issue that rejects the document, or null when it compiles. */
export type CompileOutcome = RuleIssue | null;

/** Remembered compile outcomes of loaded documents (see `checkRules`). */
export interface CompileMemo {
  /** Undefined when not known for this document and placeholder set. */
  outcome(doc: LoadedDocument, placeholders: string): CompileOutcome | undefined;
  remember(doc: LoadedDocument, placeholders: string, outcome: CompileOutcome): void;
}

interface ShardFile {
  readonly format: number;
  readonly salt: string;
  /** The rule folder the shard is of: a hash collision of two folders is then a miss. */
  readonly folder: string;
  readonly entries: [string, RuleLoadResult][];
  readonly outcomes: [string, CompileOutcome][];
}

/**
 * What a `file` member naming the entry's own rule file is written as: every source location of a
 * rule names it, and those copies were a third of a shard's text (and of its strings when read).
 */
const SAME_FILE = '\u0000';

function mapReplacer(_key: string, value: unknown): unknown {
  return value instanceof Map ? { $map: [...value.entries()] } : value;
}

/** Maps become `{ $map: [...] }`; `file` members naming `ownFile` become `SAME_FILE`. */
function replacerFor(ownFile: string): (key: string, value: unknown) => unknown {
  return (key, value) => (key === 'file' && value === ownFile ? SAME_FILE : mapReplacer(key, value));
}

/**
 * Undoes `replacerFor(ownFile)` in place: Maps back from `{ $map: [...] }`, `file` members back
 * from `SAME_FILE` (one string shared by all). A walk after a plain `JSON.parse` instead of a
 * reviver: the reviver's call per value made reading the cache 1.8× slower.
 */
function restore(value: unknown, ownFile: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restore(value[i], ownFile);
    return value;
  }
  const record = value as Record<string, unknown>;
  const entries = record['$map'];
  if (Array.isArray(entries)) return new Map(restore(entries, ownFile) as [unknown, unknown][]);
  for (const key in record) {
    const member = record[key];
    record[key] = key === 'file' && member === SAME_FILE ? ownFile : restore(member, ownFile);
  }
  return record;
}

/** The rule file an entry key names (`file \0 sha1`). */
const fileOfKey = (key: string): string => key.slice(0, key.indexOf('\u0000'));

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

/** The cached files of one rule folder. */
class Shard {
  readonly folder: string;
  readonly path: string;
  readonly entries = new Map<string, RuleLoadResult>();
  readonly outcomes = new Map<string, CompileOutcome>();
  /** The entry key of each file's cached text. */
  readonly keyByFile = new Map<string, string>();
  dirty = false;

  constructor(cacheFolder: string, folder: string, salt: string) {
    this.folder = folder;
    this.path = join(cacheFolder, `${sha1(folder)}.json`);
    try {
      const file = JSON.parse(readFileSync(this.path, 'utf8')) as ShardFile;
      if (file.format !== RULE_CACHE_FORMAT || file.salt !== salt || file.folder !== folder) return;
      for (const [k, v] of file.entries) {
        const ruleFile = fileOfKey(k);
        this.entries.set(k, restore(v, ruleFile) as RuleLoadResult);
        this.keyByFile.set(ruleFile, k);
      }
      for (const [k, v] of file.outcomes) this.outcomes.set(k, v);
    } catch {
      // No shard yet, or one we cannot read: start it empty.
    }
  }

  /** Writes the shard atomically (a temporary file renamed over it); throws on failure. */
  write(salt: string): void {
    // Files gone from the folder will not be asked for again.
    for (const [file, key] of this.keyByFile) {
      if (existsSync(file)) continue;
      this.keyByFile.delete(file);
      this.entries.delete(key);
    }
    // An outcome key is its entry key, the document index and the placeholder set.
    const outcomes = [...this.outcomes].filter(([key]) => this.entries.has(key.split('\u0000', 2).join('\u0000')));
    // A `ShardFile`, written entry by entry so each can name its own rule file once.
    const entries = [...this.entries].map(([key, result]) =>
      JSON.stringify([key, result], replacerFor(fileOfKey(key))),
    );
    const head = JSON.stringify({ format: RULE_CACHE_FORMAT, salt, folder: this.folder }).slice(0, -1);
    const text = `${head},"entries":[${entries.join(',')}],"outcomes":${JSON.stringify(outcomes, mapReplacer)}}`;
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, this.path);
    this.dirty = false;
  }
}

/** Removes the oldest shard files past `MAX_SHARDS`. */
function pruneShards(cacheFolder: string): void {
  const shards = readdirSync(cacheFolder).filter((name) => /^[0-9a-f]{40}\.json$/.test(name));
  if (shards.length <= MAX_SHARDS) return;
  const byAge = shards
    .map((name) => ({ path: join(cacheFolder, name), writtenMs: statSync(join(cacheFolder, name)).mtimeMs }))
    .sort((a, b) => a.writtenMs - b.writtenMs);
  for (const { path } of byAge.slice(0, shards.length - MAX_SHARDS)) unlinkSync(path);
}

export class RuleCache implements CompileMemo {
  /** The cache folder. */
  readonly path: string;
  private readonly salt: string;
  private readonly shards = new Map<string, Shard>();
  /** The shard and entry key of each document handed out in this run, for `CompileMemo`. */
  private readonly documentKeys = new WeakMap<LoadedDocument, { shard: Shard; key: string }>();
  hits = 0;
  /** Why the last `save` failed (the run goes on; the next one parses again). */
  saveError: string | undefined = undefined;
  misses = 0;

  /** Uses (or starts) the cache in `folder`; `salt` (svchunt's version) invalidates it when it changes. */
  constructor(folder: string, salt: string) {
    this.path = folder;
    this.salt = salt;
  }

  /** Shards read (or started) so far: one per rule folder loaded. */
  get shardsOpened(): number {
    return this.shards.size;
  }

  private shardOf(file: string): Shard {
    const folder = dirname(file);
    let shard = this.shards.get(folder);
    if (shard === undefined) this.shards.set(folder, (shard = new Shard(this.path, folder, this.salt)));
    return shard;
  }

  private static key(file: string, text: string): string {
    return `${file}\u0000${sha1(text)}`;
  }

  private track(shard: Shard, key: string, result: RuleLoadResult): void {
    result.documents.forEach((doc, i) => this.documentKeys.set(doc, { shard, key: `${key}\u0000${i}` }));
  }

  get(file: string, text: string): RuleLoadResult | undefined {
    const shard = this.shardOf(file);
    const key = RuleCache.key(file, text);
    const found = shard.entries.get(key);
    if (found === undefined) this.misses++;
    else {
      this.hits++;
      this.track(shard, key, found);
    }
    return found;
  }

  set(file: string, text: string, result: RuleLoadResult): void {
    const shard = this.shardOf(file);
    const key = RuleCache.key(file, text);
    // An edited file's older text will not be read again: drop it (its outcomes go at save).
    const older = shard.keyByFile.get(file);
    if (older !== undefined && older !== key) shard.entries.delete(older);
    shard.keyByFile.set(file, key);
    shard.entries.set(key, result);
    this.track(shard, key, result);
    shard.dirty = true;
  }

  outcome(doc: LoadedDocument, placeholders: string): CompileOutcome | undefined {
    const at = this.documentKeys.get(doc);
    return at === undefined ? undefined : at.shard.outcomes.get(`${at.key}\u0000${placeholders}`);
  }

  remember(doc: LoadedDocument, placeholders: string, outcome: CompileOutcome): void {
    const at = this.documentKeys.get(doc);
    if (at === undefined) return;
    at.shard.outcomes.set(`${at.key}\u0000${placeholders}`, outcome);
    at.shard.dirty = true;
  }

  /** Writes the shards that changed. False when one could not be written. */
  save(): boolean {
    const dirty = [...this.shards.values()].filter((shard) => shard.dirty);
    if (dirty.length === 0) return true;
    try {
      makeFolders(this.path);
      for (const shard of dirty) shard.write(this.salt);
      pruneShards(this.path);
      return true;
    } catch (error) {
      this.saveError = error instanceof Error ? error.message : String(error);
      return false;
    }
  }
}
