/**
 * The event data value a Winlogbeat module moved or rewrote, read back from an ECS document in the
 * form the mapping names (`EcsMovedValueForm` in `event/ecs-windows-fields.ts`). Each form returns
 * the text the event held, or undefined when the document does not say it exactly: a value is
 * never guessed.
 */
import type { EcsMovedDataSource, EcsMovedValueForm } from '../../event/index.js';
import { ecsPath, lookup, type EcsPath } from './ecs-path.js';
import { isJsonObject, type JsonObject } from './json-shape.js';

/** One moved field's source, its paths split once. */
export interface MovedData {
  readonly field: string;
  readonly paths: readonly EcsPath[];
  readonly form: EcsMovedValueForm;
  readonly values: Readonly<Record<string, string>> | undefined;
  readonly labels: readonly string[];
  readonly marks: readonly [string, string] | undefined;
}

export function movedData(source: EcsMovedDataSource): MovedData {
  return {
    field: source.field,
    paths: source.from.map(ecsPath),
    form: source.form,
    values: source.values,
    labels: source.labels ?? [],
    marks: source.marks,
  };
}

export function isAbsent(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || value === '';
}

/** ECS keyword fields may be lists: a one-item list stands for its item, as the event held one value. */
function single(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

/**
 * Sysmon's `Details` from what the module made of it: the text itself, except that a DWORD became
 * its decimal (`DWORD (0x00000001)` → `1`, turned back here) and a QWORD a number that cannot be.
 */
function registryDetails(strings: unknown, type: unknown): unknown {
  const text = single(strings);
  if (type === 'SZ_QWORD') return undefined;
  if (type !== 'SZ_DWORD') return text;
  const dword = typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return Number.isInteger(dword) && dword <= 0xffffffff
    ? `DWORD (0x${dword.toString(16).padStart(8, '0')})`
    : undefined;
}

const HEX_DIGITS = /^[0-9a-f]+$/i;

/**
 * `LABEL=HEX,…` in label order from the first place holding a hash. The module lower-cased what
 * Sysmon wrote in upper case; a value that is not hexadecimal was not a Sysmon hash.
 */
function sysmonHashes(document: JsonObject, data: MovedData): string | undefined {
  const width = data.labels.length;
  for (let place = 0; place + width <= data.paths.length; place += width) {
    const parts: string[] = [];
    for (let i = 0; i < width; i++) {
      const hash = single(lookup(document, data.paths[place + i]!));
      if (isAbsent(hash)) continue;
      if (typeof hash !== 'string' || !HEX_DIGITS.test(hash)) return undefined;
      parts.push(`${data.labels[i]!}=${hash.toUpperCase()}`);
    }
    if (parts.length > 0) return parts.join(',');
  }
  return undefined;
}

/** A process ID as Windows writes it in Security events: `0x` and lower-case hexadecimal. */
function hexNumber(value: unknown): string | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? `0x${n.toString(16)}` : undefined;
}

/** The values in order, as many as are there before the first gap; one value as itself. */
function listed(document: JsonObject, paths: readonly EcsPath[]): unknown {
  const items: unknown[] = [];
  for (const path of paths) {
    const value = lookup(document, path);
    if (value === undefined) break;
    items.push(value);
  }
  // A value after a gap has lost its position in the list.
  for (let i = items.length + 1; i < paths.length; i++) if (lookup(document, paths[i]!) !== undefined) return undefined;
  if (items.length === 0) return undefined;
  return items.length === 1 ? items[0] : items;
}

/** A code the module left as a number, or the code of the name it wrote. */
function codeOfName(value: unknown, codes: Readonly<Record<string, string>> | undefined): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  if (/^\d+$/.test(value)) return value;
  return codes !== undefined && Object.hasOwn(codes, value) ? codes[value] : undefined;
}

/** The rendered message with Windows line ends read as `\n`, as Winlogbeat's XML rendering gives them. */
function messageText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.includes('\r') ? value.replaceAll('\r\n', '\n') : value;
}

