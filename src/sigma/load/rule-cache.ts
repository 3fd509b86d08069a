/**
 * A cache of parsed rule files, so a hunt with thousands of Sigma rules does not parse their YAML
 * again on every run: parsing SigmaHQ's 2,400 Windows rules takes ~1.5 s, reading this cache ~0.1 s.
 * Entries are keyed by file path and a SHA-1 of the file's text (never by time stamps), and the cache
 * carries a format version, so a changed rule or a new svchunt is simply a miss. A missing, corrupt
 * or unwritable cache is never an error: the rules are parsed as without it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RuleLoadResult } from './load-rules.js';

/** Bump when the shape of parsed documents changes: old caches then miss instead of misleading. */
export const RULE_CACHE_FORMAT = 1;

/** Files remembered at most; older entries go first (insertion order) beyond this. */
const MAX_ENTRIES = 50_000;

interface CacheFile {
  readonly format: number;
  readonly salt: string;
  readonly entries: [string, RuleLoadResult][];
}

function replacer(_key: string, value: unknown): unknown {
  return value instanceof Map ? { $map: [...value.entries()] } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (
    typeof value === 'object' &&
    value !== null &&
    '$map' in value &&
    Array.isArray((value as { $map: unknown }).$map)
  ) {
    return new Map((value as { $map: [unknown, unknown][] }).$map);
  }
  return value;
}

export class RuleCache {
  readonly path: string;
  private readonly salt: string;
  private readonly entries = new Map<string, RuleLoadResult>();
  private dirty = false;
  hits = 0;
  misses = 0;

  /** Opens (or starts) the cache at `path`; `salt` (svchunt's version) invalidates it when it changes. */
  constructor(path: string, salt: string) {
    this.path = path;
    this.salt = salt;
    try {
      const file = JSON.parse(readFileSync(path, 'utf8'), reviver) as CacheFile;
      if (file.format === RULE_CACHE_FORMAT && file.salt === salt)
        for (const [k, v] of file.entries) this.entries.set(k, v);
    } catch {
      // No cache yet, or one we cannot read: start empty.
    }
  }

  private static key(file: string, text: string): string {
    return `${file}\u0000${createHash('sha1').update(text).digest('hex')}`;
  }

  get(file: string, text: string): RuleLoadResult | undefined {
    const found = this.entries.get(RuleCache.key(file, text));
    if (found === undefined) this.misses++;
    else this.hits++;
    return found;
  }

  set(file: string, text: string, result: RuleLoadResult): void {
    this.entries.set(RuleCache.key(file, text), result);
    this.dirty = true;
  }

  /** Writes the cache if it changed (atomically: a temporary file renamed over it). False on failure. */
  save(): boolean {
    if (!this.dirty) return true;
    const entries = [...this.entries.entries()].slice(-MAX_ENTRIES);
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(temporary, JSON.stringify({ format: RULE_CACHE_FORMAT, salt: this.salt, entries }, replacer));
      renameSync(temporary, this.path);
      this.dirty = false;
      return true;
    } catch {
      return false;
    }
  }
}
