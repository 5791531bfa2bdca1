// The judge's memory: answers by card (judge key), and the batch still running. The editor keeps it in workspace
// state, the CLI in a file; both read and write this one shape. Whatever is stored is read back with suspicion.
import { isVerdict, type JudgeVerdict } from './verdict';
import type { BatchRecord } from './run';

export const JUDGE_CACHE_VERSION = 1;
/** Answers kept at most (the newest); one is about 1 KB. */
export const JUDGE_CACHE_MAX = 5000;

export interface JudgeCache {
  version: number;
  /** Answers by judge key: an unchanged card (same model, same prompt version) is never sent again. */
  verdicts: Record<string, JudgeVerdict>;
  /** A batch created and not collected yet (resumed on the next run or after a reload). */
  batch: (BatchRecord & { root?: string }) | null;
}

export function emptyJudgeCache(): JudgeCache {
  return { version: JUDGE_CACHE_VERSION, verdicts: {}, batch: null };
}

function isBatchRecord(b: unknown): b is BatchRecord {
  if (!b || typeof b !== 'object') return false;
  const r = b as Partial<BatchRecord>;
  return (
    typeof r.batchId === 'string' &&
    /^[\w-]{1,200}$/.test(r.batchId) &&
    typeof r.model === 'string' &&
    Array.isArray(r.items) &&
    r.items.every((i) => i && typeof i.customId === 'string' && typeof i.id === 'string' && typeof i.key === 'string')
  );
}

/** A stored cache (parsed JSON, or the text of a file); anything unreadable is an empty cache, entries that are not answers are dropped. */
export function readJudgeCache(value: unknown): JudgeCache {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      return emptyJudgeCache();
    }
  }
  if (!v || typeof v !== 'object' || (v as JudgeCache).version !== JUDGE_CACHE_VERSION) return emptyJudgeCache();
  const raw = v as Partial<JudgeCache>;
  const verdicts: Record<string, JudgeVerdict> = {};
  for (const [k, verdict] of Object.entries(raw.verdicts ?? {})) if (isVerdict(verdict) && verdict.key === k) verdicts[k] = verdict;
  return { version: JUDGE_CACHE_VERSION, verdicts, batch: isBatchRecord(raw.batch) ? (raw.batch as JudgeCache['batch']) : null };
}

/** The cache with these answers added (the oldest dropped past JUDGE_CACHE_MAX). */
export function withVerdicts(cache: JudgeCache, verdicts: readonly JudgeVerdict[]): JudgeCache {
  const all = { ...cache.verdicts };
  for (const v of verdicts) {
    delete all[v.key];
    all[v.key] = v;
  }
  const keys = Object.keys(all);
  // Insertion order is age order: the newest answers were added last.
  for (const k of keys.slice(0, Math.max(0, keys.length - JUDGE_CACHE_MAX))) delete all[k];
  return { ...cache, verdicts: all };
}
