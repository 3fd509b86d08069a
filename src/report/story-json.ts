/**
 * The JSON shape of an attack story (a JSONL `{"story": …}` line, an item of JSON's `stories`):
 * identity, level and summary first, then the steps and techniques, the ATT&CK context, the
 * process tree, and the events in time order. Field order is fixed so diffs stay readable.
 */
import { isoTime } from './finding.js';
import { sourceToJson } from './finding-json.js';
import type { Story, StoryProcess } from './story.js';

function processToJson(p: StoryProcess): Record<string, unknown> {
  return {
    time: isoTime(p.time),
    image: p.image,
    commandLine: p.commandLine,
    pid: p.pid,
    user: p.user,
    children: p.children.map(processToJson),
  };
}

export function storyToJson(story: Story): Record<string, unknown> {
  return {
    id: story.id,
    host: story.host,
    level: story.level,
    summary: story.summary,
    first: isoTime(story.first),
    last: isoTime(story.last),
    techniques: story.techniques,
    steps: story.steps.map((s) => ({
      step: s.step,
      events: s.events,
      first: isoTime(s.first),
      techniques: s.techniques,
    })),
    services: story.services,
    accounts: story.accounts,
    remoteAddresses: story.remoteAddresses,
    findings: story.findings,
    attack: {
      tactics: story.attack.tactics,
      mitigations: story.attack.mitigations,
      dataComponents: story.attack.dataComponents,
      controls: story.attack.controls,
    },
    processes: story.processes.map(processToJson),
    events: story.events.map((e) => ({
      time: isoTime(e.time),
      step: e.step,
      what: e.what,
      channel: e.channel,
      eventId: e.eventId,
      recordId: e.recordId,
      rules: e.rules,
      source: sourceToJson(e.source),
    })),
    omittedEvents: story.omittedEvents,
  };
}
