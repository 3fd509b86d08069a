/**
 * Problems found in Sigma documents. `invalid` breaks the specification (the rule cannot mean
 * anything), `unsupported` is valid Sigma that svchunt cannot run as written (the exact feature is
 * named), `warning` is legal but suspicious. Locations are file:line:column of the YAML node.
 */
export type RuleIssueSeverity = 'invalid' | 'unsupported' | 'warning';

export type RuleIssueCode =
  | 'READ_FAILED'
  | 'YAML_SYNTAX'
  | 'NOT_A_MAP'
  | 'UNKNOWN_DOCUMENT'
  | 'MISSING_FIELD'
  | 'BAD_FIELD_TYPE'
  | 'BAD_METADATA'
  | 'BAD_DETECTION'
  | 'BAD_CONDITION'
  | 'UNDEFINED_IDENTIFIER'
  | 'NO_MATCHING_IDENTIFIER'
  | 'UNKNOWN_MODIFIER'
  | 'BAD_MODIFIER_COMBINATION'
  | 'BAD_VALUE'
  | 'BAD_REGEX'
  | 'BAD_CIDR'
  | 'BAD_CORRELATION'
  | 'BAD_FILTER'
  | 'DUPLICATE_ID'
  | 'UNRESOLVED_REFERENCE'
  | 'UNSUPPORTED_AGGREGATION'
  | 'UNSUPPORTED_PLACEHOLDER'
  | 'UNSUPPORTED_TAXONOMY'
  | 'UNSUPPORTED_QUANTIFIER'
  | 'UNSUPPORTED_REGEX'
  | 'TOO_MANY_VARIANTS'
  | 'ANCHORED_WINDOWS';

export interface SourceLocation {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export interface RuleIssue {
  readonly code: RuleIssueCode;
  readonly severity: RuleIssueSeverity;
  readonly message: string;
  readonly location: SourceLocation;
  /** The rule's id (or title when it has none), when the issue belongs to one rule. */
  readonly ruleId?: string;
}

/** `file:line:column: CODE message` — the form editors and CI logs link to. */
export function formatRuleIssue(issue: RuleIssue): string {
  const { file, line, column } = issue.location;
  return `${file}:${line}:${column}: ${issue.code} ${issue.message}`;
}

/** Thrown inside the parser and compiler to abandon one document; caught and turned into a RuleIssue. */
export class RuleIssueError extends Error {
  override readonly name = 'RuleIssueError';
  readonly issue: RuleIssue;

  constructor(issue: RuleIssue) {
    super(issue.message);
    this.issue = issue;
  }
}
