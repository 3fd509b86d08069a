/**
 * Parses a Sigma condition string (rules specification v2.1, "Condition") into a `ConditionNode`.
 * Precedence, loosest first: `or` < `and` < `not` < `x of` < parentheses; `and`/`or` are
 * left-associative. `1 of`/`any of`/`all of` patterns are expanded against the defined search
 * identifiers here, so a pattern that matches nothing is an error at load time, not a silent false.
 */
import type { RuleIssueCode } from '../rule-issue.js';
import { parseAggregation, type Aggregation } from './aggregation.js';
import type { ConditionNode } from './condition-node.js';

export class ConditionSyntaxError extends Error {
  override readonly name = 'ConditionSyntaxError';
  readonly code: RuleIssueCode;
  /** 0-based character offset in the condition string. */
  readonly offset: number;

  constructor(code: RuleIssueCode, message: string, offset: number) {
    super(message);
    this.code = code;
    this.offset = offset;
  }
}

interface Token {
  readonly text: string;
  readonly offset: number;
}

const TOKEN = /\s*(\(|\)|\||[^\s()|]+)/y;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (;;) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (match === null) {
      if (source.slice(start).trim() !== '') throw new ConditionSyntaxError('BAD_CONDITION', 'unreadable text', start);
      return tokens;
    }
    const text = match[1] ?? '';
    tokens.push({ text, offset: match.index + match[0].length - text.length });
  }
}

const IDENTIFIER = /^[A-Za-z0-9_.\-*]+$/;
const KEYWORDS = new Set(['and', 'or', 'not', 'of', '(', ')']);

