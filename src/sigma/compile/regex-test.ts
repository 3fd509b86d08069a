/**
 * `re` values run on RE2 (the `re2` package): matching time is linear in the input whatever the
 * pattern, so a hostile log value cannot make a rule backtrack for minutes. RE2 understands what
 * SigmaHQ writes (`(?i)` inline flags, `\s`, `\d`, `(?:…)`); it has no look-around or
 * back-references, and a rule that uses them is reported as unsupported with RE2's reason.
 */
import RE2 from 're2';
import { regexLiterals } from './regex-literals.js';
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
  // Crossing into RE2 costs a UTF-8 copy of the text; a literal the match cannot do without, looked
  // for with `includes` first, spares most of those calls. A case-insensitive pattern can use only
  // literals without letters (`${`, a backtick).
  const caseless = flags.includes('i') || /^\(\?[a-zA-Z]*i[a-zA-Z]*\)/.test(source);
  const found = regexLiterals(source, 1, true);
  const literals = caseless && found?.some((l) => /[a-zA-Z]/.test(l)) ? undefined : found;
  if (literals !== undefined && literals.length === 1) {
    const only = literals[0] as string;
    return (s) => s.includes(only) && regex.test(s);
  }
  if (literals !== undefined) return (s) => literals.some((l) => s.includes(l)) && regex.test(s);
  return (s) => regex.test(s);
}
