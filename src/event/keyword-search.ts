/**
 * A fast test of "a text contains one of these words, ignoring case", as a case-insensitive
 * Unicode regular expression of the words (`/…/iu`) would answer it, made for reading values
 * without decoding them. Words are ASCII, at least three characters, without NUL. Text is compared
 * in three-character grams folded to lower case; the only non-ASCII characters that Unicode simple
 * case folding maps onto ASCII are the Kelvin sign (`k`) and the long s (`s`), and every other one
 * folds to a unit no word holds (`keyword-search.test.ts` checks this against the engine).
 *
 * Only every `step`-th gram of a text is looked at, and each word is filed under `step`
 * consecutive grams of its own: an occurrence of a word starting anywhere then covers one
 * looked-at gram that is filed, and a filed gram is confirmed by comparing the whole word there.
 *
 * Keyword searches run on every event of their product (SigmaHQ's Mimikatz words on every Windows
 * event): decoding each event's every value for them took about a tenth of a hunt of the dense
 * bench file; EVTX events now answer from the record bytes without a string being made.
 */
import type { FieldValue } from './field-value.js';

export const KEYWORD_GRAM_LENGTH = 3;

/** Bits of the filter; a hashed gram set (the grams of a few dozen words keep it sparse). */
const FILTER_BITS_LOG2 = 18;
const FILTER_SHIFT = 32 - FILTER_BITS_LOG2;

/** Whether `word` (folded) is in `text` at `start`, ignoring case. */
function wordInText(text: string, start: number, word: string): boolean {
  if (start < 0 || start + word.length > text.length) return false;
  for (let i = 0; i < word.length; i++) if (foldUnit(text.charCodeAt(start + i)) !== word.charCodeAt(i)) return false;
  return true;
}

/** A unit no folded word holds: what every non-ASCII unit folds to but two. */
const FOLDS_TO_NO_WORD = 0x80;

/** A UTF-16 unit as words are compared with it: ASCII letters in lower case (see the header). */
export function foldUnit(unit: number): number {
  if (unit < 0x80) return unit >= 0x41 && unit <= 0x5a ? unit | 0x20 : unit;
  if (unit === 0x212a) return 0x6b; // KELVIN SIGN
  if (unit === 0x017f) return 0x73; // LATIN SMALL LETTER LONG S
  return FOLDS_TO_NO_WORD;
}

function isAsciiWithoutNul(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const unit = word.charCodeAt(i);
    if (unit === 0 || unit >= 0x80) return false;
  }
  return true;
}

/** Three folded units as one gram code (8 bits each). */
export function gramCode(a: number, b: number, c: number): number {
  return (foldUnit(a) << 16) | (foldUnit(b) << 8) | foldUnit(c);
}

/** Grams looked at: one in this many at most (more words' grams filed, fewer tests per text). */
const MAX_STEP = 8;

/** Grams of `word` at `from` … `from + step − 1` that hold a character other than a letter. */
function windowRarity(word: string, from: number, step: number): number {
  let count = 0;
  for (let at = from; at < from + step; at++) if (/[^a-z]/i.test(word.slice(at, at + KEYWORD_GRAM_LENGTH))) count++;
  return count;
}

/**
 * Where a word's filed grams start: any `step` consecutive grams cover every occurrence, and grams
 * with punctuation or digits are rarer in log text than letters (`privilege::debug` is filed under
 * `ge:` … `bug` rather than `pri` … `ege`, which every `SeSecurityPrivilege` holds).
 */
function rarestWindow(word: string, step: number): number {
  let best = 0;
  let bestRarity = -1;
  for (let from = 0; from + step + KEYWORD_GRAM_LENGTH - 1 <= word.length; from++) {
    const rarity = windowRarity(word, from, step);
    if (rarity > bestRarity) {
      best = from;
      bestRarity = rarity;
    }
  }
  return best;
}

/** A word filed under one of its grams. */
export interface FiledGram {
  /** The word, ASCII letters in lower case. */
  readonly word: string;
  /** Where the gram starts in the word. */
  readonly offset: number;
}

export class KeywordSearch {
  /** Looked-at grams start at 0, step, 2 × step … of a text. */
  readonly step: number;
  private readonly bits = new Uint32Array((1 << FILTER_BITS_LOG2) >>> 5);
  private readonly byGram = new Map<number, FiledGram[]>();

  private constructor(words: readonly string[], step: number) {
    this.step = step;
    for (const word of new Set(words.map((w) => w.toLowerCase()))) {
      const from = rarestWindow(word, step);
      for (let at = from; at < from + step; at++) {
        const code = gramCode(word.charCodeAt(at), word.charCodeAt(at + 1), word.charCodeAt(at + 2));
        const bit = Math.imul(code, 0x9e3779b1) >>> FILTER_SHIFT;
        this.bits[bit >>> 5] = (this.bits[bit >>> 5] as number) | (1 << (bit & 31));
        const list = this.byGram.get(code);
        if (list === undefined) this.byGram.set(code, [{ word, offset: at }]);
        else list.push({ word, offset: at });
      }
    }
  }

  /** The search for these words; undefined when one is shorter than a gram, not ASCII or holds a NUL. */
  static of(words: readonly string[]): KeywordSearch | undefined {
    if (words.length === 0) return undefined;
    let step = MAX_STEP;
    for (const word of words) {
      if (word.length < KEYWORD_GRAM_LENGTH || !isAsciiWithoutNul(word)) return undefined;
      step = Math.min(step, word.length - KEYWORD_GRAM_LENGTH + 1);
    }
    return new KeywordSearch(words, step);
  }

  /** The words filed under a gram (`gramCode` of three ASCII units), if any. */
  filed(code: number): readonly FiledGram[] | undefined {
    const bit = Math.imul(code, 0x9e3779b1) >>> FILTER_SHIFT;
    return ((this.bits[bit >>> 5] as number) & (1 << (bit & 31))) === 0 ? undefined : this.byGram.get(code);
  }

  /** Whether `text` contains one of the words, ignoring case. */
  inText(text: string): boolean {
    const step = this.step;
    for (let at = 0; at + KEYWORD_GRAM_LENGTH <= text.length; at += step) {
      const filed = this.filed(gramCode(text.charCodeAt(at), text.charCodeAt(at + 1), text.charCodeAt(at + 2)));
      if (filed === undefined) continue;
      for (const { word, offset } of filed) if (wordInText(text, at - offset, word)) return true;
    }
    return false;
  }

  /** `inText` of a field value's text, or of each item's (null holds nothing). */
  inValue(value: FieldValue | undefined): boolean {
    if (value === undefined || value === null) return false;
    if (typeof value === 'string') return this.inText(value);
    if (Array.isArray(value)) {
      for (const item of value as readonly unknown[]) {
        if (item !== null && this.inText(typeof item === 'string' ? item : String(item))) return true;
      }
      return false;
    }
    return this.inText(String(value));
  }
}
