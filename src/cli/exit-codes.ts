/** Exit codes, documented in `svchunt --help`: scripts and CI jobs branch on them. */
export const EXIT_OK = 0;
/** A finding at or above `--fail-on`, or an invalid rule under `rules check` / a failing fixture. */
export const EXIT_FINDINGS = 1;
/** Bad command-line usage (unknown option, bad value, unreadable option file, unwritable output). */
export const EXIT_USAGE = 2;
/** An input could not be read at all (missing file, permission denied, no supported format). */
export const EXIT_INPUT = 3;
/** svchunt itself failed (a bug): please report it. */
export const EXIT_INTERNAL = 70;
