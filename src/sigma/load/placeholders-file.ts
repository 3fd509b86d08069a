/**
 * Reads a placeholder map for `|expand` from YAML: each key a placeholder name (without the `%`),
 * each value a list of Sigma strings (or one string). Example:
 *   Admins: ['CORP\\alice', 'CORP\\bob']
 *   DomainControllers: ['DC01*', 'DC02*']
 */
import { readFile } from 'node:fs/promises';
import type { Placeholders } from '../modifiers/expand.js';
import { RuleIssueError } from '../rule-issue.js';
import { parseYamlDocuments } from './yaml-tree.js';

/** Throws `RuleIssueError` (with file:line) when the file is not such a map. */
export async function loadPlaceholders(path: string): Promise<Placeholders> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new RuleIssueError({
      code: 'READ_FAILED',
      severity: 'invalid',
      message: `cannot read the placeholder file: ${(error as Error).message}`,
      location: { file: path, line: 1, column: 1 },
    });
  }
  const [doc] = parseYamlDocuments(text, path);
  const fail = (message: string, line = 1, column = 1): never => {
    throw new RuleIssueError({
      code: 'BAD_VALUE',
      severity: 'invalid',
      message,
      location: { file: path, line, column },
    });
  };
  const firstIssue = doc?.issues[0];
  if (firstIssue !== undefined) throw new RuleIssueError(firstIssue);
  if (doc?.root?.kind !== 'map') return fail('a placeholder file is a map of name: [values]');
  const placeholders = new Map<string, string[]>();
  for (const entry of doc.root.entries) {
    const node = entry.value;
    const items = node.kind === 'seq' ? node.items : [node];
    placeholders.set(
      entry.key,
      items.map((item) =>
        item.kind === 'scalar' && item.value !== null
          ? String(item.value)
          : fail(`placeholder ${entry.key} needs text values`, item.location.line, item.location.column),
      ),
    );
  }
  return placeholders;
}
