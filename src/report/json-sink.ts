/** One JSON document: `{"findings": [...], "summary": {...}}`, written when the run ends. */
import type { Finding } from './finding.js';
import { findingToJson } from './finding-json.js';
import type { FindingSink, TextWriter } from './finding-sink.js';

export class JsonSink implements FindingSink {
  private readonly out: TextWriter;
  private first = true;

  constructor(out: TextWriter) {
    this.out = out;
  }

  // Findings stream out as array items, so memory stays flat however many there are.
  async write(finding: Finding): Promise<void> {
    await this.out(`${this.first ? '{"findings":[\n' : ',\n'}${JSON.stringify(findingToJson(finding))}`);
    this.first = false;
  }

  async end(summary: unknown): Promise<void> {
    await this.out(`${this.first ? '{"findings":[' : '\n'}],\n"summary":${JSON.stringify(summary)}}\n`);
  }
}
