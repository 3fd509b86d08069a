/** `svchunt --version` as a user runs it: the package's version, exit 0. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runSvchunt } from './run-svchunt.js';

describe('svchunt --version', () => {
  it("prints package.json's version and exits 0, from any working directory", async () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = await runSvchunt([flag], '/');
      expect(result).toEqual({ stdout: `${version}\n`, stderr: '', code: 0 });
    }
  });
});
