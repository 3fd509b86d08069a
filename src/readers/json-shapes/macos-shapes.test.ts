import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test/conformance/corpus-paths.js';
import { fieldsOf, readWith, TempFiles } from '../../../test/fixtures/readers/read-all.js';
import { runHunt } from '../../pipeline/index.js';
import type { Finding } from '../../report/index.js';
import { JSON_READER } from '../json-reader.js';
import { unifiedLogTime } from './unified-log-shape.js';

const files = new TempFiles();
afterAll(() => files.cleanup());

const MACOS = join(REPO_ROOT, 'test/fixtures/readers/macos');
const ESLOGGER = join(MACOS, 'eslogger-handmade.ndjson');
const UNIFIED_LOG = join(MACOS, 'unified-log-handmade.ndjson');

describe('eslogger shape', () => {
  it('maps exec to process_creation with the new image, its arguments and the image that forked it', async () => {
    const { events, issues } = await readWith(JSON_READER, ESLOGGER);
    expect(issues.total).toBe(0);
    expect(events.map((e) => e.logsource.key)).toEqual([
      'macos|eslogger|exec',
      'macos|eslogger|create',
      'macos|eslogger|exec',
      'macos|eslogger|exec',
      'macos|eslogger|exec',
      'macos|eslogger|write',
      'macos|eslogger|btm_launch_item_add',
    ]);
    const sudoLoad = events[2]!;
    expect(sudoLoad.logsource.categories.map((c) => c.category)).toEqual(['process_creation']);
    expect(fieldsOf(sudoLoad)).toMatchObject({
      EventType: 'exec',
      Image: '/bin/launchctl',
      CommandLine: 'launchctl load -w /Users/alice/Library/LaunchAgents/com.atomicredteam.plist',
      ParentImage: '/usr/bin/sudo',
      User: 'root',
      CurrentDirectory: '/Users/alice',
      ProcessId: 2312,
      ParentProcessId: 2311,
      'event.exec.target.signing_id': 'com.apple.xpc.launchctl',
    });
    expect(sudoLoad.time).toBe(Date.parse('2026-11-26T10:00:05.250Z'));
    expect(sudoLoad.provenance).toMatchObject({ line: 3, recordId: 4103 });
  });

  it('maps create and write to file_event with the path written, and keeps other events as dotted fields', async () => {
    const { events } = await readWith(JSON_READER, ESLOGGER);
    expect(fieldsOf(events[1]!)).toMatchObject({
      TargetFilename: '/Users/alice/Library/LaunchAgents/com.atomicredteam.plist',
      Image: '/bin/cp',
      User: 'root',
    });
    expect(events[5]?.get('TargetFilename')).toBe('/Users/alice/Library/Preferences/com.apple.Terminal.plist');
    expect(events[6]?.logsource.categories).toEqual([]);
    expect(events[6]?.get('event.btm_launch_item_add.item.item_url')).toBe(
      'file:///Users/alice/Library/LaunchAgents/com.atomicredteam.plist',
    );
  });

  it('reports broken eslogger lines and reads the lines after them', async () => {
    const text = [
      '{"schema_version":1,"process":{"executable":',
      '{"schema_version":1,"process":{},"event":{}}',
      '{"schema_version":1,"process":{},"event":{"exit":{"stat":0}},"time":"2026-11-26T10:00:00Z"}',
    ];
    const { events, issues } = await readWith(JSON_READER, files.write('broken.ndjson', text.join('\n')));
    expect(issues.issues.map((i) => [i.code, i.line])).toEqual([
      ['BAD_JSON', 1],
      ['UNKNOWN_JSON_SHAPE', 2],
    ]);
    expect(events.map((e) => e.get('EventType'))).toEqual(['exit']);
  });
});

describe('unified log shape', () => {
  it('keeps the members of log --style ndjson and reads its local timestamps', async () => {
    const { events, issues } = await readWith(JSON_READER, UNIFIED_LOG);
    expect(issues.total).toBe(0);
    expect(events).toHaveLength(3);
    expect(events[0]?.logsource.services).toEqual(['unifiedlog']);
    expect(fieldsOf(events[0]!)).toMatchObject({
      subsystem: 'com.apple.xpc.launchd',
      Image: '/sbin/launchd',
      ProcessId: 1,
    });
    expect(events[0]?.time).toBe(Date.parse('2026-11-26T10:00:09.010Z'));
    expect(unifiedLogTime('2026-11-26 02:00:09.010301-0800')).toBe(Date.parse('2026-11-26T10:00:09.010Z'));
  });
});

describe('the macOS rule pack on the hand-made fixtures', () => {
  it('fires every macOS rule on the lines written for it, and nothing on the benign lines', async () => {
    const found: Finding[] = [];
    await runHunt(
      { inputs: [MACOS], rules: { builtin: true, rulePaths: [] }, detect: {}, threads: 1 },
      { write: async (f) => void found.push(f), end: async () => undefined },
    );
    const byLine = found.map((f) => [
      f.source.file.endsWith('eslogger-handmade.ndjson') ? 'es' : 'log',
      f.source.line,
      f.rule.title,
    ]);
    expect(byLine).toEqual([
      ['es', 1, 'Launchctl Submits a Program as a Launchd Job'],
      ['es', 2, 'Launch Agent or Daemon Plist Written by a Shell Tool, Script Engine or a Program From a User Folder'],
      ['es', 3, 'User Launch Agent Loaded Through Sudo'],
      ['es', 4, 'Launchctl Loads a Job From a Temporary or User-Writable Place'],
      ['es', 4, 'Launchctl Started by a Script Engine, Office Application or Browser'],
      ['log', 1, 'Launchd Cannot Run a Job Program Kept in a Temporary or Shared Folder (unified log)'],
    ]);
  });
});

describe('unified log shape on damaged input', () => {
  it('reports a cut line and a line that is not UTF-8, and reads the entries around them', async () => {
    const entry = (message: string): string =>
      JSON.stringify({
        eventMessage: message,
        subsystem: 'com.apple.xpc.launchd',
        processImagePath: '/sbin/launchd',
        machTimestamp: 1,
        timestamp: '2026-11-26 02:00:00.000000-0800',
      });
    const text = Buffer.concat([
      Buffer.from(`${entry('one')}\n${entry('two').slice(0, 40)}\n`),
      Buffer.from(entry('thr\u00e9e').replace('\u00e9', '\u0000')).map((b) => (b === 0 ? 0xe9 : b)),
      Buffer.from(`\n${entry('four')}\n`),
    ]);
    const { events, issues } = await readWith(JSON_READER, files.write('damaged.ndjson', text));
    expect(issues.issues.map((i) => [i.code, i.line])).toEqual([
      ['BAD_JSON', 2],
      ['BAD_UTF8', 3],
    ]);
    expect(events.map((e) => e.get('eventMessage'))).toEqual(['one', 'thr\uFFFDe', 'four']);
  });
});
