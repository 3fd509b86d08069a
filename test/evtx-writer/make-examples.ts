// The project's example logs (examples/windows/*.evtx), made by this writer from the descriptions in
// example-*.ts. make-examples.test.ts checks the committed files against these bytes, and rewrites
// them when SVCHUNT_REGENERATE_EXAMPLES=1.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EvtxDescription } from './evtx-description.js';
import { PSEXEC_TARGET_SYSTEM } from './example-psexec-target-system.js';
import { REMOTE_SERVICE_SECURITY } from './example-remote-service-security.js';
import { SERVICE_SHELL_SYSMON } from './example-service-shell-sysmon.js';
import { writeEvtx } from './write-evtx.js';

/** Each example file, by its path under `examples/`. */
export const EXAMPLE_FILES: Readonly<Record<string, EvtxDescription>> = {
  'windows/psexec-target-system.evtx': PSEXEC_TARGET_SYSTEM,
  'windows/service-shell-sysmon.evtx': SERVICE_SHELL_SYSMON,
  'windows/remote-service-security.evtx': REMOTE_SERVICE_SECURITY,
};

/** The bytes of every example, by path under `examples/`. */
export function exampleBytes(): Map<string, Buffer> {
  return new Map(Object.entries(EXAMPLE_FILES).map(([path, description]) => [path, writeEvtx(description)]));
}

/** Writes every example below `examplesDir`; returns the paths written. */
export function writeExamples(examplesDir: string): string[] {
  return [...exampleBytes()].map(([path, bytes]) => {
    const file = join(examplesDir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    return file;
  });
}
