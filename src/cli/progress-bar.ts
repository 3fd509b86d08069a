/** A one-line progress display on stderr (terminals only): files, bytes, records/s, findings. */
import type { HuntProgress } from '../pipeline/index.js';
import { terminalColumns } from './output-target.js';
import { groupDigits } from './group-digits.js';

const MB = 1024 * 1024;

export class ProgressBar {
  /** Where the line goes; a test passes its own. */
  private readonly out: { write(text: string): unknown; readonly columns?: number };

  private lastDraw = Number.NEGATIVE_INFINITY;
  private visible = false;

  constructor(out: { write(text: string): unknown; readonly columns?: number } = process.stderr) {
    this.out = out;
  }

  update(p: HuntProgress): void {
    const now = performance.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    // A file that grows while it is read (a live audit.log) passes its size when it was found.
    const share = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 1;
    const width = 24;
    const filled = Math.round(share * width);
    const rate = p.elapsedMs > 0 ? Math.round((p.records * 1000) / p.elapsedMs) : 0;
    const line =
      `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] files ${p.filesDone}/${p.filesTotal}` +
      ` · ${(p.bytesDone / MB).toFixed(1)}/${(p.bytesTotal / MB).toFixed(1)} MB · ${groupDigits(rate)} rec/s` +
      ` · ${groupDigits(p.findings)} findings`;
    this.out.write(`\r${line.slice(0, terminalColumns(this.out.columns) - 1)}\u001b[K`);
    this.visible = true;
  }

  clear(): void {
    if (this.visible) this.out.write('\r\u001b[K');
    this.visible = false;
  }
}
