/**
 * `svchunt dump` for every format but EVTX (which keeps its evtx_dump-shaped records): each event a
 * reader makes as one JSON line in the common event shape —
 * `{"time", "host", "logsource": {"product", "services", "categories"}, "fields": {…}, "source": {…}}`
 * — so what a rule will see (derived process_creation events, journald unit fields …) can be read
 * as is. Data issues go to stderr as `file:line: CODE message`, then a count by code.
 */
import { formatIssueLine, IssueCollector, printableText, type DataIssue, type Event } from '../event/index.js';
import { readLogFile, sniffFile, type LogFormat } from '../readers/index.js';
import { isoTime } from '../report/index.js';
import { EXIT_INPUT } from './exit-codes.js';
import { stdoutWriter } from './output-target.js';

/** The JSON line of one event. */
export function eventJson(event: Event, format: LogFormat | undefined): string {
  const fields: Record<string, unknown> = {};
  for (const name of event.fieldNames()) fields[name] = event.get(name);
  const { logsource, provenance } = event;
  return JSON.stringify({
    time: isoTime(event.time),
    host: event.host ?? null,
    logsource: {
      product: logsource.product,
      services: logsource.services,
      categories: logsource.categories.map((c) => c.category),
    },
    fields,
    source: { ...provenance, ...(format === undefined ? {} : { format }) },
  });
}

/**
 * The paths in runs of EVTX files (dumped by the EVTX part) and of all others (dumped here), in
 * the order given: output follows the arguments.
 */
export async function runsByKind(paths: readonly string[]): Promise<{ evtx: boolean; paths: string[] }[]> {
  const runs: { evtx: boolean; paths: string[] }[] = [];
  for (const path of paths) {
    const evtx = (await sniffFile(path).catch(() => undefined)) === 'evtx';
    const last = runs[runs.length - 1];
    if (last?.evtx === evtx) last.paths.push(path);
    else runs.push({ evtx, paths: [path] });
  }
  return runs;
}

/** Tells of a file that cannot be read at all (stderr, exit 3), whatever its format. */
export function reportUnreadable(path: string, error: unknown, setExitCode: (code: number) => void): void {
  const reason = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${printableText(`${path}: UNREADABLE_FILE ${reason}`)}\n`);
  setExitCode(EXIT_INPUT);
}

/** What a dump has read so far, for its one summary line. */
export class DumpTally {
  files = 0;
  /** EVTX records, and events of the other formats, dumped; the summary names the kinds read. */
  records = 0;
  events = 0;
  evtxSeen = false;
  otherSeen = false;
  readonly issues = new IssueCollector();

  /** Counts the issue and prints it on stderr. */
  report(issue: DataIssue): void {
    this.issues.report(issue);
    process.stderr.write(`${formatIssueLine(issue)}\n`);
  }

  summary(): string {
    const byCode = [...this.issues.countsByCode].map(([code, count]) => `${code} ${count}`).join(', ');
    const read = [
      ...(this.evtxSeen || !this.otherSeen ? [`${this.records} records`] : []),
      ...(this.otherSeen ? [`${this.events} events`] : []),
    ].join(' and ');
    return `svchunt dump: ${read} from ${this.files} file(s); ${this.issues.total} issue(s)${byCode === '' ? '' : `: ${byCode}`}\n`;
  }
}

const write = (data: string | Uint8Array): Promise<void> => stdoutWriter()(data);

/** Dumps every event of `paths` as JSON lines on stdout; sets EXIT_INPUT when a file cannot be read. */
export async function dumpEvents(
  paths: readonly string[],
  tally: DumpTally,
  setExitCode: (code: number) => void,
): Promise<void> {
  tally.otherSeen = true;
  for (const path of paths) {
    try {
      const format = await sniffFile(path);
      if (format !== undefined) tally.files++; // no log: one NOT_A_LOG issue below, no file read
      for await (const batch of readLogFile(path, { sink: tally, threads: 1 })) {
        let text = '';
        for (const event of batch.events) text += `${eventJson(event, format)}\n`;
        tally.events += batch.events.length;
        await write(text);
      }
    } catch (error) {
      reportUnreadable(path, error, setExitCode);
    }
  }
}
