/** Attack stories: the compact records workers keep, process trees, and the story builder. */
export { buildStories, MAX_EVENTS_PER_STEP, STORY_GAP_MS } from './build-stories.js';
export type { StoryOptions, StorySeed } from './build-stories.js';
export { imageName, MAX_TREE_DEPTH, ProcessTree } from './process-tree.js';
export type { ProcessNode } from './process-tree.js';
export { MAX_RECORD_TEXT, selectStoryRecord } from './select-story-record.js';
export type { StoryRecord, StoryRecordKind } from './story-record.js';
