/**
 * YAML text → a small positioned tree (maps, sequences, scalars with line:column), the only place
 * the `yaml` library's node types are seen. Parsed with the failsafe schema so that we decide scalar
 * types ourselves: a plain `0x1F` stays the text a Windows log writes, not the number 31 that a
 * YAML 1.1/1.2 core schema would make of it, and dates stay `YYYY-MM-DD` strings.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { ScalarValue } from '../../event/index.js';
import type { RuleIssue, SourceLocation } from '../rule-issue.js';

export type YamlNode = YamlMap | YamlSeq | YamlScalar;

export interface YamlMap {
  readonly kind: 'map';
  readonly entries: readonly YamlEntry[];
  readonly location: SourceLocation;
}

export interface YamlEntry {
  readonly key: string;
  readonly keyLocation: SourceLocation;
  readonly value: YamlNode;
}

export interface YamlSeq {
  readonly kind: 'seq';
  readonly items: readonly YamlNode[];
  readonly location: SourceLocation;
}

export interface YamlScalar {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  /** True for quoted and block scalars: their text is a string whatever it looks like. */
  readonly quoted: boolean;
  readonly location: SourceLocation;
}

export interface YamlDocument {
  readonly root: YamlNode | undefined;
  readonly location: SourceLocation;
  readonly issues: readonly RuleIssue[];
}

const PLAIN_NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const PLAIN_TRUE = new Set(['true', 'True', 'TRUE']);
const PLAIN_FALSE = new Set(['false', 'False', 'FALSE']);
const PLAIN_INTEGER = /^-?(?:0|[1-9]\d*)$/;

/**
 * A plain scalar's value. Integers are numbers (EventID: 4688 matches 4688 and '4688'); a decimal
 * stays the text it was written as, since Sigma values are strings: `Version: 10.0` must match
 * "10.0", which the number 10 would not.
 */
function plainScalar(text: string): ScalarValue {
  if (PLAIN_NULLS.has(text)) return null;
  if (PLAIN_TRUE.has(text)) return true;
  if (PLAIN_FALSE.has(text)) return false;
  if (PLAIN_INTEGER.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n;
  }
  return text;
}

/** Parses every document of a YAML file; syntax errors become issues, never exceptions. */
export function parseYamlDocuments(text: string, file: string): YamlDocument[] {
  const lines = new LineCounter();
  const at = (offset: number | undefined): SourceLocation => {
    const pos = lines.linePos(offset ?? 0);
    return { file, line: pos.line, column: pos.col };
  };
  const docs = parseAllDocuments(text, { schema: 'failsafe', lineCounter: lines, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  return list.map((doc: Document.Parsed) => {
    const issues: RuleIssue[] = [...doc.errors, ...doc.warnings].map((err) => ({
      code: 'YAML_SYNTAX',
      severity: doc.errors.includes(err) ? 'invalid' : 'warning',
      message: err.message.split('\n')[0] ?? err.message,
      location: at(err.pos[0]),
    }));
    let budget = MAX_YAML_NODES;
    const convert = (node: unknown, fallback: number, depth: number): YamlNode => {
      // Aliases are resolved in place; a cycle, an alias bomb or absurd depth is a hostile file.
      if (depth > MAX_YAML_DEPTH) throw new Error('YAML nesting too deep');
      if (--budget < 0) throw new Error(`YAML document has more than ${MAX_YAML_NODES} nodes`);
      if (isAlias(node)) return convert(node.resolve(doc), fallback, depth + 1);
      const offset = (node as Node | null)?.range?.[0] ?? fallback;
      if (isMap(node)) {
        return {
          kind: 'map',
          location: at(offset),
          entries: node.items.map((pair) => {
            const keyNode = pair.key as Node | null;
            const keyOffset = keyNode?.range?.[0] ?? offset;
            const key = isScalar(keyNode) ? String(keyNode.value ?? '') : String(keyNode ?? '');
            return { key, keyLocation: at(keyOffset), value: convert(pair.value, keyOffset, depth + 1) };
          }),
        };
      }
      if (isSeq(node)) {
        return { kind: 'seq', location: at(offset), items: node.items.map((item) => convert(item, offset, depth + 1)) };
      }
      if (isScalar(node)) {
        const text = node.value === null || node.value === undefined ? '' : String(node.value);
        const quoted = node.type !== undefined && node.type !== 'PLAIN';
        return { kind: 'scalar', location: at(offset), quoted, value: quoted ? text : plainScalar(text) };
      }
      return { kind: 'scalar', location: at(offset), quoted: false, value: null };
    };
    let root: YamlNode | undefined;
    try {
      // A document with nothing in it (after a trailing `---`, or only a comment) is a null scalar
      // with no source text: no document at all, unlike an explicit `null`.
      const empty = doc.contents === null || (isScalar(doc.contents) && doc.contents.source === '');
      root = empty ? undefined : convert(doc.contents, 0, 0);
    } catch (err) {
      issues.push({ code: 'YAML_SYNTAX', severity: 'invalid', message: String(err), location: at(0) });
    }
    return { root, issues, location: at(doc.range[0]) };
  });
}

/** Deeper than any Sigma rule needs (SigmaHQ's deepest is 5); guards against alias cycles. */
const MAX_YAML_DEPTH = 64;
/** SigmaHQ's largest rule has a few thousand nodes; guards against alias bombs. */
const MAX_YAML_NODES = 200_000;
