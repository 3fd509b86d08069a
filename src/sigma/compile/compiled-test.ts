/** A matcher with its estimated cost, so AND / OR can order their children cheapest first. */
import type { Matcher } from './match-context.js';

export interface CompiledTest {
  readonly matcher: Matcher;
  readonly cost: number;
}

const ALWAYS: Matcher = () => true;
const NEVER: Matcher = () => false;

/** The matchers cheapest first, and their summed cost. */
function byCost(tests: readonly CompiledTest[]): { matchers: Matcher[]; cost: number } {
  const sorted = [...tests].sort((a, b) => a.cost - b.cost);
  return { matchers: sorted.map((t) => t.matcher), cost: sorted.reduce((sum, t) => sum + t.cost, 0) };
}

/** AND of tests, cheapest first; stops at the first false. */
export function allOf(tests: readonly CompiledTest[]): CompiledTest {
  if (tests.length === 0) return { matcher: ALWAYS, cost: 0 };
  if (tests.length === 1) return tests[0] as CompiledTest;
  const { matchers, cost } = byCost(tests);
  if (matchers.length === 2) {
    const [a, b] = matchers as [Matcher, Matcher];
    return { matcher: (ctx) => a(ctx) && b(ctx), cost };
  }
  return {
    matcher: (ctx) => {
      for (const m of matchers) if (!m(ctx)) return false;
      return true;
    },
    cost,
  };
}

/** OR of tests, cheapest first; stops at the first true. An empty OR is false. */
export function anyOf(tests: readonly CompiledTest[]): CompiledTest {
  if (tests.length === 0) return { matcher: NEVER, cost: 0 };
  if (tests.length === 1) return tests[0] as CompiledTest;
  const { matchers, cost } = byCost(tests);
  if (matchers.length === 2) {
    const [a, b] = matchers as [Matcher, Matcher];
    return { matcher: (ctx) => a(ctx) || b(ctx), cost };
  }
  return {
    matcher: (ctx) => {
      for (const m of matchers) if (m(ctx)) return true;
      return false;
    },
    cost,
  };
}

export function not(test: CompiledTest): CompiledTest {
  const inner = test.matcher;
  return { matcher: (ctx) => !inner(ctx), cost: test.cost };
}
