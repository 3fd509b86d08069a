/**
 * The story's sentence and level. The sentence names who came from where, what was installed, what
 * it ran and what was cleaned up, leaving out what the logs do not show. The level is the highest
 * level among the story's findings, raised one step when the chain is complete — remote access,
 * a service installed and something run — because the chain says more than any event alone.
 */
import { LEVEL_ORDER, levelRank, type StoryProcess, type StoryStep } from '../report/index.js';
import { imageName } from './process-tree.js';

export interface SummaryFacts {
  readonly host: string;
  readonly accounts: readonly string[];
  readonly remoteAddresses: readonly string[];
  readonly shares: readonly string[];
  readonly services: readonly string[];
  readonly processes: readonly StoryProcess[];
  readonly steps: ReadonlySet<StoryStep>;
  readonly cleanup: readonly string[];
  readonly failedStarts: number;
  /** Services seen starting (7036, journald, sc/systemctl start), for stories without an install. */
  readonly started: readonly string[];
}

/** Names past this are cut in the sentence (Tchopper's service names are 200 characters of base64). */
const MAX_NAME = 40;
const short = (name: string): string => (name.length > MAX_NAME ? `${name.slice(0, MAX_NAME - 1)}…` : name);

const list = (items: readonly string[], max = 3, cutNames = true): string => {
  const shown = items
    .slice(0, max)
    .map((i) => (cutNames ? short(i) : i))
    .join(', ');
  return items.length <= max ? shown : `${shown} and ${items.length - max} more`;
};

/** `services.exe → cmd.exe → powershell.exe` along the first child at each level. */
function chainOf(root: StoryProcess): string {
  const names = [imageName(root.image)];
  for (let p = root.children[0]; p !== undefined && names.length < 5; p = p.children[0]) names.push(imageName(p.image));
  return names.join(' → ');
}

/** What started a service process: services.exe on Windows, systemd on Linux. */
export function serviceManagerOf(p: StoryProcess): string {
  return p.image.startsWith('/') ? 'systemd' : 'services.exe';
}

export function storySummary(f: SummaryFacts): string {
  const parts: string[] = [];
  const remote = f.steps.has('logon') || f.steps.has('share');
  if (remote) {
    const from = f.remoteAddresses.length > 0 ? ` from ${list(f.remoteAddresses, 2)}` : '';
    const who = f.accounts.length > 0 ? list(f.accounts, 2) : 'someone';
    parts.push(f.steps.has('logon') ? `${who} logged on${from}` : `${who} connected${from}`);
  }
  if (f.shares.length > 0) parts.push(`opened ${list(f.shares, 4)}`);
  const by = !remote && f.accounts.length > 0 ? ` (by ${list(f.accounts, 2)})` : '';
  if (f.services.length > 0)
    parts.push(`installed service${f.services.length === 1 ? '' : 's'} ${list(f.services)}${by}`);
  if (f.processes.length > 0) {
    const chains = [...new Set(f.processes.map((p) => `${serviceManagerOf(p)} → ${chainOf(p)}`))];
    // "which" needs something before it; a story of a service process alone says what ran it.
    parts.push(`${parts.length === 0 ? 'a service ran' : 'which ran'} ${list(chains, 2, false)}`);
  } else if (f.steps.has('start')) {
    const what = f.services.length === 0 ? `started ${list(f.started)}${by}` : 'then started them';
    parts.push(f.failedStarts > 0 ? `${what} (a start failed or timed out)` : what);
  }
  if (f.cleanup.length > 0) parts.push(`then ${list(f.cleanup, 3)}`);
  const sentence = parts.join(', ');
  return `On ${f.host}, ${sentence === '' ? 'a service was abused' : sentence}.`;
}

/** Remote access, an install and something run: the whole chain of a remote service execution. */
export function isCompleteChain(steps: ReadonlySet<StoryStep>): boolean {
  return (
    (steps.has('logon') || steps.has('share')) && steps.has('install') && (steps.has('start') || steps.has('payload'))
  );
}

export function storyLevel(findingLevels: readonly (string | null)[], steps: ReadonlySet<StoryStep>): string {
  let rank = 0;
  for (const level of findingLevels) rank = Math.max(rank, levelRank(level));
  const raised = isCompleteChain(steps) ? Math.min(rank + 1, LEVEL_ORDER.length - 1) : rank;
  return LEVEL_ORDER[raised] as string;
}
