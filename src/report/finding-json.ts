/**
 * The JSON shape of a finding (one JSONL line): `time`, `host`, `rule`, `attack`, `event` (channel,
 * eventId, recordId and the key fields flattened in), `source` (file, format, offset and recordId
 * or line). Field order is fixed so diffs of two runs stay readable.
 */
import type { Finding } from './finding.js';
import { isoTime } from './finding.js';

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
    source: {
      file: source.file,
      format: source.format,
      ...(source.recordId !== undefined ? { recordId: source.recordId } : {}),
      ...(source.line !== undefined ? { line: source.line } : {}),
      offset: source.offset,
      ...(source.chunk !== undefined ? { chunk: source.chunk } : {}),
    },
  };
}
