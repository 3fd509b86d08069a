/**
 * A count with its digits grouped by thousands (`12,345`), as `toLocaleString('en')` writes an
 * integer. Written out because the first `toLocaleString` of a run loads ICU's number formatting:
 * ~20 ms of every hunt's summary, a twentieth of a short hunt.
 */
export function groupDigits(value: number): string {
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) return value.toLocaleString('en');
  const digits = String(Math.abs(value));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3)
    out = (end > 3 ? ',' : '') + digits.slice(Math.max(0, end - 3), end) + out;
  return value < 0 ? `-${out}` : out;
}
