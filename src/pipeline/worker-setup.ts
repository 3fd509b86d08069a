/** What a hunt worker is started with: the parsed rules and the detection options, cloned once. */
import type { Placeholders, SigmaFilter, SigmaRule } from '../sigma/index.js';
import type { DetectOptions } from './detect-item.js';

export interface WorkerSetup {
  readonly rules: readonly SigmaRule[];
  readonly filters: readonly SigmaFilter[];
  readonly placeholders: Placeholders | undefined;
  readonly detect: DetectOptions;
  /** Base rule key → the fields its matches carry for correlation rules (group-by, aliases, value fields). */
  readonly correlationFields: Readonly<Record<string, readonly string[]>>;
  /** Keep the compact records attack stories are built from (`--stories`). */
  readonly stories: boolean;
}
