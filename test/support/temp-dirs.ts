/** Temporary folders for a test file, removed when its tests are done (call in the file's top level). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export interface TempDirs {
  /** A new empty folder under the system's temporary folder. */
  make(prefix: string): string;
  /** Also removes `path` (a link the test made beside a folder) at the end. */
  remember(path: string): void;
}

export function tempDirs(): TempDirs {
  const made: string[] = [];
  afterAll(() => {
    for (const path of made) rmSync(path, { recursive: true, force: true });
  });
  return {
    make(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    remember(path) {
      made.push(path);
    },
  };
}
