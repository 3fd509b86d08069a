/**
 * `svchunt rules check|list`: validate Sigma rules with precise locations, and list rules with
 * their metadata. (`rules test`, which runs rule fixtures, registers itself on the same command.)
 */
import { relative } from 'node:path';
import { Option, type Command } from 'commander';
import type { Placeholders, RuleCheckResult, RuleIssue, SigmaRule } from '../sigma/index.js';
// The vocabulary only (a light module): the engine itself is loaded when a command runs.
import { LEVELS, STATUSES } from '../sigma/sigma-rule.js';
import { EXIT_FINDINGS, EXIT_OK } from './exit-codes.js';
import type { RegisterCommand } from './main.js';
import { registerRulesTestCommand } from './rules-test-command.js';

const CHECK_EXAMPLES = `
Examples:
  svchunt rules check rules/                          svchunt's own rule pack
  svchunt rules check ~/sigma/rules --json            a SigmaHQ checkout, as one JSON object
  svchunt rules check rules-placeholder --placeholders site.yml

Exit codes: 0 no invalid rule (unsupported ones are listed, with the feature), 1 some rule is invalid.`;

const LIST_EXAMPLES = `
Examples:
  svchunt rules list rules/ --tag attack.t1569          every T1569 rule (sub-techniques included)
  svchunt rules list ~/sigma/rules --level high --status test,stable --json`;

async function placeholdersFrom(path: string | undefined): Promise<Placeholders | undefined> {
  if (path === undefined) return undefined;
  const { loadPlaceholders } = await import('../sigma/index.js');
  return loadPlaceholders(path);
}

const show = (file: string): string => {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
};

function checkReport(
  result: RuleCheckResult,
  asJson: boolean,
  showWarnings: boolean,
  formatRuleIssue: (issue: RuleIssue) => string,
): string {
  const invalid = result.issues.filter((i) => i.severity === 'invalid');
  const unsupported = result.issues.filter((i) => i.severity === 'unsupported');
  const warnings = result.issues.filter((i) => i.severity === 'warning');
  const ok = result.total - result.rejected.length;
  if (asJson) {
    return `${JSON.stringify({
      total: result.total,
      ok,
      unsupported: unsupported.map((i) => ({
        path: show(i.location.file),
        id: i.ruleId ?? null,
        reason: `${i.code}: ${i.message}`,
        line: i.location.line,
      })),
      invalid: invalid.map((i) => ({
        path: show(i.location.file),
        line: i.location.line,
        code: i.code,
        message: i.message,
      })),
      warnings: warnings.length,
    })}\n`;
  }
  const lines = [
    ...invalid.map((i) => formatRuleIssue({ ...i, location: { ...i.location, file: show(i.location.file) } })),
    ...unsupported.map(
      (i) => `${formatRuleIssue({ ...i, location: { ...i.location, file: show(i.location.file) } })} [unsupported]`,
    ),
    ...(showWarnings
      ? warnings.map(
          (i) => `${formatRuleIssue({ ...i, location: { ...i.location, file: show(i.location.file) } })} [warning]`,
        )
      : []),
  ];
  const kinds = {
    rules: result.rules.length,
    correlations: result.correlations.length,
    filters: result.filters.length,
  };
  lines.push(
    `${result.total} documents: ${ok} ok (${kinds.rules} rules, ${kinds.correlations} correlations, ${kinds.filters} filters), ` +
      `${unsupported.length} unsupported, ${invalid.length} invalid, ${warnings.length} warnings` +
      (warnings.length > 0 && !showWarnings ? ' (--warnings lists them)' : ''),
  );
  return `${lines.join('\n')}\n`;
}

function levelRank(level: string | undefined): number {
  return level === undefined ? -1 : LEVELS.indexOf(level as (typeof LEVELS)[number]);
}

/** `attack.t1569` selects `attack.t1569` and its sub-techniques `attack.t1569.*`. */
function hasTag(rule: SigmaRule, wanted: string): boolean {
  const w = wanted.toLowerCase();
  return rule.meta.tags.some((tag) => tag === w || tag.startsWith(`${w}.`));
}

export const registerRulesCommand: RegisterCommand = (program: Command, setExitCode) => {
  const rules = program.command('rules').description('validate, list and test Sigma rules');
  registerRulesTestCommand(rules, setExitCode);

  rules
    .command('check')
    .description(
      'validate Sigma rules: every invalid rule as file:line: CODE message, every unsupported one with the feature',
    )
    .argument('<paths...>', 'rule files or folders (searched for .yml/.yaml)')
    .option('--json', 'print one JSON object {total, ok, unsupported, invalid}')
    .option('--warnings', 'also list warnings (legal but questionable metadata)')
    .option('--placeholders <file>', 'YAML map of placeholder values for |expand')
    .addHelpText('after', CHECK_EXAMPLES)
    .action(async (paths: string[], options: { json?: boolean; warnings?: boolean; placeholders?: string }) => {
      const placeholders = await placeholdersFrom(options.placeholders);
      const { checkRules, formatRuleIssue, loadRules } = await import('../sigma/index.js');
      const result = checkRules(await loadRules(paths), { placeholders });
      process.stdout.write(checkReport(result, options.json === true, options.warnings === true, formatRuleIssue));
      setExitCode(result.issues.some((i) => i.severity === 'invalid') ? EXIT_FINDINGS : EXIT_OK);
    });

  rules
    .command('list')
    .description('list rules with their level, status, id, title and ATT&CK tags')
    .argument('<paths...>', 'rule files or folders')
    .option('--tag <tag>', 'only rules with this tag or a sub-tag of it (attack.t1569 includes attack.t1569.002)')
    .addOption(new Option('--level <level>', 'only rules at or above this level').choices(LEVELS))
    .option('--status <statuses>', `only rules with one of these statuses (comma-separated: ${STATUSES.join(', ')})`)
    .option('--json', 'print a JSON array')
    .addHelpText('after', LIST_EXAMPLES)
    .action(async (paths: string[], options: { tag?: string; level?: string; status?: string; json?: boolean }) => {
      const { checkRules, loadRules, ruleSummary } = await import('../sigma/index.js');
      const result = checkRules(await loadRules(paths));
      const statuses = options.status?.split(',').map((s) => s.trim());
      const minimum = levelRank(options.level);
      const selected = result.rules.filter(
        (rule) =>
          (options.tag === undefined || hasTag(rule, options.tag)) &&
          levelRank(rule.meta.level) >= minimum &&
          (statuses === undefined || (rule.meta.status !== undefined && statuses.includes(rule.meta.status))),
      );
      if (options.json === true) {
        const rows = selected.map((rule) => ({
          ...ruleSummary(rule.meta),
          logsource: rule.logsource,
          path: show(rule.location.file),
        }));
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const lines = selected.map((rule) =>
        [
          (rule.meta.level ?? '-').padEnd(13),
          (rule.meta.status ?? '-').padEnd(12),
          (rule.meta.id ?? '-').padEnd(36),
          rule.meta.title,
          rule.meta.tags.filter((t) => /^attack\.t\d/.test(t)).join(',') || '',
        ].join('  '),
      );
      lines.push(`${selected.length} of ${result.rules.length} rules`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
};