/** Where `text` occurs in `message`, when it occurs exactly once. */
function onlyIndex(message: string, text: string): number | undefined {
  const at = message.indexOf(text);
  return at < 0 || message.indexOf(text, at + 1) >= 0 ? undefined : at;
}

/** The text of the one line `<label>: <text>` below the message's title line. */
function messageLine(value: unknown, label: string): string | undefined {
  const message = messageText(value);
  if (message === undefined) return undefined;
  const head = `\n${label}: `;
  const at = onlyIndex(message, head);
  if (at === undefined) return undefined;
  const start = at + head.length;
  const end = message.indexOf('\n', start);
  return end < 0 ? message.slice(start) : message.slice(start, end);
}

/** The text between the two marks of the message, each found once ('' stands for the start). */
function messagePart(value: unknown, marks: readonly [string, string] | undefined): string | undefined {
  const message = messageText(value);
  if (message === undefined || marks === undefined) return undefined;
  const [before, after] = marks;
  const at = before === '' ? 0 : onlyIndex(message, before);
  const end = onlyIndex(message, after);
  if (at === undefined || end === undefined) return undefined;
  const start = before === '' ? 0 : at + before.length;
  return end < start ? undefined : message.slice(start, end);
}

/**
 * One `Payload` line from the object the powershell module parsed it into: `Type(Command): value`,
 * `ParameterBinding(Command): name=…; value=…`, or a line it could not parse, kept as `value`.
 * PowerShell writes one space after `:` and `;`; where the module kept no value, the line's end is
 * unknown.
 */
function invocationLine(detail: unknown): string | undefined {
  if (!isJsonObject(detail)) return undefined;
  const { type, related_command: command, name, value } = detail;
  if (type === undefined) return typeof value === 'string' ? value : undefined;
  if (typeof type !== 'string' || typeof command !== 'string' || typeof value !== 'string') return undefined;
  if (name === undefined) return `${type}(${command}): ${value}`;
  return typeof name === 'string' ? `${type}(${command}): name=${name}; value=${value}` : undefined;
}

/** `Payload` as the module read it: its lines, split at `\n`, back together. */
function invocationPayload(details: unknown): string | undefined {
  if (!Array.isArray(details) || details.length === 0) return undefined;
  const lines: string[] = [];
  for (const detail of details) {
    const line = invocationLine(detail);
    if (line === undefined) return undefined;
    lines.push(line);
  }
  return lines.join('\n');
}

/** The event's own value of one moved field, or undefined when the document does not hold it. */
export function movedValue(document: JsonObject, data: MovedData): unknown {
  const first = data.paths[0]!;
  switch (data.form) {
    case 'value': {
      const value = single(lookup(document, first));
      if (data.values === undefined || isAbsent(value)) return value;
      return typeof value === 'string' && Object.hasOwn(data.values, value) ? data.values[value] : undefined;
    }
    case 'account': {
      const parts: string[] = [];
      for (const path of data.paths) {
        const part = lookup(document, path);
        if (typeof part === 'string' && part !== '') parts.push(part);
      }
      return parts.length === 0 ? undefined : parts.join('\\');
    }
    case 'registry-details':
      return registryDetails(lookup(document, first), lookup(document, data.paths[1]!));
    case 'hashes':
      return sysmonHashes(document, data);
    case 'hex':
      return hexNumber(single(lookup(document, first)));
    case 'list':
      return listed(document, data.paths);
    case 'code-name':
      return codeOfName(single(lookup(document, first)), data.values);
    case 'message-line':
      return messageLine(lookup(document, first), data.field);
    case 'message-part':
      return messagePart(lookup(document, first), data.marks);
    case 'invocation-details':
      return invocationPayload(lookup(document, first));
    default: {
      const unknownForm: never = data.form;
      throw new TypeError(`unknown moved value form ${String(unknownForm)}`);
    }
  }
}
