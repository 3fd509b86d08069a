/** Test helpers: compile inline Sigma YAML and run it on hand-made events. */
import { classifyWindowsEvent, MapEvent, type FieldValue, type LogsourceClass } from '../../src/event/index.js';
import {
  checkRules,
  loadRuleText,
  RuleSet,
  type Placeholders,
  type RuleCheckResult,
  type RuleIssue,
} from '../../src/sigma/index.js';

/** A Windows event with these fields, classified by its Channel and EventID. */
export function windowsEvent(fields: Record<string, FieldValue>): MapEvent {
  const channel = typeof fields['Channel'] === 'string' ? fields['Channel'] : undefined;
  const eventId = typeof fields['EventID'] === 'number' ? fields['EventID'] : undefined;
  return new MapEvent(new Map(Object.entries(fields)), classifyWindowsEvent(channel, eventId), Number.NaN, undefined, {
    file: 'test',
    offset: 0,
  });
}

/** A generic event of `product` with no service or category (for product-only rules). */
export function plainEvent(fields: Record<string, FieldValue>, product = 'windows'): MapEvent {
  const cls: LogsourceClass = { key: `${product}||`, product, services: [], categories: [], eventId: undefined };
  return new MapEvent(new Map(Object.entries(fields)), cls, Number.NaN, undefined, { file: 'test', offset: 0 });
}

export function checkYaml(yaml: string, placeholders?: Placeholders): RuleCheckResult {
  return checkRules(loadRuleText(yaml, 'inline.yml'), { placeholders });
}

/** Issues that stop a rule (invalid or unsupported), for assertions. */
export function blockingIssues(yaml: string, placeholders?: Placeholders): RuleIssue[] {
  return checkYaml(yaml, placeholders).issues.filter((i) => i.severity !== 'warning');
}

/** A rule whose detection is `detection` (YAML text, indented under `detection:`), product-only logsource. */
export function ruleYaml(detection: string, logsource = 'product: windows'): string {
  return `title: test rule\nid: 00000000-0000-4000-8000-000000000001\nlogsource:\n  ${logsource}\ndetection:\n${detection
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
}

/** Compiles the rules in `yaml` (throws on any blocking issue) into a RuleSet. */
export function compileYaml(yaml: string, placeholders?: Placeholders, useIndex = true): RuleSet {
  const checked = checkYaml(yaml, placeholders);
  const blocking = checked.issues.filter((i) => i.severity !== 'warning');
  if (blocking.length > 0) throw new Error(blocking.map((i) => `${i.code} ${i.message}`).join('\n'));
  return new RuleSet(checked.rules, { placeholders, filters: checked.filters, useIndex });
}

/** Whether a one-rule detection matches an event with `fields`, checked with and without the index. */
export function detects(detection: string, fields: Record<string, FieldValue>, placeholders?: Placeholders): boolean {
  const yaml = ruleYaml(detection);
  const results = [true, false].map(
    (useIndex) => compileYaml(yaml, placeholders, useIndex).match(plainEvent(fields), () => undefined) > 0,
  );
  if (results[0] !== results[1])
    throw new Error(`index changed the result: indexed ${results[0]}, plain ${results[1]}`);
  return results[0] as boolean;
}
