/** A one-line progress display on stderr (terminals only): files, bytes, records/s, findings. */
import type { HuntProgress } from '../pipeline/index.js';

const MB = 1024 * 1024;

export class ProgressBar {
  private lastDraw = 0;
  private visible = false;

  update(p: HuntProgress): void {
    const now = performance.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const share = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : 1;
    const width = 24;
    const filled = Math.round(share * width);
    const rate = p.elapsedMs > 0 ? Math.round((p.records * 1000) / p.elapsedMs) : 0;
    const line =
      `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] files ${p.filesDone}/${p.filesTotal}` +
      ` · ${(p.bytesDone / MB).toFixed(1)}/${(p.bytesTotal / MB).toFixed(1)} MB · ${rate.toLocaleString('en')} rec/s` +
      ` · ${p.findings.toLocaleString('en')} findings`;
    process.stderr.write(`\r${line.slice(0, (process.stderr.columns ?? 120) - 1)}\u001b[K`);
    this.visible = true;
  }

  clear(): void {
    if (this.visible) process.stderr.write('\r\u001b[K');
    this.visible = false;
  }
}
