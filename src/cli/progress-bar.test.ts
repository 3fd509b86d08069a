import { describe, expect, it } from 'vitest';
import { ProgressBar } from './progress-bar.js';

describe('ProgressBar', () => {
  it('draws a full bar when a file grew past its size while it was read', () => {
    const written: string[] = [];
    const bar = new ProgressBar({ write: (text: string) => written.push(text), columns: 200 });
    bar.update({ filesDone: 0, filesTotal: 1, bytesDone: 60, bytesTotal: 45, records: 10, findings: 0, elapsedMs: 1 });
    expect(written[0]).toMatch(/^\r\[#{24}\] files 0\/1/);
    bar.clear();
    expect(written[1]).toBe('\r\u001b[K');
  });
});
