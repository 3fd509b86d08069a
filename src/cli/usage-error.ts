/** A usage error found after the options were parsed (once the rules are loaded): exit 2, one line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
