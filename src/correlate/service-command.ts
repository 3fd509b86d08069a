/**
 * Reads the service a command manages from its command line: `sc [\\host] create|config|start|stop|
 * delete|failure NAME`, `net start|stop NAME`, `systemctl start|enable|restart|stop|disable|
 * daemon-reload [UNIT]`, PowerShell `New-Service`/`Start-Service`/`Stop-Service`/`Remove-Service -Name`.
 * The verb decides the story step: install (create, config), start, or clean-up (stop, delete).
 */
import type { StoryStep } from '../report/index.js';
import { imageName } from './process-tree.js';

export interface ServiceCommand {
  readonly verb: string;
  /** Lower-cased; a systemd unit without its `.service` suffix. Null for `daemon-reload`. */
  readonly service: string | null;
  readonly step: StoryStep;
}

const SC_STEPS: Readonly<Record<string, StoryStep>> = {
  create: 'install',
  config: 'install',
  failure: 'install',
  sdset: 'install',
  start: 'start',
  stop: 'cleanup',
  delete: 'cleanup',
};

const SYSTEMCTL_STEPS: Readonly<Record<string, StoryStep>> = {
  'daemon-reload': 'install',
  link: 'install',
  enable: 'start',
  start: 'start',
  restart: 'start',
  reenable: 'start',
  stop: 'cleanup',
  disable: 'cleanup',
  mask: 'cleanup',
};

const POWERSHELL = /\b(new|start|stop|remove|set)-service\b[^|;]*?-name\s+['"]?([\w.$-]+)/i;
const POWERSHELL_STEPS: Readonly<Record<string, StoryStep>> = {
  new: 'install',
  set: 'install',
  start: 'start',
  stop: 'cleanup',
  remove: 'cleanup',
};

/** `foo.service` → `foo`; other names lower-cased as they are. */
export function serviceNameKey(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.service') ? lower.slice(0, -'.service'.length) : lower;
}

function words(commandLine: string): string[] {
  return commandLine.match(/"[^"]*"|\S+/g)?.map((w) => w.replace(/"/g, '')) ?? [];
}

export function serviceCommandOf(image: string, commandLine: string | null): ServiceCommand | undefined {
  if (commandLine === null) return undefined;
  const program = imageName(image);
  const args = words(commandLine).slice(1);
  if (program === 'sc.exe' || program === 'sc') {
    if (args[0]?.startsWith('\\\\')) args.shift();
    const verb = args[0]?.toLowerCase() ?? '';
    const step = SC_STEPS[verb];
    const name = args[1];
    return step === undefined || name === undefined
      ? undefined
      : { verb: `sc ${verb}`, service: serviceNameKey(name), step };
  }
  if (program === 'net.exe' || program === 'net1.exe') {
    const verb = args[0]?.toLowerCase() ?? '';
    // The name may have spaces (`net start Contoso Backup`); switches (`/y`) are not part of it.
    const name = args
      .slice(1)
      .filter((a) => !a.startsWith('/'))
      .join(' ');
    if ((verb !== 'start' && verb !== 'stop') || name === '') return undefined;
    return { verb: `net ${verb}`, service: serviceNameKey(name), step: verb === 'start' ? 'start' : 'cleanup' };
  }
  if (program === 'systemctl') {
    const rest = args.filter((a) => !a.startsWith('-'));
    const verb = rest[0]?.toLowerCase() ?? '';
    const step = SYSTEMCTL_STEPS[verb];
    if (step === undefined) return undefined;
    const unit = rest[1];
    return {
      verb: `systemctl ${verb}`,
      service: unit === undefined ? null : serviceNameKey(unit.slice(unit.lastIndexOf('/') + 1)),
      step,
    };
  }
  const ps = POWERSHELL.exec(commandLine);
  if (ps !== null) {
    const verb = (ps[1] as string).toLowerCase();
    return {
      verb: `${verb}-service`,
      service: serviceNameKey(ps[2] as string),
      step: POWERSHELL_STEPS[verb] as StoryStep,
    };
  }
  return undefined;
}
