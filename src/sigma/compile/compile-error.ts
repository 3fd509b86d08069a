/** A rule part that cannot compile: carries the issue code; the caller adds the rule's location. */
import type { RuleIssueCode } from '../rule-issue.js';

export class CompileError extends Error {
  override readonly name = 'CompileError';
  readonly code: RuleIssueCode;

  constructor(code: RuleIssueCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Relative cost of a test, used to run cheap and selective tests first inside AND / OR. */
export const COST = {
  equality: 1,
  affix: 2,
  contains: 3,
  glob: 5,
  compare: 2,
  cidr: 6,
  keyword: 30,
  regex: 40,
} as const;
