/**
 * Compares a service's configured program (7045 ImagePath, 4697 ServiceFileName, the registry
 * ImagePath value) with a process started later, after both are written the same way: environment
 * variables expanded as the Service Control Manager sees them (as LocalSystem: `%TEMP%` is
 * `C:\Windows\TEMP`), NT prefixes and quotes dropped, case and runs of spaces folded.
 */
import { imageName } from './process-tree.js';

const ENVIRONMENT: readonly (readonly [RegExp, string])[] = [
  [/%%/g, '%'], // Sysmon writes the registry value's `%` doubled in some exports
  [/%(systemroot|windir)%/gi, 'c:\\windows'],
  [/%comspec%/gi, 'c:\\windows\\system32\\cmd.exe'],
  [/%(temp|tmp)%/gi, 'c:\\windows\\temp'],
  [/%systemdrive%/gi, 'c:'],
  [/%programfiles%/gi, 'c:\\program files'],
  [/%programfiles\(x86\)%/gi, 'c:\\program files (x86)'],
  [/%programdata%/gi, 'c:\\programdata'],
  [/^\\\?\?\\/, ''],
  [/^\\systemroot\\/i, 'c:\\windows\\'],
  [/^system32\\/i, 'c:\\windows\\system32\\'],
];

/** The comparable form of a program path or command line. */
export function normalizeCommand(text: string): string {
  let out = text.trim();
  for (const [pattern, value] of ENVIRONMENT) out = out.replace(pattern, value);
  return out.replace(/"/g, '').replace(/\s+/g, ' ').toLowerCase().trim();
}

/** Splits a normalized command into its program and arguments (the program ends at `.exe` or the first space). */
export function splitCommand(normalized: string): { readonly program: string; readonly args: string } {
  const exe = /^(.*?\.(?:exe|com|bat|cmd|sys))(?:\s|$)/.exec(normalized);
  const program = exe?.[1] ?? normalized.split(' ')[0] ?? '';
  return { program, args: normalized.slice(program.length).trim() };
}

/** Arguments long enough to identify a command are compared on this many characters (both sides may be clipped). */
const ARG_PREFIX = 256;

/**
 * True when the process is what the service program runs: the same program (the full path when the
 * service names a folder, else the file name) with the same arguments, if the service gives any.
 */
export function runsServiceProgram(serviceImage: string, image: string, commandLine: string | null): boolean {
  const service = splitCommand(normalizeCommand(serviceImage));
  if (service.program === '') return false;
  const processImage = normalizeCommand(image);
  const samePath = service.program.includes('\\')
    ? service.program === processImage
    : imageName(service.program) === imageName(processImage);
  if (!samePath) return false;
  if (service.args === '') return true;
  const args = splitCommand(normalizeCommand(commandLine ?? '')).args;
  const n = Math.min(ARG_PREFIX, service.args.length, args.length);
  return n > 0 && service.args.slice(0, n) === args.slice(0, n);
}