/** Glob over identifiers: `*` is any run of characters, anchored at both ends. */
function identifierPattern(pattern: string): RegExp {
  const body = pattern.replace(/[.+?^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`);
}

class ConditionParser {
  private position = 0;
  private readonly tokens: readonly Token[];
  private readonly identifiers: readonly string[];
  private readonly source: string;
  private readonly length: number;

  constructor(tokens: readonly Token[], identifiers: readonly string[], source: string) {
    this.tokens = tokens;
    this.identifiers = identifiers;
    this.source = source;
    this.length = source.length;
  }

  parse(): { node: ConditionNode; aggregation: Aggregation | undefined } {
    const node = this.parseOr();
    const extra = this.peek();
    if (extra !== undefined) {
      if (extra.text === '|') {
        const aggregation = parseAggregation(this.source.slice(extra.offset + 1));
        if (aggregation !== undefined) return { node, aggregation };
        throw new ConditionSyntaxError(
          'UNSUPPORTED_AGGREGATION',
          `Sigma 1.0 expression "${this.rest(extra)}" has no Sigma 2 equivalent svchunt can run (count/sum/avg aggregations can)`,
          extra.offset,
        );
      }
      throw new ConditionSyntaxError('BAD_CONDITION', `unexpected "${extra.text}"`, extra.offset);
    }
    return { node, aggregation: undefined };
  }

  private rest(from: Token): string {
    return this.source.slice(from.offset).trim();
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private isKeyword(token: Token | undefined, keyword: string): boolean {
    return token !== undefined && token.text.toLowerCase() === keyword;
  }

  private parseOr(): ConditionNode {
    const children = [this.parseAnd()];
    while (this.isKeyword(this.peek(), 'or')) {
      this.position++;
      children.push(this.parseAnd());
    }
    return children.length === 1 ? (children[0] as ConditionNode) : { kind: 'or', children };
  }

  private parseAnd(): ConditionNode {
    const children = [this.parseNot()];
    while (this.isKeyword(this.peek(), 'and')) {
      this.position++;
      children.push(this.parseNot());
    }
    return children.length === 1 ? (children[0] as ConditionNode) : { kind: 'and', children };
  }

  private parseNot(): ConditionNode {
    if (this.isKeyword(this.peek(), 'not')) {
      this.position++;
      return { kind: 'not', child: this.parseNot() };
    }
    return this.parseAtom();
  }

  private parseAtom(): ConditionNode {
    const token = this.peek();
    if (token === undefined) throw new ConditionSyntaxError('BAD_CONDITION', 'condition ends too early', this.length);
    this.position++;
    if (token.text === '(') {
      const inner = this.parseOr();
      const close = this.peek();
      if (close?.text !== ')') {
        throw new ConditionSyntaxError('BAD_CONDITION', 'missing ")"', close?.offset ?? this.length);
      }
      this.position++;
      return inner;
    }
    if (this.isKeyword(this.peek(), 'of')) return this.parseOf(token);
    if (token.text === '|' || token.text.toLowerCase() === 'near') {
      throw new ConditionSyntaxError(
        'UNSUPPORTED_AGGREGATION',
        `Sigma 1.0 "${this.rest(token)}" expression is not part of Sigma 2; write it as a correlation rule`,
        token.offset,
      );
    }
    if (KEYWORDS.has(token.text.toLowerCase()) || !IDENTIFIER.test(token.text) || token.text.includes('*')) {
      throw new ConditionSyntaxError('BAD_CONDITION', `unexpected "${token.text}"`, token.offset);
    }
    if (!this.identifiers.includes(token.text)) {
      throw new ConditionSyntaxError(
        'UNDEFINED_IDENTIFIER',
        `search identifier "${token.text}" is not defined in detection`,
        token.offset,
      );
    }
    return { kind: 'ref', name: token.text };
  }

  private parseOf(quantifierToken: Token): ConditionNode {
    this.position++; // `of`
    const quantifierText = quantifierToken.text.toLowerCase();
    let quantifier: 'any' | 'all';
    if (quantifierText === '1' || quantifierText === 'any') quantifier = 'any';
    else if (quantifierText === 'all') quantifier = 'all';
    else if (/^\d+$/.test(quantifierText)) {
      throw new ConditionSyntaxError(
        'UNSUPPORTED_QUANTIFIER',
        `"${quantifierToken.text} of" is not defined by the Sigma specification (only 1, any and all)`,
        quantifierToken.offset,
      );
    } else {
      throw new ConditionSyntaxError(
        'BAD_CONDITION',
        `"${quantifierToken.text}" cannot quantify "of"`,
        quantifierToken.offset,
      );
    }
    const target = this.peek();
    if (target === undefined || !IDENTIFIER.test(target.text)) {
      throw new ConditionSyntaxError(
        'BAD_CONDITION',
        '"of" needs "them" or an identifier pattern',
        target?.offset ?? this.length,
      );
    }
    this.position++;
    const pattern = target.text;
    let names: string[];
    if (pattern.toLowerCase() === 'them') {
      // `them` leaves out identifiers starting with `_` (specification: "Condition").
      names = this.identifiers.filter((name) => !name.startsWith('_'));
    } else {
      const regex = identifierPattern(pattern);
      names = this.identifiers.filter((name) => regex.test(name) && (pattern.startsWith('_') || !name.startsWith('_')));
    }
    if (names.length === 0) {
      throw new ConditionSyntaxError(
        'NO_MATCHING_IDENTIFIER',
        `"${quantifierToken.text} of ${pattern}" matches no search identifier`,
        target.offset,
      );
    }
    return { kind: 'of', quantifier, pattern, names };
  }
}

/**
 * Parses one condition string against the rule's search identifiers, with a Sigma 1.0 aggregation
 * after `|` if it has one; throws `ConditionSyntaxError`.
 */
export function parseConditionExpression(
  source: string,
  identifiers: readonly string[],
): { node: ConditionNode; aggregation: Aggregation | undefined } {
  // Everything after the first `|` is the aggregation; the tokenizer would split it apart.
  const bar = source.indexOf('|');
  const tokens = tokenize(bar < 0 ? source : source.slice(0, bar));
  if (bar >= 0) tokens.push({ text: '|', offset: bar });
  if (tokens.length === 0 || tokens[0]?.text === '|')
    throw new ConditionSyntaxError('BAD_CONDITION', 'condition is empty', 0);
  return new ConditionParser(tokens, identifiers, source).parse();
}

/** Parses a Sigma 2 condition (no aggregation); throws `ConditionSyntaxError`. */
export function parseCondition(source: string, identifiers: readonly string[]): ConditionNode {
  const { node, aggregation } = parseConditionExpression(source, identifiers);
  if (aggregation !== undefined) {
    throw new ConditionSyntaxError(
      'UNSUPPORTED_AGGREGATION',
      `aggregation "${aggregation.text}" is not allowed here`,
      source.indexOf('|'),
    );
  }
  return node;
}
