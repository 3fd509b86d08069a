/**
 * `re` values run on RE2 (the `re2` package): matching time is linear in the input whatever the
 * pattern, so a hostile log value cannot make a rule backtrack for minutes. RE2 understands what
 * SigmaHQ writes (`(?i)` inline flags, `\s`, `\d`, `(?:…)`); it has no look-around or
 * back-references, and a rule that uses them is reported as unsupported (`UNSUPPORTED_REGEX`) with
 * RE2's reason; a pattern no engine accepts is invalid (`BAD_REGEX`).
 */
import RE2 from 're2';
import { CompileError } from './compile-error.js';
import { regexLiterals } from './regex-literals.js';
import type { TextTest } from './string-matcher.js';

export class RegexCompileError extends Error {
  override readonly name = 'RegexCompileError';
  /**
   * JavaScript's engine accepts the pattern: it is a real feature RE2 lacks (look-around,
   * back-references), not a broken pattern.
   */
  readonly unsupported: boolean;

  constructor(message: string, unsupported: boolean) {
    super(message);
    this.unsupported = unsupported;
  }
}

/** Whether JavaScript compiles the pattern (compiling runs nothing, so any pattern is safe here). */
function isJavaScriptRegex(source: string, flags: string): boolean {
  try {
    // JavaScript has no inline flags; a leading `(?i)` group becomes the flag.
    const inline = /^\(\?([imsu]+)\)/.exec(source);
    new RegExp(inline === null ? source : source.slice(inline[0].length), flags + (inline?.[1] ?? ''));
    return true;
  } catch {
    return false;
  }
}

/** The rule issue of a pattern that does not compile: unsupported or invalid, with RE2's reason. */
export function regexIssue(source: string, err: RegexCompileError): CompileError {
  return new CompileError(
    err.unsupported ? 'UNSUPPORTED_REGEX' : 'BAD_REGEX',
    `regular expression /${source}/: ${err.message}`,
  );
}

/**
 * Compiled expressions by flags and source, per thread: a rule set compiles each rule once per field
 * mapping and `rules check` once more, and building an RE2 is the dearest step of that. An RE2
 * without the `g`/`y` flags keeps no state between `test` calls, so sharing one is safe.
 */
const compiled = new Map<string, RE2 | RegexCompileError>();

function re2(source: string, flags: string): RE2 {
  const key = `${flags}/${source}`;
  let regex = compiled.get(key);
  if (regex === undefined) {
    try {
      regex = new RE2(source, flags);
    } catch (err) {
      regex = new RegexCompileError(err instanceof Error ? err.message : String(err), isJavaScriptRegex(source, flags));
    }
    compiled.set(key, regex);
  }
  if (regex instanceof RegexCompileError) throw regex;
  return regex;
}

/** Compiles a Sigma regular expression (search semantics: unanchored unless it says `^`/`$`). */
export function compileRegexTest(source: string, flags: string): TextTest {
  const regex = re2(source, flags);
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
