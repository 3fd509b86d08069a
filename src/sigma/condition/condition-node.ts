/** The condition grammar's syntax tree (Sigma rules specification v2.1, "Condition"). */
export type ConditionNode =
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'not'; readonly child: ConditionNode }
  | { readonly kind: 'and'; readonly children: readonly ConditionNode[] }
  | { readonly kind: 'or'; readonly children: readonly ConditionNode[] }
  /** `1 of x*`, `all of them`: expanded against the defined identifiers when the rule is parsed. */
  | {
      readonly kind: 'of';
      readonly quantifier: 'any' | 'all';
      readonly pattern: string;
      readonly names: readonly string[];
    };
