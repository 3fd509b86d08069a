import { describe, expect, it } from 'vitest';
import { recordsOf, windowsEvent } from '../correlate/story-test-events.js';
import type { Finding } from '../report/index.js';
import { StoryStage } from './story-stage.js';

/** The parts of a finding the story stage reads. */
function findingOn(source: Finding['source'], title = 'Suspicious service'): Finding {
  return { rule: { title, level: 'high' }, source } as Finding;
}

describe('StoryStage', () => {
  it('keeps findings on events it has story records of, not the rest, and tells the story', () => {
    const stage = new StoryStage();
    const [install] = recordsOf([
      windowsEvent(0, { Channel: 'System', EventID: 7045, ServiceName: 'evil', ImagePath: 'C:\\evil.exe' }),
    ]);
    stage.addRecords([install!]);
    stage.addFinding(findingOn(install!.source));
    for (let i = 0; i < 1000; i++) stage.addFinding(findingOn({ file: 'other.evtx', format: 'evtx', offset: i }));
    expect(stage.seedsHeld).toBe(1);
    const { stories, counters } = stage.finish(0);
    expect(stories.map((s) => s.summary)).toEqual(['On FS01, installed service evil.']);
    expect(counters).toEqual({ stories: 1, records: 1, dropped: 0 });
  });
});
