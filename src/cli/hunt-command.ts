/**
 * `svchunt hunt PATH…`: the main job. Reads every log under the paths (format sniffed), runs
 * svchunt's T1569 rules and any `--rules` folders (correlation rules included), and writes findings
 * with their ATT&CK context as a table, CSV, JSON or JSON lines, with `--stories` the attack
 * stories after them; a progress bar and a summary go to stderr.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { formatIssueLine } from '../event/index.js';
import type { HuntSummary, RuleSelection } from '../pipeline/index.js';
import {
  CsvSink,
  JsonlSink,
  JsonSink,
  levelRank,
  TableSink,
  type FindingSink,
  type LEVEL_ORDER,
} from '../report/index.js';
// The vocabulary only (a light module): the engine itself is loaded when the command runs.
import { LEVELS, STATUSES } from '../sigma/sigma-rule.js';
import { EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { huntSummaryText } from './hunt-summary-text.js';
import type { RegisterCommand } from './main.js';
import { MAX_THREADS, parseThreads } from './parse-threads.js';
import { openOutput, type OutputTarget } from './output-target.js';
import { ProgressBar } from './progress-bar.js';
import { threadsForCores } from './threads-for-cores.js';
import { UsageError } from './usage-error.js';

type Level = (typeof LEVEL_ORDER)[number];

interface HuntCliOptions {
  readonly rules: string[];
  readonly builtin: boolean;
  readonly level?: Level;
  readonly status?: string;
  readonly tag: string[];
  readonly technique: string[];
  readonly from?: number;
  readonly to?: number;
  readonly threads?: number;
  readonly format?: 'table' | 'csv' | 'jsonl' | 'json';
  readonly output?: string;
  readonly quiet?: boolean;
  readonly failOn?: Level;
  readonly placeholders?: string;
  /** A cache folder, or false with --no-rule-cache. */
  readonly ruleCache: string | false;
  readonly color: boolean;
  readonly stories?: boolean;
}

const EXAMPLES = `
Examples:
  svchunt hunt examples/                                   the sample logs shipped with svchunt
  svchunt hunt C:/cases/host42 --rules ~/sigma/rules/windows --level medium
  svchunt hunt logs/ --technique T1569.002 --format jsonl --output findings.jsonl
  svchunt hunt logs/ --from 2024-05-01 --to 2024-05-02T12:00:00Z --fail-on high
  svchunt hunt examples/ --stories                         one attack story across the three sample logs
  svchunt hunt logs/ --stories --format jsonl              stories as {"story": …} lines after the findings

Formats are recognised by content: EVTX, JSON (evtx_dump, Winlogbeat/ECS, Security-Datasets, NDJSON, arrays).

Sigma correlation rules (all seven v2.1 types) in the built-in pack and in --rules run after every
input is read; their findings follow the others and list the events behind them. --stories adds the
attack stories: per host, remote logon → share access → service install → start → payload (the
process tree) → clean-up, with techniques, mitigations and controls. Tables print each story under
its own heading; JSONL adds {"story": …} lines, JSON a "stories" array, CSV rows of kind "story".

Exit codes: 0 done (findings or not), 1 a finding at or above --fail-on, 2 bad usage,
3 an input could not be read at all (other inputs are still hunted).`;

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A strict ISO-8601 date or date-time, read as UTC when it names no offset (as logs and the findings
 * are); a bare date is the start of that day for --from and its end for --to. A date that does not
 * exist (2024-02-30) or any other text is a usage error, not a guess.
 */
