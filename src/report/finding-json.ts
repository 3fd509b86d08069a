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

export function findingToJson(finding: Finding): Record<string, unknown> {
  const { rule, event, source, attack } = finding;
  return {
    time: isoTime(finding.time),
    host: finding.host,
    rule: {
      id: rule.id,
      title: rule.title,
      level: rule.level,
      status: rule.status,
      author: rule.author,
      tags: rule.tags,
      origin: rule.origin,
    },
    attack: {
      techniques: attack.techniques,
      tactics: attack.tactics,
      mitigations: attack.mitigations,
      dataComponents: attack.dataComponents,
      controls: attack.controls,
    },
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
