/**
 * `svchunt rules test [DIR…]`: checks Sigma rules and runs the fixture beside each one (`x.yml` is
 * tested by `x.tests.yml`), printing a line per failing case and a summary. Without a DIR it tests the
 * rule pack shipped with svchunt, found next to this module so it works from any working directory.
 */
import { relative } from 'node:path';
import type { Command } from 'commander';
import type { FixtureFailureKind, FixtureRunReport, SourceLocation } from '../sigma/index.js';
import { builtinRulesPath } from '../package-paths.js';
import { EXIT_FINDINGS, EXIT_OK } from './exit-codes.js';

const EXAMPLES = `
Examples:
  svchunt rules test                  svchunt's own rule pack, every rule with its fixture
  svchunt rules test my-rules/        your rules: my-rules/x.yml is tested by my-rules/x.tests.yml

A fixture lists events under "match:" and "no_match:" (format: rules/README.md). The run fails (exit 1)
on a case that goes the wrong way, a rule without a fixture, a fixture without a match case, and an
invalid or unsupported rule.`;

const FAILURE_TEXT: Readonly<Record<FixtureFailureKind, string>> = {
  EXPECTED_MATCH: 'expected match',
  EXPECTED_NO_MATCH: 'expected no match',
  INDEX_DISAGREES: 'indexed and plain evaluation disagree (an engine bug, please report it)',
};

const show = (file: string): string => {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
};

const at = (location: SourceLocation): string => `${show(location.file)}:${location.line}`;

function report(result: FixtureRunReport): string {
  const problems: { readonly location: SourceLocation; readonly text: string }[] = [];
  for (const issue of result.ruleIssues) {
    if (issue.severity !== 'warning')
      problems.push({ location: issue.location, text: `${issue.code} ${issue.message} [${issue.severity}]` });
  }
  for (const issue of result.fixtureIssues)
    problems.push({ location: issue.location, text: `${issue.code} ${issue.message}` });
  for (const failure of result.failures)
    problems.push({
      location: failure.testCase.location,
      text: `${FAILURE_TEXT[failure.kind]}: ${failure.testCase.name}`,
    });
  // One list in file and line order, so a fixture's failures read top to bottom.
  problems.sort((a, b) =>
    a.location.file !== b.location.file
      ? a.location.file < b.location.file
        ? -1
        : 1
      : a.location.line - b.location.line,
  );
  const lines = problems.map((p) => `${at(p.location)}: ${p.text}`);
  const counts = `${result.rules} rules, ${result.fixtures} fixtures, ${result.cases} cases`;
  const others = problems.length - result.failures.length;
  lines.push(
    problems.length === 0
      ? `${counts}: all passed`
      : `${counts}: ${result.failures.length} failed` + (others > 0 ? `, ${others} other problems` : ''),
  );
  return `${lines.join('\n')}\n`;
}

/** Adds `test` under the `rules` command. */
export function registerRulesTestCommand(rules: Command, setExitCode: (code: number) => void): void {
  rules
    .command('test')
    .description('run the fixture beside each rule: events it must match and events it must not')
    .argument('[paths...]', "rule files or folders (default: svchunt's own rules)")
    .option('--placeholders <file>', 'YAML map of placeholder values for |expand')
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], options: { placeholders?: string }) => {
      // The Sigma engine loads when the command runs, not when the CLI starts (see main.ts).
      const { loadPlaceholders, runRuleFixtures } = await import('../sigma/index.js');
      const placeholders =
        options.placeholders === undefined ? undefined : await loadPlaceholders(options.placeholders);
      const result = await runRuleFixtures(paths.length > 0 ? paths : [builtinRulesPath()], { placeholders });
      process.stdout.write(report(result));
      setExitCode(result.passed ? EXIT_OK : EXIT_FINDINGS);
    });
}
