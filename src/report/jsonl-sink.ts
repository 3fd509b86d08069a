/**
 * JSON Lines: one finding per line, written as it arrives (streams; works with `jq -c`); with
 * `--stories`, one `{"story": …}` line per attack story after the findings.
 */
import type { Finding } from './finding.js';
import { findingJsonText } from './finding-json.js';
import type { FindingSink, TextWriter } from './finding-sink.js';
import { storyToJson } from './story-json.js';
import type { Story } from './story.js';

export class JsonlSink implements FindingSink {
  private readonly out: TextWriter;

  constructor(out: TextWriter) {
    this.out = out;
  }

  async write(finding: Finding): Promise<void> {
    await this.out(`${findingJsonText(finding)}\n`);
  }

  async story(story: Story): Promise<void> {
    await this.out(`${JSON.stringify({ story: storyToJson(story) })}\n`);
  }

  async end(): Promise<void> {}
}
