/**
 * The time modifiers of Sigma v2.1 (`minute`, `hour`, `day`, `week`, `month`, `year`): read the
 * field as a UTC date-time and take one part of it. The specification defines no time zone or
 * format; we read ISO-8601 and the `YYYY-MM-DD HH:MM:SS.fff` form Sysmon writes, as UTC, and number
 * weeks the ISO way.
 */
import type { TimeModifier } from '../modifiers/modifier-chain.js';

function parseUtc(text: string): Date | undefined {
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function isoWeek(date: Date): number {
  // The ISO week is the week of the Thursday in the same Monday-to-Sunday week.
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 4 - (thursday.getUTCDay() || 7));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** The part of a date-time text, or undefined when the text is no date. */
export function timePart(text: string, part: TimeModifier): number | undefined {
  const date = parseUtc(text);
  if (date === undefined) return undefined;
  switch (part) {
    case 'minute':
      return date.getUTCMinutes();
    case 'hour':
      return date.getUTCHours();
    case 'day':
      return date.getUTCDate();
    case 'week':
      return isoWeek(date);
    case 'month':
      return date.getUTCMonth() + 1;
    case 'year':
      return date.getUTCFullYear();
    default: {
      const never: never = part;
      return never;
    }
  }
}
