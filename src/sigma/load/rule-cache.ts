/**
 * A cache of parsed rule files, so a hunt with thousands of Sigma rules does not parse their YAML
 * again on every run: parsing SigmaHQ's 2,400 Windows rules takes ~1.5 s, reading this cache ~0.2 s.
 * Entries are keyed by file path and a SHA-1 of the file's text (never by time stamps), and the cache
 * carries a format version, so a changed rule or a new svchunt is simply a miss. A missing, corrupt
 * or unwritable cache is never an error: the rules are parsed as without it.
 *
 * It also remembers whether each document compiled (`CompileMemo`), per placeholder set: compiling
 * is what `checkRules` does to every rule, and it cost a hunt over SigmaHQ's rules another 0.2 s.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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
export const RULE_CACHE_FORMAT = 4;

/**
 * Files remembered at most, a backstop for caches shared by many rule folders: each file keeps only
 * its latest text (`set` drops older versions); past this the oldest entries go first.
 */
const MAX_ENTRIES = 50_000;

/** A compile outcome: the issue that rejects the document, or null when it compiles. */
export type CompileOutcome = RuleIssue | null;

/** Remembered compile outcomes of loaded documents (see `checkRules`). */
export interface CompileMemo {
  /** Undefined when not known for this document and placeholder set. */
  outcome(doc: LoadedDocument, placeholders: string): CompileOutcome | undefined;
  remember(doc: LoadedDocument, placeholders: string, outcome: CompileOutcome): void;
}

interface CacheFile {
  readonly format: number;
  readonly salt: string;
  readonly entries: [string, RuleLoadResult][];
  readonly outcomes: [string, CompileOutcome][];
}

function replacer(_key: string, value: unknown): unknown {
  return value instanceof Map ? { $map: [...value.entries()] } : value;
}

/**
 * Turns the `{ $map: [...] }` objects `replacer` wrote back into Maps, in place. A walk after a plain
 * `JSON.parse` instead of a reviver: the reviver's call per value made reading the cache 1.8× slower.
 */
function restoreMaps(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restoreMaps(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  const entries = record['$map'];
  if (Array.isArray(entries)) return new Map(restoreMaps(entries) as [unknown, unknown][]);
  for (const key in record) record[key] = restoreMaps(record[key]);
  return record;
}

export class RuleCache implements CompileMemo {
  readonly path: string;
  private readonly salt: string;
  private readonly entries = new Map<string, RuleLoadResult>();
  private readonly outcomes = new Map<string, CompileOutcome>();
  /** The entry key of each file's cached text. */
  private readonly keyByFile = new Map<string, string>();
  /** The entry key and index of each document handed out in this run, for `CompileMemo`. */
  private readonly documentKeys = new WeakMap<LoadedDocument, string>();
  private dirty = false;
  hits = 0;
  misses = 0;

  /** Opens (or starts) the cache at `path`; `salt` (svchunt's version) invalidates it when it changes. */
  constructor(path: string, salt: string) {
    this.path = path;
    this.salt = salt;
    try {
      const file = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
      if (file.format === RULE_CACHE_FORMAT && file.salt === salt) {
        for (const [k, v] of file.entries) {
          this.entries.set(k, restoreMaps(v) as RuleLoadResult);
          this.keyByFile.set(k.slice(0, k.indexOf('\u0000')), k);
        }
        for (const [k, v] of file.outcomes) this.outcomes.set(k, v);
      }
    } catch {
      // No cache yet, or one we cannot read: start empty.
    }
  }

  private static key(file: string, text: string): string {
    return `${file}\u0000${createHash('sha1').update(text).digest('hex')}`;
  }

  private track(key: string, result: RuleLoadResult): void {
    result.documents.forEach((doc, i) => this.documentKeys.set(doc, `${key}\u0000${i}`));
  }

  get(file: string, text: string): RuleLoadResult | undefined {
    const key = RuleCache.key(file, text);
    const found = this.entries.get(key);
    if (found === undefined) this.misses++;
    else {
      this.hits++;
      this.track(key, found);
    }
    return found;
  }

  set(file: string, text: string, result: RuleLoadResult): void {
    const key = RuleCache.key(file, text);
    // An edited file's older text will not be read again: drop it (its outcomes go at save).
    const older = this.keyByFile.get(file);
    if (older !== undefined && older !== key) this.entries.delete(older);
    this.keyByFile.set(file, key);
    this.entries.set(key, result);
    this.track(key, result);
    this.dirty = true;
  }

  outcome(doc: LoadedDocument, placeholders: string): CompileOutcome | undefined {
    const key = this.documentKeys.get(doc);
    return key === undefined ? undefined : this.outcomes.get(`${key}\u0000${placeholders}`);
  }

  remember(doc: LoadedDocument, placeholders: string, outcome: CompileOutcome): void {
    const key = this.documentKeys.get(doc);
    if (key === undefined) return;
    this.outcomes.set(`${key}\u0000${placeholders}`, outcome);
    this.dirty = true;
  }

  /** Writes the cache if it changed (atomically: a temporary file renamed over it). False on failure. */
  save(): boolean {
    if (!this.dirty) return true;
    const entries = [...this.entries.entries()].slice(-MAX_ENTRIES);
    const kept = new Set(entries.map(([key]) => key));
    // An outcome key is its entry key, the document index and the placeholder set.
    const outcomes = [...this.outcomes.entries()].filter(([key]) => kept.has(key.split('\u0000', 2).join('\u0000')));
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      makeFolders(dirname(this.path));
      const file: CacheFile = { format: RULE_CACHE_FORMAT, salt: this.salt, entries, outcomes };
      writeFileSync(temporary, JSON.stringify(file, replacer));
      renameSync(temporary, this.path);
      this.dirty = false;
      return true;
    } catch {
      return false;
    }
  }
}