function parseIsoTime(value: string, endOfDay: boolean): number {
  const m = ISO_TIME.exec(value.trim());
  const [year, month, day] = m === null ? [] : [Number(m[1]), Number(m[2]), Number(m[3])];
  // Set by setUTCFullYear: Date.UTC reads years 0–99 as 1900–1999.
  const date = m === null ? undefined : new Date(new Date(0).setUTCFullYear(year!, month! - 1, day!));
  if (m === null || date?.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day)
    throw new InvalidArgumentError('expected an ISO-8601 date or date-time, e.g. 2024-05-01 or 2024-05-01T10:00:00Z');
  if (m[4] === undefined) return date.getTime() + (endOfDay ? 86_400_000 - 1 : 0);
  const offset = m[8] === undefined || m[8].toUpperCase() === 'Z' ? 'Z' : m[8].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const time = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}${offset}`);
  if (Number.isNaN(time) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)
    throw new InvalidArgumentError('expected an ISO-8601 date or date-time, e.g. 2024-05-01 or 2024-05-01T10:00:00Z');
  return time;
}

const parseFrom = (value: string): number => parseIsoTime(value, false);
const parseTo = (value: string): number => parseIsoTime(value, true);

/** `--rules` paths must exist: a typo would otherwise hunt with no rules and report success. */
function collectRulePath(value: string, previous: string[]): string[] {
  if (!existsSync(value)) throw new InvalidArgumentError(`no such file or folder: ${value}`);
  return [...previous, value];
}

/** `--status` values must be Sigma statuses: a typo would otherwise select no rule at all. */
function parseStatuses(value: string): string {
  const unknown = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => !(STATUSES as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw new InvalidArgumentError(`unknown status ${unknown.join(', ')} (one of ${STATUSES.join(', ')})`);
  return value;
}

/** Repeatable options also take comma-separated lists, as --status does. */
const collect = (value: string, previous: string[]): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== ''),
];

const TECHNIQUE_ID = /^T\d{4}(?:\.\d{3})?$/i;

function collectTechnique(value: string, previous: string[]): string[] {
  const ids = collect(value, []);
  const bad = ids.filter((id) => !TECHNIQUE_ID.test(id));
  if (bad.length > 0 || ids.length === 0)
    throw new InvalidArgumentError(`${bad.join(', ') || value} is no ATT&CK technique id (T1569 or T1569.002)`);
  return [...previous, ...ids];
}

/**
 * Refuses --tag/--technique values that no loaded rule or correlation carries: a typo (T1596.002)
 * would otherwise hunt with fewer rules, or none, and report success.
 */
function checkTagsMatch(selection: RuleSelection): void {
  if (selection.unmatchedSelectors.length > 0)
    throw new UsageError(
      `no loaded rule has ${selection.unmatchedSelectors.join(', ')} (--tag / --technique); nothing was hunted`,
    );
}

/**
 * The `--rule-cache` folder. An existing file is refused, not passed over: before the cache became
 * a folder the option named a file, and a script still giving one would silently never cache.
 */
function parseRuleCacheFolder(value: string): string {
  if (existsSync(value) && !statSync(value).isDirectory())
    throw new InvalidArgumentError(`${value} is a file; --rule-cache takes a folder (or use --no-rule-cache)`);
  return value;
}

/** `$XDG_CACHE_HOME/svchunt/rules/`, else `~/.cache/svchunt/rules/`, else under the temp folder. */
function defaultRuleCache(): string {
  const base =
    process.env['XDG_CACHE_HOME'] ??
    (process.env['HOME'] !== undefined ? join(process.env['HOME'], '.cache') : tmpdir());
  return join(base, 'svchunt', 'rules');
}

async function sinkFor(
  format: NonNullable<HuntCliOptions['format']>,
  out: OutputTarget,
  color: boolean,
  stories: boolean,
): Promise<FindingSink> {
  switch (format) {
    case 'jsonl':
      return new JsonlSink(out.write);
    case 'json':
      return new JsonSink(out.write, { stories });
    case 'csv':
      return new CsvSink(out.write);
    case 'table': {
      const { attackContextForTags, techniqueNode } = await import('../attack/index.js');
      return new TableSink(out.write, {
        // A terminal's width; a file or a pipe gets whole values, as users grep them.
        width: out.isTerminal ? out.columns : Number.POSITIVE_INFINITY,
        color: color && out.isTerminal,
        stories,
        techniqueContext: (id) => ({
          name: techniqueNode(id)?.name,
          attack: attackContextForTags([`attack.${id.toLowerCase()}`]),
        }),
      });
    }
    default: {
      const never: never = format;
      return never;
    }
  }
}

function exitCodeOf(summary: HuntSummary, failOn: Level | undefined): number {
  if (summary.unreadable.length > 0) return EXIT_INPUT;
  if (failOn !== undefined) {
    const threshold = levelRank(failOn);
    const hit = Object.entries(summary.findings.byLevel).some(
      ([level, count]) => count > 0 && levelRank(level) >= threshold,
    );
    if (hit) return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

/**
 * Runs the hunt into `out` (not closed here), with the progress bar and issue lines on stderr.
 * `onFailOn` is told as soon as a finding reaches --fail-on: a reader that stops early
 * (`| head`) ends the run, and its exit code must say so already.
 */
async function hunt(
  paths: string[],
  options: HuntCliOptions,
  out: OutputTarget,
  onFailOn: () => void,
  onUnreadable: () => void,
): Promise<HuntSummary> {
  const format = options.format ?? (out.isTerminal ? 'table' : 'jsonl');
  const stories = options.stories === true;
  const progress = !options.quiet && process.stderr.isTTY === true ? new ProgressBar() : undefined;
  const sink = await sinkFor(format, out, options.color, stories);
  // The progress line goes before the table is printed, or the table's first line starts after it.
  const story = sink.story?.bind(sink);
  const threshold = options.failOn === undefined ? Number.POSITIVE_INFINITY : levelRank(options.failOn);
  const shown: FindingSink = {
    write: (finding) => {
      if (levelRank(finding.rule.level) >= threshold) onFailOn();
      return sink.write(finding);
    },
    ...(story !== undefined ? { story } : {}),
    end: async (summary) => {
      progress?.clear();
      await sink.end(summary);
    },
  };
  // The pipeline and the Sigma engine load when a hunt runs, not when the CLI starts.
  const { runHunt } = await import('../pipeline/index.js');
  const { loadPlaceholders } = await import('../sigma/index.js');
  const shownPerFile = new Map<string, number>();
  const placeholders = options.placeholders === undefined ? undefined : await loadPlaceholders(options.placeholders);
  const summary = await runHunt(
    {
      inputs: paths,
      rules: {
        builtin: options.builtin,
        rulePaths: options.rules,
        placeholders,
        minLevel: options.level,
        statuses: options.status?.split(',').map((s) => s.trim()),
        tags: options.tag.length > 0 ? options.tag : undefined,
        techniques: options.technique.length > 0 ? options.technique : undefined,
        cacheFolder: options.ruleCache === false ? undefined : options.ruleCache,
      },
      detect: { from: options.from, to: options.to },
      threads: options.threads,
      stories,
      skip: out.writes,
    },
    shown,
    {
      onProgress: (p) => progress?.update(p),
      onUnreadable,
      onRulesSelected: checkTagsMatch,
      onIssue: (issue) => {
        if (options.quiet) return;
        // Show the first issues of each file; all of them are counted in the summary.
        const count = shownPerFile.get(issue.file) ?? 0;
        shownPerFile.set(issue.file, count + 1);
        if (count >= 5) return;
        progress?.clear();
        process.stderr.write(`${formatIssueLine(issue)}\n`);
      },
    },
  );
  progress?.clear();
  return summary;
}

export const registerHuntCommand: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('hunt')
    .description('find abuse of system services (ATT&CK T1569) in log files and folders')
    .argument('<paths...>', 'log files or folders (searched recursively; formats sniffed from content)')
    .option('--rules <dir>', 'also run the Sigma rules in this file or folder (repeatable)', collectRulePath, [])
    .option('--no-builtin', "do not load svchunt's own rule pack")
    .addOption(new Option('--level <level>', 'only rules at or above this level').choices(LEVELS))
    .option(
      '--status <statuses>',
      `only rules with these statuses (comma-separated: ${STATUSES.join(', ')})`,
      parseStatuses,
    )
    .option('--tag <tag>', 'only rules with this tag or a sub-tag (repeatable), e.g. attack.t1569', collect, [])
    .option(
      '--technique <id>',
      'only rules for this ATT&CK technique and its sub-techniques (repeatable), e.g. T1569.002',
      collectTechnique,
      [],
    )
    .option(
      '--from <time>',
      'only events at or after this time (ISO-8601, UTC unless it says; a date: 00:00)',
      parseFrom,
    )
    .option('--to <time>', 'only events at or before this time (a date: the end of that day)', parseTo)
    .option(
      '--threads <n>',
      `worker threads, 1 to ${MAX_THREADS}; more than the cores here are lowered to them, with a notice unless --quiet (default: one per 512 MB of input, at most every core)`,
      parseThreads,
    )
    .addOption(
      new Option(
        '--format <format>',
        'output format (default: table on a terminal, jsonl otherwise; a table fits the terminal, and in a file or pipe cuts nothing)',
      ).choices(['table', 'csv', 'jsonl', 'json']),
    )
    .option('-o, --output <file>', 'write findings to this file instead of stdout')
    .option('-q, --quiet', 'no progress bar, issues or summary on stderr')
    .addOption(new Option('--fail-on <level>', 'exit 1 when a finding at or above this level exists').choices(LEVELS))
    .option('--placeholders <file>', 'YAML map of placeholder values for |expand rules')
    .option(
      '--rule-cache <folder>',
      'keep parsed rules in this folder between runs (one file per rule folder, keyed by content)',
      parseRuleCacheFolder,
      defaultRuleCache(),
    )
    .option('--no-rule-cache', 'parse every rule file again')
    .option('--no-color', 'no colours in the table')
    .option(
      '--stories',
      'also tell attack stories: per host, the chain from remote logon to service payload and clean-up',
    )
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], options: HuntCliOptions, command: Command) => {
      if (options.from !== undefined && options.to !== undefined && options.from > options.to)
        command.error('error: --from is later than --to', { exitCode: EXIT_USAGE });
      const readPaths = [
        ...paths,
        ...options.rules,
        ...(options.placeholders === undefined ? [] : [options.placeholders]),
      ];
      const out = openOutput(options.output, readPaths);
      const fitted =
        options.threads === undefined ? undefined : threadsForCores(options.threads, availableParallelism());
      if (fitted?.notice !== undefined && !options.quiet) process.stderr.write(`${fitted.notice}\n`);
      const huntOptions = fitted === undefined ? options : { ...options, threads: fitted.threads };
      // Interrupted (Ctrl-C, kill): no partial output file is left behind; then the signal's own ending.
      const onSignal = (signal: NodeJS.Signals): void => {
        out.discard();
        process.kill(process.pid, signal);
      };
      process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
      try {
        // Exit codes are set as soon as known: a reader that stops early (`| head`) ends the run.
        const summary = await hunt(
          paths,
          huntOptions,
          out,
          () => setExitCode(EXIT_FINDINGS),
          () => setExitCode(EXIT_INPUT),
        );
        await out.close();
        if (!options.quiet) process.stderr.write(huntSummaryText(summary));
        setExitCode(exitCodeOf(summary, options.failOn));
      } catch (error) {
        out.discard();
        throw error;
      } finally {
        process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      }
    });
};
