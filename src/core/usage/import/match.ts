// Which call site a measured span belongs to. With code attributes: the file (its path ends with the site's path), then
// the call at or just before the line, else the function of that name, else the file's only call. Without them: the
// model plus a fingerprint of the system prompt's static text, and only when exactly one call site fits; the rest
// stays unmatched, with the reason.
import type { CallSite, ScannedCall } from '../../types';
import type { GenAiSpan } from './otlp';

export interface MatchSite {
  site: Pick<CallSite, 'id' | 'file' | 'line' | 'model'>;
  call: Pick<ScannedCall, 'enclosingFunction' | 'prompt'>;
}

export type MatchResult = { id: string; by: 'code' | 'fingerprint' } | { id: null; reason: string };

/** How far below the start of a call a span's line may be and still belong to it (a long call written over many lines). */
const MAX_LINES_INTO_CALL = 60;
/** Share of the site's system-prompt shingles a span's system prompt must contain to match it. */
const MIN_CONTAINMENT = 0.6;
/** Shingle width in words. */
const SHINGLE = 4;

interface Indexed {
  id: string;
  file: string;
  line: number;
  fn: string;
  model: string | null;
  shingles: Set<number> | null;
  /** The static text itself when it is too short for shingles. */
  short: string | null;
}

export class SiteMatcher {
  private readonly sites: Indexed[];
  private readonly byFile = new Map<string, Indexed[]>();
  /** Recent fingerprint answers by the span's system text (spans of one job repeat the same text). */
  private readonly memo = new Map<string, MatchResult>();

  constructor(
    sites: readonly MatchSite[],
    /** The canonical id of a model id (aliases, dated ids, provider prefixes), or the id itself. */
    private readonly canonical: (model: string) => string,
  ) {
    this.sites = sites.map((s) => {
      const text = s.call.prompt
        .filter((p) => p.role === 'system')
        .map((p) => p.text)
        .join('\n');
      const words = wordsOf(text);
      return {
        id: s.site.id,
        file: s.site.file.replace(/\\/g, '/'),
        line: s.site.line,
        fn: lastSegment(s.call.enclosingFunction),
        model: s.site.model.resolved ? canonical(s.site.model.resolved) : null,
        shingles: words.length >= SHINGLE ? shinglesOf(words) : null,
        short: words.length && words.length < SHINGLE ? words.join(' ') : null,
      };
    });
    for (const s of this.sites) {
      const list = this.byFile.get(s.file) ?? [];
      list.push(s);
      this.byFile.set(s.file, list);
    }
    for (const list of this.byFile.values()) list.sort((a, b) => a.line - b.line);
  }

  match(span: Pick<GenAiSpan, 'model' | 'code' | 'system'>): MatchResult {
    if (span.code.filepath || span.code.function) {
      const byCode = this.byCode(span);
      if (byCode) return byCode;
    }
    if (span.system) return this.byFingerprint(span.model, span.system);
    return { id: null, reason: span.code.filepath ? 'its code attributes name no call site found' : 'no code attributes and no system prompt on the span' };
  }

  private byCode(span: Pick<GenAiSpan, 'code'>): MatchResult | null {
    const { filepath, lineno, function: fn } = span.code;
    let candidates: Indexed[] = [];
    if (filepath) {
      const p = filepath.replace(/\\/g, '/').replace(/^file:\/\//, '');
      let best = 0;
      for (const [file, list] of this.byFile) {
        if (p === file || p.endsWith(`/${file}`)) {
          // Two folders may hold the same relative path: the longer match wins.
          if (file.length > best) {
            best = file.length;
            candidates = list;
          }
        }
      }
      if (!candidates.length) return { id: null, reason: `${shortPath(p)} holds no call site found` };
    } else candidates = this.sites;
    if (lineno !== null && filepath) {
      let at: Indexed | null = null;
      for (const s of candidates) if (s.line <= lineno && lineno - s.line <= MAX_LINES_INTO_CALL) at = s;
      if (at) return { id: at.id, by: 'code' };
    }
    if (fn) {
      const name = lastSegment(fn);
      const named = candidates.filter((s) => s.fn === name);
      if (named.length === 1) return { id: named[0].id, by: 'code' };
      if (named.length > 1 && lineno !== null) {
        const nearest = [...named].sort((a, b) => Math.abs(a.line - lineno) - Math.abs(b.line - lineno));
        return { id: nearest[0].id, by: 'code' };
      }
      if (named.length > 1) return { id: null, reason: `${named.length} call sites in function ${name}` };
    }
    if (filepath && candidates.length === 1) return { id: candidates[0].id, by: 'code' };
    if (filepath) return { id: null, reason: `${candidates.length} call sites in ${shortPath(filepath)} and no line or function to choose` };
    return null;
  }

  private byFingerprint(model: string, system: string): MatchResult {
    const key = `${model}\u0000${system.length > 4000 ? system.slice(0, 2000) + system.slice(-2000) + system.length : system}`;
    const known = this.memo.get(key);
    if (known) return known;
    const result = this.fingerprint(model, system);
    if (this.memo.size > 5000) this.memo.clear();
    this.memo.set(key, result);
    return result;
  }

  private fingerprint(model: string, system: string): MatchResult {
    const m = this.canonical(model);
    const words = wordsOf(system);
    const spanShingles = shinglesOf(words);
    const joined = ` ${words.join(' ')} `;
    const scored: Array<{ s: Indexed; score: number }> = [];
    for (const s of this.sites) {
      if (s.model !== null && s.model !== m) continue;
      let score = 0;
      if (s.shingles) {
        let hit = 0;
        for (const h of s.shingles) if (spanShingles.has(h)) hit++;
        score = hit / s.shingles.size;
      } else if (s.short) score = joined.includes(` ${s.short} `) ? 1 : 0;
      if (score >= MIN_CONTAINMENT) scored.push({ s, score });
    }
    if (!scored.length) return { id: null, reason: 'no call site of this model has this system prompt' };
    scored.sort((a, b) => b.score - a.score);
    // Unambiguous: one site fits clearly better than any other (the same prompt used twice is ambiguous).
    if (scored.length > 1 && scored[1].score > scored[0].score - 0.2) return { id: null, reason: `${scored.length} call sites share this system prompt` };
    return { id: scored[0].s.id, by: 'fingerprint' };
  }
}

function lastSegment(name: string): string {
  const parts = name.split(/[.:#/]/).filter(Boolean);
  return parts[parts.length - 1] ?? name;
}

function shortPath(p: string): string {
  return p.length > 60 ? `…${p.slice(-59)}` : p;
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** 32-bit FNV-1a hashes of every run of SHINGLE words. */
function shinglesOf(words: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + SHINGLE <= words.length; i++) {
    let h = 0x811c9dc5;
    for (let j = i; j < i + SHINGLE; j++) {
      const w = words[j];
      for (let k = 0; k < w.length; k++) {
        h ^= w.charCodeAt(k);
        h = Math.imul(h, 0x01000193);
      }
      h ^= 32;
      h = Math.imul(h, 0x01000193);
    }
    out.add(h >>> 0);
  }
  return out;
}
