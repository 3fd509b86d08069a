/**
 * Wildcard matching for the general case (`a*b?c*d`): the pattern is split at `*` into segments
 * (which may hold `?`); the first is anchored at the start, the last at the end, and the middle ones
 * are found leftmost-first, which is complete for `*`-separated segments and linear in practice.
 * No regular expression is involved, so no input can make it backtrack catastrophically.
 */
import type { SigmaString } from '../modifiers/sigma-string.js';

/** Text between stars: `pieces` joined by exactly one any-character (`?`) each. */
class Segment {
  readonly pieces: readonly string[];
  readonly length: number;

  constructor(pieces: readonly string[]) {
    this.pieces = pieces;
    this.length = pieces.reduce((sum, piece) => sum + piece.length, 0) + pieces.length - 1;
  }

  matchesAt(s: string, at: number): boolean {
    if (at + this.length > s.length) return false;
    let pos = at;
    for (const piece of this.pieces) {
      if (!s.startsWith(piece, pos)) return false;
      pos += piece.length + 1;
    }
    return true;
  }

  find(s: string, from: number): number {
    if (this.pieces.length === 1) return s.indexOf(this.pieces[0] as string, from);
    for (let at = from; at + this.length <= s.length; at++) if (this.matchesAt(s, at)) return at;
    return -1;
  }
}

/** Compiles a wildcard pattern; `fold` lower-cases its text when matching is case-insensitive. */
export function compileGlob(pattern: SigmaString, fold: (s: string) => string): (s: string) => boolean {
  const segments: Segment[] = [];
  let pieces = [''];
  for (const part of pattern) {
    if (part.kind === 'star') {
      segments.push(new Segment(pieces));
      pieces = [''];
    } else if (part.kind === 'one') {
      pieces.push('');
    } else if (part.kind === 'text') {
      pieces[pieces.length - 1] += fold(part.text);
    }
  }
  segments.push(new Segment(pieces));
  const first = segments[0] as Segment;
  if (segments.length === 1) return (s) => s.length === first.length && first.matchesAt(s, 0);
  const last = segments[segments.length - 1] as Segment;
  const middle = segments.slice(1, -1).filter((seg) => seg.length > 0);
  return (s) => {
    if (!first.matchesAt(s, 0)) return false;
    let pos = first.length;
    for (const seg of middle) {
      const at = seg.find(s, pos);
      if (at < 0) return false;
      pos = at + seg.length;
    }
    const end = s.length - last.length;
    return end >= pos && last.matchesAt(s, end);
  };
}
