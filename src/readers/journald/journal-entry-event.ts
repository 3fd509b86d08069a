/**
 * One systemd journal entry, from `journalctl -o json` or `-o export`, as an event of
 * `service: journald`: every journal field under its own name, plus the derived unit fields of
 * `src/event/journald-fields.ts`. Time from `__REALTIME_TIMESTAMP` (µs), host from `_HOSTNAME`,
 * record id from `__CURSOR` (or the timestamp when the export has no cursor).
 */
import {
  JOURNALD_CLASS,
  JOURNALD_DESCRIBED_MESSAGES,
  JOURNALD_SYSTEMD_RUN_UNIT,
  JOURNALD_TIME_FIELDS,
  JOURNALD_UNIT_EVENTS,
  MapEvent,
  type FieldValue,
} from '../../event/index.js';

export interface JournalSource {
  readonly file: string;
  readonly line: number;
  readonly offset: number;
}

function text(value: FieldValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** "Started U - D." → D; "Started D." (systemd before 249) → D. */
function description(message: string, unit: string | undefined): string | undefined {
  for (const verb of JOURNALD_DESCRIBED_MESSAGES) {
    if (!message.startsWith(verb)) continue;
    let rest = message.slice(verb.length);
    if (unit !== undefined && rest.startsWith(`${unit} - `)) rest = rest.slice(unit.length + 3);
    return rest.replace(/\.{1,3}$/, '');
  }
  return undefined;
}

/** Adds the derived unit fields (see journald-fields.ts) to the entry's fields. */
function addUnitFields(fields: Map<string, FieldValue>): void {
  const userUnit = text(fields.get('USER_UNIT')) ?? text(fields.get('_SYSTEMD_USER_UNIT'));
  const unit = text(fields.get('UNIT')) ?? userUnit ?? text(fields.get('_SYSTEMD_UNIT'));
  if (unit !== undefined) {
    fields.set('Unit', unit);
    fields.set('UnitManager', text(fields.get('UNIT')) === undefined && userUnit !== undefined ? 'user' : 'system');
    const dot = unit.lastIndexOf('.');
    if (dot > 0) fields.set('UnitType', unit.slice(dot + 1));
    if (JOURNALD_SYSTEMD_RUN_UNIT.test(unit)) fields.set('UnitTransient', 'systemd-run');
  }
  const messageId = text(fields.get('MESSAGE_ID'));
  const event = messageId === undefined ? undefined : JOURNALD_UNIT_EVENTS[messageId];
  if (event !== undefined) fields.set('UnitEvent', event);
  const message = text(fields.get('MESSAGE'));
  const described = message === undefined || event === undefined ? undefined : description(message, unit);
  if (described !== undefined) fields.set('UnitDescription', described);
}

function epochMs(fields: Map<string, FieldValue>): number {
  for (const name of JOURNALD_TIME_FIELDS) {
    const micros = text(fields.get(name));
    if (micros !== undefined && /^\d+$/.test(micros)) return Math.floor(Number(micros) / 1000);
  }
  return Number.NaN;
}

/** The event of one entry; `fields` becomes the event's and gains the derived fields. */
export function journalEntryEvent(fields: Map<string, FieldValue>, source: JournalSource): MapEvent {
  addUnitFields(fields);
  const recordId = text(fields.get('__CURSOR')) ?? text(fields.get('__REALTIME_TIMESTAMP'));
  return new MapEvent(fields, JOURNALD_CLASS, epochMs(fields), text(fields.get('_HOSTNAME')), {
    file: source.file,
    offset: source.offset,
    line: source.line,
    ...(recordId === undefined ? {} : { recordId }),
  });
}
