// Runs libyal's evtxexport and evtxinfo (the project's outside oracle for EVTX) on bytes. The XML of
// evtxexport becomes plain records: System fields by path (`EventID`, `Provider.Name`), EventData
// items in order, the UserData element. Its XML is regular (one element per line, double-quoted
// attributes), so a small reader suffices; it is not a general XML parser.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EVTXEXPORT = 'evtxexport';
const EVTXINFO = 'evtxinfo';
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024; // the dense-file test exports tens of thousands of events

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

export interface ExportedEvent {
  /** `EventID`, `EventID.Qualifiers`, `Provider.Name`, `TimeCreated.SystemTime`, `Computer`, … */
  readonly system: Readonly<Record<string, string>>;
  /** `<Data Name=…>` and `<Binary>` children of EventData, in order; Binary has the name `Binary`. */
  readonly data: readonly { readonly name: string; readonly value: string }[];
  readonly userData: XmlElement | undefined;
}

export interface EvtxexportResult {
  readonly exitCode: number;
  readonly events: readonly ExportedEvent[];
  readonly stdout: string;
  readonly stderr: string;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
    return ENTITIES[ref] ?? whole;
  });
}

const TAG = /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>/g;
const ATTRIBUTE = /([\w:.-]+)="([^"]*)"/g;

interface Building {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parses one element written by evtxexport (and its descendants). */
export function parseXmlElement(xml: string): XmlElement {
  const stack: Building[] = [{ name: '#root', attributes: {}, children: [], text: '' }];
  let last = 0;
  for (const m of xml.matchAll(TAG)) {
    const top = stack.at(-1);
    if (top === undefined) throw new Error('unbalanced XML from evtxexport');
    top.text += decode(xml.slice(last, m.index));
    last = m.index + m[0].length;
    const [, closing, name = '', attributeText = '', selfClosing] = m;
    if (closing === '/') {
      const done = stack.pop();
      const parent = stack.at(-1);
      if (done === undefined || parent === undefined || done.name !== name) throw new Error(`unexpected </${name}>`);
      parent.children.push(done);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of attributeText.matchAll(ATTRIBUTE)) attributes[a[1] ?? ''] = decode(a[2] ?? '');
    const el = { name, attributes, children: [], text: '' };
    if (selfClosing === '/') top.children.push(el);
    else stack.push(el);
  }
  const root = stack[0]?.children[0];
  if (root === undefined || stack.length !== 1) throw new Error('evtxexport XML did not hold one element');
  return root;
}

function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

function toEvent(event: XmlElement): ExportedEvent {
  const system: Record<string, string> = {};
  for (const field of child(event, 'System')?.children ?? []) {
    if (field.text !== '' || Object.keys(field.attributes).length === 0) system[field.name] = field.text;
    for (const [name, value] of Object.entries(field.attributes)) system[`${field.name}.${name}`] = value;
  }
  const data = (child(event, 'EventData')?.children ?? []).map((d) => ({
    name: d.name === 'Data' ? (d.attributes['Name'] ?? '') : d.name,
    value: d.text,
  }));
  return { system, data, userData: child(event, 'UserData')?.children[0] };
}

/** The tools come from Debian's libevtx-utils; say so when they are missing. */
function withInstallHint(error: Error): Error {
  const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
  return missing ? new Error('evtxexport/evtxinfo not found: apt-get install libevtx-utils', { cause: error }) : error;
}

function withTempFile<T>(bytes: Uint8Array, use: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'evtx-writer-'));
  try {
    const file = join(dir, 'input.evtx');
    writeFileSync(file, bytes);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes `bytes` to a temporary file and exports it with `evtxexport -f xml` plus `extraArgs`. */
export function runEvtxexport(bytes: Uint8Array, extraArgs: readonly string[] = []): EvtxexportResult {
  return withTempFile(bytes, (file) => runEvtxexportOnFile(file, extraArgs));
}

/** Exports a file on disk with `evtxexport -f xml`. */
export function runEvtxexportOnFile(file: string, extraArgs: readonly string[] = []): EvtxexportResult {
  const run = spawnSync(EVTXEXPORT, ['-f', 'xml', ...extraArgs, file], {
    encoding: 'utf8',
    maxBuffer: MAX_OUTPUT_BYTES,
  });
  if (run.error !== undefined) throw withInstallHint(run.error);
  const blocks = run.stdout.match(/<Event [\s\S]*?<\/Event>/g) ?? [];
  return {
    exitCode: run.status ?? -1,
    events: blocks.map((block) => toEvent(parseXmlElement(block))),
    stdout: run.stdout,
    stderr: run.stderr,
  };
}

export interface EvtxinfoResult {
  readonly records: number;
  readonly recoveredRecords: number;
  readonly isCorrupted: boolean;
  readonly isDirty: boolean;
}

/** What evtxinfo says about a file: record counts and its corrupted and dirty flags. */
export function runEvtxinfo(bytes: Uint8Array): EvtxinfoResult {
  const out = withTempFile(bytes, (file) => spawnSync(EVTXINFO, [file], { encoding: 'utf8' }));
  if (out.error !== undefined) throw withInstallHint(out.error);
  const count = (label: string): number => Number(new RegExp(`${label}\\s*:\\s*(\\d+)`).exec(out.stdout)?.[1] ?? NaN);
  return {
    records: count('Number of records'),
    recoveredRecords: count('Number of recovered records'),
    isCorrupted: /Is corrupted/.test(out.stdout),
    isDirty: /Is dirty/.test(out.stdout),
  };
}
