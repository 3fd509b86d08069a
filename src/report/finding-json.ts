/**
 * The JSON shape of a finding (one JSONL line): `time`, `host`, `rule`, `attack`, `event` (channel,
 * eventId, recordId and the key fields flattened in), `source` (file, format, offset and recordId
 * or line). Field order is fixed so diffs of two runs stay readable.
 */
import type { Finding, FindingCorrelation, FindingSource } from './finding.js';
import { isoTime } from './finding.js';

/** `file`, `format`, then `recordId` or `line`, `offset` and `chunk`: an analyst's way back to the record. */
export function sourceToJson(source: FindingSource): Record<string, unknown> {
  return {
    file: source.file,
    format: source.format,
    ...(source.recordId !== undefined ? { recordId: source.recordId } : {}),
    ...(source.line !== undefined ? { line: source.line } : {}),
    offset: source.offset,
    ...(source.chunk !== undefined ? { chunk: source.chunk } : {}),
  };
}

function ruleToJson(rule: Finding['rule']): Record<string, unknown> {
  return {
    id: rule.id,
    title: rule.title,
    level: rule.level,
    status: rule.status,
    author: rule.author,
    tags: rule.tags,
    origin: rule.origin,
  };
}

function attackToJson(attack: Finding['attack']): Record<string, unknown> {
  return {
    techniques: attack.techniques,
    tactics: attack.tactics,
    mitigations: attack.mitigations,
    dataComponents: attack.dataComponents,
    controls: attack.controls,
  };
}

/** What follows `rule` and `attack`: the event, its source and, for correlations, their part. */
function eventPartsToJson(finding: Finding): Record<string, unknown> {
  const { event, source } = finding;
  return {
    event: {
      channel: event.channel,
      eventId: event.eventId,
      recordId: event.recordId,
      provider: event.provider,
      ...event.fields,
    },
    source: sourceToJson(source),
    ...(finding.correlation !== undefined ? { correlation: correlationToJson(finding.correlation) } : {}),
  };
}

export function findingToJson(finding: Finding): Record<string, unknown> {
  return {
    time: isoTime(finding.time),
    host: finding.host,
    rule: ruleToJson(finding.rule),
    attack: attackToJson(finding.attack),
    ...eventPartsToJson(finding),
  };
}

/**
 * `"rule":{…},"attack":{…}` by rule: a rule's findings share its rule and ATT&CK objects (the
 * enricher makes them once), and writing them was half the cost of a finding's JSON.
 */
const ruleAndAttackTexts = new WeakMap<Finding['rule'], { attack: Finding['attack']; text: string }>();

function ruleAndAttackText(finding: Finding): string {
  const cached = ruleAndAttackTexts.get(finding.rule);
  if (cached !== undefined && cached.attack === finding.attack) return cached.text;
  const text = members(JSON.stringify({ rule: ruleToJson(finding.rule), attack: attackToJson(finding.attack) }));
  ruleAndAttackTexts.set(finding.rule, { attack: finding.attack, text });
  return text;
}

/** The members of an object's JSON text, without its braces (empty for `{}`). */
function members(objectText: string): string {
  return objectText.slice(1, -1);
}

/** `JSON.stringify(findingToJson(finding))`, the rule and ATT&CK part written once per rule. */
export function findingJsonText(finding: Finding): string {
  const head = members(JSON.stringify({ time: isoTime(finding.time), host: finding.host }));
  const tail = members(JSON.stringify(eventPartsToJson(finding)));
  return `{${head === '' ? '' : `${head},`}${ruleAndAttackText(finding)}${tail === '' ? '' : `,${tail}`}}`;
}

function correlationToJson(c: FindingCorrelation): Record<string, unknown> {
  return {
    type: c.type,
    timespan: c.timespan,
    condition: c.condition,
    groupBy: c.groupBy,
    value: c.value,
    ...(c.fieldValue !== undefined ? { fieldValue: c.fieldValue } : {}),
    first: isoTime(c.first),
    events: c.events.map((e) => ({
      time: isoTime(e.time),
      host: e.host,
      rule: e.rule,
      event: {
        channel: e.event.channel,
        eventId: e.event.eventId,
        recordId: e.event.recordId,
        provider: e.event.provider,
        ...e.event.fields,
      },
      source: sourceToJson(e.source),
    })),
    omittedEvents: c.omittedEvents,
  };
}
