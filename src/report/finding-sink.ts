/**
 * Where findings go. The library never prints: a sink formats findings and hands text to the
 * `write` function the caller gives it (stdout, a file), awaiting it for back-pressure.
 */
import type { Finding } from './finding.js';
import type { Story } from './story.js';

export type TextWriter = (text: string) => Promise<void>;

export interface FindingSink {
  /** Called per finding, in output order. */
  write(finding: Finding): Promise<void>;
  /** Called per attack story (`hunt --stories`), after every finding, in story order. */
  story?(story: Story): Promise<void>;
  /** Called once at the end; `summary` is a plain object some formats embed (JSON). */
  end(summary: unknown): Promise<void>;
}
