/**
 * Loads Sigma documents from files and folders: every YAML document of every file is parsed into a
 * rule, correlation or filter, or into issues with file:line. Loading never stops at a bad file.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from '../parse/parse-document.js';
import type { RuleIssue } from '../rule-issue.js';
import type { SigmaDocument } from '../sigma-rule.js';
import { findRuleFiles } from './find-rule-files.js';
import type { RuleCache } from './rule-cache.js';
import { parseYamlDocuments } from './yaml-tree.js';

export interface LoadedDocument {
  readonly document: SigmaDocument;
  readonly file: string;
  /** 0-based index of the YAML document inside its file. */
  readonly index: number;
}

/** A document that failed to parse, for reports that list every rule with its fate. */
export interface RejectedDocument {
  readonly file: string;
  readonly index: number;
  readonly id: string | undefined;
  readonly title: string | undefined;
}

export interface RuleLoadResult {
  readonly documents: readonly LoadedDocument[];
  readonly rejected: readonly RejectedDocument[];
  readonly issues: readonly RuleIssue[];
  readonly files: number;
}

/** Parses the documents of one YAML text (exposed for tests and inline rules). */
export function loadRuleText(text: string, file: string): RuleLoadResult {
  const documents: LoadedDocument[] = [];
  const rejected: RejectedDocument[] = [];
  const issues: RuleIssue[] = [];
  let collection: string | undefined;
  parseYamlDocuments(text, file).forEach((yaml, index) => {
    // A trailing `---` leaves an empty document; it is no rule and no error.
    if (yaml.root === undefined && yaml.issues.length === 0) return;
    const root = yaml.root?.kind === 'map' ? yaml.root : undefined;
    const rawText = (key: string): string | undefined => {
      const value = root?.entries.find((e) => e.key === key)?.value;
      return value?.kind === 'scalar' && value.value !== null ? String(value.value) : undefined;
    };
    const id = rawText('id');
    if (rawText('action') !== undefined) collection ??= rawText('title') ?? file;
    if (collection !== undefined && rawText('action') === undefined && rawText('title') === undefined) {
      // A part of a Sigma 1.0 collection is no document of its own; it shares the collection's fate.
      issues.push({
        code: 'UNKNOWN_DOCUMENT',
        severity: 'unsupported',
        message: `part of the Sigma 1.0 rule collection "${collection}" (collections were removed in Sigma 2)`,
        location: yaml.location,
        ...(id !== undefined ? { ruleId: id } : {}),
      });
      rejected.push({ file, index, id, title: undefined });
      return;
    }
    const parsed = parseDocument(yaml, `${file}#${index}`);
    for (const issue of parsed.issues)
      issues.push(id !== undefined && issue.ruleId === undefined ? { ...issue, ruleId: id } : issue);
    if (parsed.document === undefined) rejected.push({ file, index, id, title: rawText('title') });
    else documents.push({ document: parsed.document, file, index });
  });
  return { documents, rejected, issues, files: 1 };
}

export interface LoadRulesOptions {
  /** Parsed files are taken from and added to this cache (the caller saves it). */
  readonly cache?: RuleCache | undefined;
  /** Rule files not to load (loaded already: the built-in pack, when `--rules` names its folder). */
  readonly skip?: readonly string[] | undefined;
}

/** Loads every rule file under `paths`. */
export async function loadRules(paths: readonly string[], options: LoadRulesOptions = {}): Promise<RuleLoadResult> {
  const { files, unreadable } = await findRuleFiles(paths, options.skip);
  const documents: LoadedDocument[] = [];
  const rejected: RejectedDocument[] = [];
  const issues: RuleIssue[] = unreadable.map(({ path, reason }) => ({
    code: 'READ_FAILED',
    severity: 'invalid',
    message: `cannot read: ${reason}`,
    location: { file: path, line: 1, column: 1 },
  }));
  for (const file of files) {
    let text: string;
    try {
      // Synchronous on purpose: thousands of small files, nothing else to do meanwhile, and each
      // promise-based open costs a thread-pool round trip (a fifth of load time on SigmaHQ's rules).
      text = readFileSync(file, 'utf8');
    } catch (err) {
      issues.push({
        code: 'READ_FAILED',
        severity: 'invalid',
        message: `cannot read: ${String(err)}`,
        location: { file, line: 1, column: 1 },
      });
      continue;
    }
    const cached = options.cache?.get(file, text);
    const result = cached ?? loadRuleText(text, file);
    if (cached === undefined) options.cache?.set(file, text, result);
    documents.push(...result.documents);
    rejected.push(...result.rejected);
    issues.push(...result.issues);
  }
  return { documents, rejected, issues, files: files.length };
}
