/**
 * The time range an event can have: what a JavaScript Date holds, ±100,000,000 days from 1970
 * (ECMA-262, "Time Values and Time Range"). A corrupt or crafted time past it (an audit record
 * stamped `audit(99999999999999.000:7)`) is no usable time: formatting it would throw.
 */
export const MAX_TIME_MS = 8.64e15;

/** `ms` when a Date can hold it, else NaN (also for NaN and ±Infinity). */
export function usableTime(ms: number): number {
  return Math.abs(ms) <= MAX_TIME_MS ? ms : Number.NaN;
}
