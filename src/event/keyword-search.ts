/**
 * "Does a text contain one of these words, ignoring case?", answered as a case-insensitive Unicode
 * regular expression of the words (`/…/iu`) answers it — on a JavaScript string by that very
 * expression (V8 runs it about twice as fast as any scan written here), and on UTF-16 bytes that
 * were never decoded by the gram scan below (`src/evtx/utf16.ts`), when every word is ASCII, at
 * least three characters and without NUL (`scannable`); other words need the decoded text.
 *
 * The scan compares three-character grams folded to lower case. The only non-ASCII characters that
 * Unicode simple case folding maps onto ASCII are the Kelvin sign (`k`) and the long s (`s`); every
 * other one folds to a unit no word holds (`keyword-search.test.ts` checks this against the engine).
 * Only every `step`-th gram of a text is looked at, and each word is filed under `step` consecutive
 * grams of its own: an occurrence of a word starting anywhere then covers one looked-at gram that
 * is filed, and a filed gram is confirmed by comparing the whole word there.
 *
 * Keyword searches run on every event of their product (SigmaHQ's Mimikatz words on every Windows
 * event): decoding each EVTX event's every value for them took about a tenth of a hunt of the dense
 * bench file; the events now answer from the record bytes without a string being made.
 */
import type { FieldValue } from './field-value.js';

export const KEYWORD_GRAM_LENGTH = 3;

/** Filter bits per filed gram (a power of two), up to `MAX_FILTER_BITS`: most grams miss at one test. */
const FILTER_BITS_PER_GRAM = 64;
const MIN_FILTER_BITS = 1 << 10;
const MAX_FILTER_BITS = 1 << 18;

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

const SYNTAX = /[.*+?^${}()|[\]\\/]/g;

/** `word` as literal text inside a regular expression. */
export function escapeKeyword(word: string): string {
  return word.replace(SYNTAX, '\\$&');
}

export class KeywordSearch {
  /** Looked-at grams start at 0, step, 2 × step … of a text; 0 when the words cannot be scanned. */
  readonly step: number;
  private readonly regex: RegExp;
  private readonly byGram = new Map<number, FiledGram[]>();
  private readonly bits: Uint32Array;
  private readonly shift: number;

  private constructor(words: readonly string[], step: number) {
    this.step = step;
    this.regex = new RegExp(words.map(escapeKeyword).join('|'), 'iu');
    if (step === 0) {
      this.bits = new Uint32Array(0);
      this.shift = 32;
      return;
    }
    for (const word of new Set(words.map((w) => w.toLowerCase()))) {
      const from = rarestWindow(word, step);
      for (let at = from; at < from + step; at++) {
        const code = gramCode(word.charCodeAt(at), word.charCodeAt(at + 1), word.charCodeAt(at + 2));
        const list = this.byGram.get(code);
        if (list === undefined) this.byGram.set(code, [{ word, offset: at }]);
        else list.push({ word, offset: at });
      }
    }
    let size = MIN_FILTER_BITS;
    while (size < this.byGram.size * FILTER_BITS_PER_GRAM && size < MAX_FILTER_BITS) size *= 2;
    this.bits = new Uint32Array(size >>> 5);
    this.shift = 32 - Math.log2(size);
    for (const code of this.byGram.keys()) {
      const bit = Math.imul(code, 0x9e3779b1) >>> this.shift;
      this.bits[bit >>> 5] = (this.bits[bit >>> 5] as number) | (1 << (bit & 31));
    }
  }

  /** The search for these words (at least one, none empty). */
  static of(words: readonly string[]): KeywordSearch {
    if (words.length === 0 || words.includes('')) throw new RangeError('a keyword search needs words, none empty');
    let step = MAX_STEP;
    for (const word of words) {
      if (word.length < KEYWORD_GRAM_LENGTH || !isAsciiWithoutNul(word)) step = 0;
      else step = Math.min(step, word.length - KEYWORD_GRAM_LENGTH + 1);
    }
    return new KeywordSearch(words, step);
  }

  /** Whether undecoded UTF-16 text can be searched by grams (`filed`, `step`). */
  get scannable(): boolean {
    return this.step > 0;
  }

  /** The words filed under a gram (`gramCode` of three units), if any: the scan's one lookup. */
  filed(code: number): readonly FiledGram[] | undefined {
    const bit = Math.imul(code, 0x9e3779b1) >>> this.shift;
    return ((this.bits[bit >>> 5] as number) & (1 << (bit & 31))) === 0 ? undefined : this.byGram.get(code);
  }

  /** Whether `text` contains one of the words, ignoring case. */
  inText(text: string): boolean {
    return this.regex.test(text);
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
