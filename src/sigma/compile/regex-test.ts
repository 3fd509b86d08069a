/**
 * `re` values run on RE2 (the `re2` package): matching time is linear in the input whatever the
 * pattern, so a hostile log value cannot make a rule backtrack for minutes. RE2 understands what
 * SigmaHQ writes (`(?i)` inline flags, `\s`, `\d`, `(?:…)`); it has no look-around or
 * back-references, and a rule that uses them is reported as unsupported with RE2's reason.
 */
import RE2 from 're2';
import type { TextTest } from './string-matcher.js';

export class RegexCompileError extends Error {
  override readonly name = 'RegexCompileError';
}

/** Compiles a Sigma regular expression (search semantics: unanchored unless it says `^`/`$`). */
export function compileRegexTest(source: string, flags: string): TextTest {
  let regex: RE2;
  try {
    regex = new RE2(source, flags);
  } catch (err) {
    throw new RegexCompileError(err instanceof Error ? err.message : String(err));
  }
  return (s) => regex.test(s);
}
