/**
 * One JSON document: `{"findings": [...], "summary": {...}}`, streamed as findings arrive and closed
 * with the summary when the run ends; with `--stories`, `{"findings": [...], "stories": [...],
 * "summary": {...}}`.
 */
import type { Finding } from './finding.js';
import { findingJsonText } from './finding-json.js';
import type { FindingSink, TextWriter } from './finding-sink.js';
import { storyToJson } from './story-json.js';
import type { Story } from './story.js';

export interface JsonSinkOptions {
  /** Write a `stories` array (empty when there are none). */
  readonly stories?: boolean;
}

export class JsonSink implements FindingSink {
  private readonly out: TextWriter;
  private readonly withStories: boolean;
  private first = true;
  private stories = 0;

  constructor(out: TextWriter, options: JsonSinkOptions = {}) {
    this.out = out;
    this.withStories = options.stories === true;
  }

  // Findings and stories stream out as array items, so memory stays flat however many there are.
  async write(finding: Finding): Promise<void> {
    await this.out(`${this.first ? '{"findings":[\n' : ',\n'}${findingJsonText(finding)}`);
    this.first = false;
  }

  private closeFindings(): string {
    return this.first ? '{"findings":[' : '\n';
  }

  async story(story: Story): Promise<void> {
    const open = this.stories === 0 ? `${this.closeFindings()}],\n"stories":[\n` : ',\n';
    this.first = false;
    this.stories++;
    await this.out(`${open}${JSON.stringify(storyToJson(story))}`);
  }

  async end(summary: unknown): Promise<void> {
    let close: string;
    if (this.stories > 0) close = '\n],\n';
    else if (this.withStories) close = `${this.closeFindings()}],\n"stories":[],\n`;
    else close = `${this.closeFindings()}],\n`;
    await this.out(`${close}"summary":${JSON.stringify(summary)}}\n`);
  }
}
