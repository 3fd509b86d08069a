/**
 * The terminal view of attack stories: per story a heading (id, level, host, time span), its
 * summary sentence, the techniques along the way with their mitigations and SP 800-53 controls, the
 * process tree its services ran, then its events in time order with their step.
 */
import { printableText } from '../event/index.js';
import { cutToWidth, displayWidth } from './display-width.js';
import { isoTime } from './finding.js';
import type { Story, StoryProcess } from './story.js';

export interface StoryTableOptions {
  readonly width: number;
  readonly color: boolean;
  /** Technique id → its name, for the techniques line. */
  readonly techniqueName: (id: string) => string | undefined;
  readonly levelColour: (level: string, text: string) => string;
}

const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

/** Log text as printed: white space folded (command lines carry tabs and newlines), escapes shown. */
const fold = (text: string): string => printableText(text).trim();

const clock = (time: number): string => (isoTime(time) ?? '-').replace('T', ' ').replace('Z', '');

function treeLines(p: StoryProcess, depth: number, width: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  const arrow = depth === 0 ? `${p.image.startsWith('/') ? 'systemd' : 'services.exe'} → ` : '└ ';
  out.push(cutToWidth(`    ${indent}${arrow}${fold(p.commandLine ?? p.image)}`, width));
  for (const child of p.children) treeLines(child, depth + 1, width, out);
}

/** Columns a story heading keeps for the host before the time span moves to a line of its own. */
const MIN_HOST_COLUMNS = 12;

/**
 * Wraps `items` joined by `sep` into lines of at most `width` display columns, each line after the
 * first indented under the label; an item longer than a whole line is cut to it.
 */
function wrap(label: string, items: readonly string[], sep: string, width: number): string[] {
  const lines: string[] = [];
  let line = label;
  const pad = ' '.repeat(label.length);
  items.forEach((item, i) => {
    const piece = i === 0 ? item : `${sep}${item}`;
    if (displayWidth(line) + displayWidth(piece) > width && line !== label) {
      lines.push(line.trimEnd());
      line = pad + item;
    } else line += piece;
  });
  lines.push(items.length === 0 ? `${label}-` : line);
  return lines.map((l) => cutToWidth(l, width));
}

export function storyTableLines(stories: readonly Story[], o: StoryTableOptions): string[] {
  const bold = (text: string): string => (o.color ? `${BOLD}${text}${RESET}` : text);
  if (stories.length === 0) return [bold('Attack stories'), '  none'];
  const lines = [bold(`Attack stories (${stories.length})`)];
  for (const s of stories) {
    lines.push('');
    // The host is the one part of the heading of any length: it gives way to the width.
    const [start, end] = [clock(s.first), clock(s.last)];
    const span = `${start} → ${end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : end}`;
    // On a narrow terminal the time span goes on a line of its own rather than past the width.
    const head = `■ ${s.id}  ${s.level}  `;
    const hostRoom = o.width - displayWidth(`${head}  ${span}`);
    const spanBelow = hostRoom < MIN_HOST_COLUMNS;
    const host = cutToWidth(fold(s.host), spanBelow ? Math.max(1, o.width - displayWidth(head)) : hostRoom);
    const heading = `${bold(`■ ${s.id}`)}  ${o.levelColour(s.level, s.level)}  ${host}`;
    if (spanBelow) lines.push(heading, cutToWidth(`  ${span}`, o.width));
    else lines.push(`${heading}  ${span}`);
    lines.push(...wrap('  ', fold(s.summary).split(' '), ' ', o.width));
    const named = s.techniques.map((t) => {
      const name = o.techniqueName(t);
      return name === undefined ? t : `${t} ${name}`;
    });
    lines.push(...wrap('  techniques:  ', named, ' → ', o.width));
    lines.push(
      ...wrap(
        '  tactics:     ',
        s.attack.tactics.map((t) => t.name),
        ', ',
        o.width,
      ),
    );
    lines.push(
      ...wrap(
        '  mitigations: ',
        s.attack.mitigations.map((m) => `${m.id} ${m.name}`),
        '; ',
        o.width,
      ),
    );
    lines.push(
      ...wrap(
        '  NIST 800-53: ',
        s.attack.controls.map((c) => c.id),
        ', ',
        o.width,
      ),
    );
    lines.push(
      ...wrap(
        '  steps:       ',
        s.steps.map((x) => `${x.step} ${x.events}`),
        ' · ',
        o.width,
      ),
    );
    if (s.processes.length > 0) {
      lines.push('  process tree:');
      for (const p of s.processes) treeLines(p, 0, o.width, lines);
    }
    lines.push(
      `  ${bold(cutToWidth('TIME (UTC)    STEP     EVENT  WHAT  [RULES THAT MATCHED]', Math.max(1, o.width - 2)))}`,
    );
    for (const e of s.events) {
      const event = `${e.eventId ?? '-'}`.padEnd(6);
      const rules = e.rules.length > 0 ? `  [${fold(e.rules.join('; '))}]` : '';
      lines.push(
        cutToWidth(`  ${clock(e.time).slice(11)}  ${e.step.padEnd(8)} ${event} ${fold(e.what)}${rules}`, o.width),
      );
    }
    if (s.omittedEvents > 0) lines.push(`    … ${s.omittedEvents} more events (counted in the steps above)`);
  }
  return lines;
}
