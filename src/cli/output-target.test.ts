import { execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openOutput, OutputError, terminalColumns } from './output-target.js';

const folder = (): string => mkdtempSync(join(tmpdir(), 'svchunt-output-'));

describe('openOutput', () => {
  it('writes a file beside its name and renames it over the old one only at the end', async () => {
    const path = join(folder(), 'findings.jsonl');
    writeFileSync(path, 'old\n');
    const out = openOutput(path);
    await out.write('new\n');
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    await out.close();
    expect(readFileSync(path, 'utf8')).toBe('new\n');
  });

  it('writes into an existing FIFO (as into /dev/null) and leaves it a FIFO', async () => {
    const fifo = join(folder(), 'pipe');
    execFileSync('mkfifo', [fifo]);
    // A reader opened without waiting, so that the output's open (which waits for one) returns.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const out = openOutput(fifo);
    await out.write('one finding\n');
    await out.close();
    const received = Buffer.alloc(100);
    const length = readSync(reader, received);
    closeSync(reader);
    expect(received.subarray(0, length).toString()).toBe('one finding\n');
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('says so when a FIFO reader goes away early, so the run can end as with `| head`', async () => {
    const fifo = join(folder(), 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const out = openOutput(fifo);
    closeSync(reader);
    const failure = await (async (): Promise<unknown> => {
      try {
        for (let i = 0; i < 100; i++) await out.write('x'.repeat(1 << 16));
        await out.close();
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(OutputError);
    expect((failure as OutputError).readerGone).toBe(true);
  });

  it('refuses a folder as the output, before the run', () => {
    const dir = join(folder(), 'out');
    mkdirSync(dir);
    expect(() => openOutput(dir)).toThrow(OutputError);
    expect(() => openOutput(dir)).toThrow(/it is a folder/);
  });

  it('takes 80 columns for a terminal that reports no width or 0 (script, docker -t)', () => {
    expect([terminalColumns(undefined), terminalColumns(0), terminalColumns(132)]).toEqual([80, 80, 132]);
  });
});
