// Token counts without a tokenizer.
//
// Why an estimate: the prices only need a token count to a few percent, the newer Claude tokenizer
// (4.7+ / Haiku 5.5 / Sonnet 5+) is not public at all, and bundling a BPE vocabulary would add megabytes to the
// extension and the CLI for a number we then multiply by an assumed volume anyway. So text is split into the
// pieces a byte-pair tokenizer treats alike (words, identifier parts, digit runs, punctuation runs, whitespace,
// non-Latin characters) and each piece costs a calibrated number of tokens. The weights were fitted against
// @anthropic-ai/tokenizer (the published legacy Claude tokenizer) on test/fixtures/usage/token-corpus;
// test/unit/cost-tokens.test.ts keeps the measured error from growing. The newer generation counts the same
// text as about 30% more tokens (DESIGN.md), so it is the legacy estimate × 1.30.

import type { TokenizerGeneration } from './prices';

export interface TokenWeights {
  /** Letters a lowercase word may have and still be one token. */
  wordFree: number;
  /** Tokens per letter beyond `wordFree`. */
  wordExtra: number;
  /** Tokens per letter of an ALL-CAPS word (these split far more). */
  capsPerLetter: number;
  /** Extra tokens for a capitalised word (first letter upper-case) over its lowercase form. */
  capitalExtra: number;
  /** Digits per token. */
  digitsPerToken: number;
  /** A punctuation run: first character, then each further character. */
  punctFirst: number;
  punctRest: number;
  /** A line break run (consecutive newlines count once, plus `newlineRest` each further newline). */
  newline: number;
  newlineRest: number;
  /** A run of two or more spaces/tabs (indentation): base, plus per 4 columns. */
  indent: number;
  indentPer4: number;
  /** Per non-ASCII character by class. */
  cjk: number;
  latinExtended: number;
  otherNonAscii: number;
  /** Per letter of a Cyrillic, Greek, Hebrew or Arabic word. */
  nonLatinLetter: number;
  /** Astral-plane characters (emoji) per code point. */
  astral: number;
}

/** Fitted on the token corpus (see docs/pricing.md for the measured error). */
export const LEGACY_WEIGHTS: TokenWeights = {
  wordFree: 8.8,
  wordExtra: 0.5,
  capsPerLetter: 0.3,
  capitalExtra: 0.55,
  digitsPerToken: 3,
  punctFirst: 0.8,
  punctRest: 0.2,
  newline: 1.65,
  newlineRest: 0.3,
  indent: 0.1,
  indentPer4: 0,
  cjk: 0.8,
  latinExtended: 3,
  otherNonAscii: 5.75,
  astral: 3.65,
  nonLatinLetter: 0.6,
};

/** The newer tokenizer counts about 30% more tokens for the same text (DESIGN.md). */
export const GENERATION_FACTOR: Record<TokenizerGeneration, number> = {
  'claude-legacy': 1,
  'claude-2026': 1.3,
  // OpenAI's o200k/cl100k tokenizers are close to the legacy Claude one on English and code; good enough for
  // the "current" column, which is the only place OpenAI models are priced.
  openai: 1,
};

// One piece per match, in the order a reader scans the text.
const PIECE =
  /([\u0370-\u03ff\u0400-\u052f\u0590-\u06ff]+)|(\p{Lu}{2,}(?!\p{Ll}))|(\p{Lu}?\p{Ll}+)|(\p{Lu})|(\d+)|(\r?\n(?:[ \t]*\r?\n)*)|([ \t]{2,})|( )|([\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af\uff00-\uffef])|([\u00c0-\u024f\u0370-\u052f])|([\u{10000}-\u{10ffff}])|([!-/:-@[-`{-~]+(?: [!-/:-@[-`{-~]+)*)|([^\s])/gu;

/** Legacy-generation token estimate (fractional; callers round). */
export function estimateLegacyTokens(text: string, w: TokenWeights = LEGACY_WEIGHTS): number {
  if (!text) return 0;
  let total = 0;
  PIECE.lastIndex = 0;
  for (let m = PIECE.exec(text); m !== null; m = PIECE.exec(text)) {
    const s = m[0];
    if (m[1] !== undefined) total += s.length * w.nonLatinLetter;
    else if (m[2] !== undefined) total += Math.max(1, s.length * w.capsPerLetter);
    else if (m[3] !== undefined) {
      total += 1 + Math.max(0, s.length - w.wordFree) * w.wordExtra;
      // A capitalised word costs more, except as a camelCase hump (`ProcessBehavior`): identifier parts are common tokens.
      if (s.charCodeAt(0) < 97 && !(m.index > 0 && isLetter(text.charCodeAt(m.index - 1)))) total += w.capitalExtra;
      for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) total += w.latinExtended;
    } else if (m[4] !== undefined) total += 1;
    else if (m[5] !== undefined) total += Math.ceil(s.length / w.digitsPerToken);
    else if (m[6] !== undefined) total += w.newline + (countNewlines(s) - 1) * w.newlineRest;
    else if (m[7] !== undefined) total += w.indent + Math.floor(s.replace(/\t/g, '    ').length / 4) * w.indentPer4;
    else if (m[8] !== undefined) continue; // a single space joins the next word
    else if (m[9] !== undefined) total += w.cjk;
    else if (m[10] !== undefined) total += w.latinExtended;
    else if (m[11] !== undefined) total += w.astral;
    else if (m[12] !== undefined) total += w.punctFirst + (s.length - 1) * w.punctRest;
    else total += w.otherNonAscii;
  }
  return total;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

// The editor re-prices every call site after each edit, with the same prompt texts: remember recent answers.
const memo = new Map<string, number>();
const MEMO_LIMIT = 20_000;

/** Estimated tokens of `text` for a model on the given tokenizer generation (whole tokens). */
export function estimateTokens(text: string, generation: TokenizerGeneration = 'claude-legacy'): number {
  let legacy = memo.get(text);
  if (legacy === undefined) {
    legacy = estimateLegacyTokens(text);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(text, legacy);
  }
  return Math.round(legacy * GENERATION_FACTOR[generation]);
}

/** Converts a count in legacy-generation tokens (assumed sizes: dynamic input, typical outputs) to a generation. */
export function scaleTokens(legacyTokens: number, generation: TokenizerGeneration): number {
  return Math.round(legacyTokens * GENERATION_FACTOR[generation]);
}
