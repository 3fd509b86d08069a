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
import { EXIT_INPUT, EXIT_OK } from './exit-codes.js';
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

/** Splits the paths into EVTX files (dumped by the EVTX part) and all others (dumped here). */
export async function splitEvtxFiles(paths: readonly string[]): Promise<{ evtx: string[]; other: string[] }> {
  const evtx: string[] = [];
  const other: string[] = [];
  for (const path of paths) {
    const format = await sniffFile(path).catch(() => undefined);
    (format === 'evtx' ? evtx : other).push(path);
  }
  return { evtx, other };
}

const write = (data: string | Uint8Array): Promise<void> => stdoutWriter()(data);

class PrintingSink extends IssueCollector {
  override report(issue: DataIssue): void {
    super.report(issue);
    process.stderr.write(`${formatIssueLine(issue)}\n`);
  }
}

/** Dumps every event of `paths` as JSON lines on stdout; sets EXIT_INPUT when a file cannot be read. */
export async function dumpEvents(paths: readonly string[], setExitCode: (code: number) => void): Promise<void> {
  const issues = new PrintingSink();
  let events = 0;
  let readable = 0;
  for (const path of paths) {
    try {
      const format = await sniffFile(path);
      readable++;
      for await (const batch of readLogFile(path, { sink: issues, threads: 1 })) {
        let text = '';
        for (const event of batch.events) text += `${eventJson(event, format)}\n`;
        events += batch.events.length;
        await write(text);
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${printableText(`${path}: UNREADABLE_FILE ${reason}`)}\n`);
      setExitCode(EXIT_INPUT);
    }
  }
  const byCode = [...issues.countsByCode].map(([code, count]) => `${code} ${count}`).join(', ');
  process.stderr.write(
    `svchunt dump: ${events} events from ${readable} file(s); ${issues.total} issue(s)${byCode === '' ? '' : `: ${byCode}`}\n`,
  );
  setExitCode(EXIT_OK);
}
