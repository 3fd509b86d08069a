/**
 * A Sigma string value as parts: literal text, the wildcards `*` and `?`, and `%placeholders%`
 * (only recognised under `|expand`). Escaping follows the rules specification: `\*`, `\?` and `\\`
 * are the escapes; a backslash before any other character is itself a literal backslash, so Windows
 * paths need no escaping (`C:\Windows` stays as written) while `\\*` is a backslash then a wildcard.
 */
export type StringPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'star' }
  | { readonly kind: 'one' }
  | { readonly kind: 'placeholder'; readonly name: string };

export type SigmaString = readonly StringPart[];

export const STAR: StringPart = { kind: 'star' };
export const ONE: StringPart = { kind: 'one' };

/** Appends text, merging with a preceding text part so shapes stay canonical. */
export function pushText(parts: StringPart[], text: string): void {
  if (text === '') return;
  const last = parts[parts.length - 1];
  if (last?.kind === 'text') parts[parts.length - 1] = { kind: 'text', text: last.text + text };
  else parts.push({ kind: 'text', text });
}

/** Parses a rule value; with `placeholders`, `%name%` becomes a placeholder and `\%` a literal `%`. */
export function parseSigmaString(value: string, placeholders: boolean): SigmaString {
  const parts: StringPart[] = [];
  let text = '';
  const flush = (): void => {
    pushText(parts, text);
    text = '';
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '\\') {
      const next = value[i + 1];
      if (next === '*' || next === '?' || next === '\\' || (placeholders && next === '%')) {
        text += next;
        i++;
      } else {
        text += '\\';
      }
    } else if (c === '*') {
      flush();
      parts.push(STAR);
    } else if (c === '?') {
      flush();
      parts.push(ONE);
    } else if (c === '%' && placeholders) {
      const end = value.indexOf('%', i + 1);
      const name = end > i + 1 ? value.slice(i + 1, end) : '';
      if (/^[A-Za-z0-9_.-]+$/.test(name)) {
        flush();
        parts.push({ kind: 'placeholder', name });
        i = end;
      } else {
        text += c;
      }
    } else {
      text += c;
    }
  }
  flush();
  return parts;
}

export function hasWildcards(value: SigmaString): boolean {
  return value.some((part) => part.kind === 'star' || part.kind === 'one');
}

/** The literal text of a wildcard-free value. */
export function plainText(value: SigmaString): string {
  return value.map((part) => (part.kind === 'text' ? part.text : '')).join('');
}

/** Renders back to Sigma syntax (escaping what needs it), for messages and converters. */
export function formatSigmaString(value: SigmaString): string {
  return value
    .map((part) => {
      switch (part.kind) {
        case 'text':
          return part.text.replace(/\\(?=[*?\\]|$)|[*?]/g, (m) => `\\${m}`);
        case 'star':
          return '*';
        case 'one':
          return '?';
        case 'placeholder':
          return `%${part.name}%`;
        default: {
          const never: never = part;
          return never;
        }
      }
    })
    .join('');
}
