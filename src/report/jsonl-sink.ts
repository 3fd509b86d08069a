/** JSON Lines: one finding per line, written as it arrives (streams; works with `jq -c`). */
import type { Finding } from './finding.js';
import { findingToJson } from './finding-json.js';
import type { FindingSink, TextWriter } from './finding-sink.js';

export class JsonlSink implements FindingSink {
  private readonly out: TextWriter;

  constructor(out: TextWriter) {
    this.out = out;
  }

  async write(finding: Finding): Promise<void> {
    await this.out(`${JSON.stringify(findingToJson(finding))}\n`);
  }

  async end(): Promise<void> {}
}
