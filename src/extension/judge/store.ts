import * as vscode from 'vscode';
import { isVerdict, type JudgeProblem, type JudgeVerdict } from '../../core/infer/judge/verdict';
import { emptyJudgeCache, readJudgeCache, withVerdicts, type JudgeCache } from '../../core/infer/judge/cache';
import type { BatchRecord } from '../../core/infer/judge/run';

// What the judge keeps in workspace state: answers by card (an unchanged card is never sent again), the answers not
// accepted yet per folder and call site (the analysis shows them as the site's task type), the last problem of each
// site (the hover says why it has no answer), and the batch still running (resumed after a reload).

const CACHE_KEY = 'tierwise.judge.cache';
const PENDING_KEY = 'tierwise.judge.pending';

/** A batch record with the folder of each item (call-site ids are relative to their folder). */
export interface EditorBatchRecord extends BatchRecord {
  /** `items[i].id` is `<folder uri>\u0000<call-site id>`. */
  folders: string[];
}

export const ID_SEP = '\u0000';

export function itemId(folder: string, id: string): string {
  return `${folder}${ID_SEP}${id}`;
}

export function splitItemId(item: string): { folder: string; id: string } {
  const i = item.indexOf(ID_SEP);
  return i < 0 ? { folder: '', id: item } : { folder: item.slice(0, i), id: item.slice(i + 1) };
}

export class JudgeStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the answers the analysis should show change (pending answers added, accepted, discarded). */
  readonly onDidChange = this.changed.event;
  private cache: JudgeCache;
  private pending: Record<string, Record<string, JudgeVerdict>>;
  /** Last run's problem per folder and site; not persisted (a reload starts clean). */
  private readonly problems = new Map<string, Map<string, JudgeProblem>>();
  /** Set while a classification runs in this window (one at a time). */
  running = false;

  constructor(private readonly state: vscode.Memento) {
    this.cache = readJudgeCache(state.get(CACHE_KEY) ?? emptyJudgeCache());
    this.pending = readPending(state.get(PENDING_KEY));
  }

  cached(key: string): JudgeVerdict | undefined {
    return this.cache.verdicts[key];
  }

  get batch(): EditorBatchRecord | null {
    const b = this.cache.batch as EditorBatchRecord | null;
    return b && Array.isArray(b.folders) ? b : null;
  }

  async setBatch(record: EditorBatchRecord | null): Promise<void> {
    this.cache = { ...this.cache, batch: record };
    await this.state.update(CACHE_KEY, this.cache);
  }

  /** Pending answers of a folder, by call-site id (what the index's analysis applies). */
  verdictsFor(folder: string): Record<string, JudgeVerdict> {
    return this.pending[folder] ?? {};
  }

  /** Every pending answer: [folder, id, verdict]. */
  allPending(): { folder: string; id: string; verdict: JudgeVerdict }[] {
    return Object.entries(this.pending).flatMap(([folder, byId]) => Object.entries(byId).map(([id, verdict]) => ({ folder, id, verdict })));
  }

  problemOf(folder: string, id: string): JudgeProblem | undefined {
    return this.problems.get(folder)?.get(id);
  }

  /** Records a run's outcomes: answers go to the cache and become pending for their site; problems are remembered. */
  async record(results: { folder: string; id: string; verdict?: JudgeVerdict; problem?: JudgeProblem }[]): Promise<void> {
    const answers: JudgeVerdict[] = [];
    for (const r of results) {
      const problems = this.problems.get(r.folder) ?? new Map<string, JudgeProblem>();
      this.problems.set(r.folder, problems);
      if (r.verdict) {
        answers.push(r.verdict);
        (this.pending[r.folder] ??= {})[r.id] = r.verdict;
        problems.delete(r.id);
      } else if (r.problem) problems.set(r.id, r.problem);
    }
    this.cache = withVerdicts(this.cache, answers);
    await this.state.update(CACHE_KEY, this.cache);
    await this.state.update(PENDING_KEY, this.pending);
    this.changed.fire();
  }

  /** Forgets pending answers (after Accept wrote them, or on Discard); the cache keeps them. */
  async clearPending(entries: { folder: string; id: string }[]): Promise<void> {
    for (const e of entries) {
      delete this.pending[e.folder]?.[e.id];
      if (this.pending[e.folder] && !Object.keys(this.pending[e.folder]).length) delete this.pending[e.folder];
    }
    await this.state.update(PENDING_KEY, this.pending);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function readPending(value: unknown): Record<string, Record<string, JudgeVerdict>> {
  const out: Record<string, Record<string, JudgeVerdict>> = {};
  if (!value || typeof value !== 'object') return out;
  for (const [folder, byId] of Object.entries(value as Record<string, unknown>)) {
    if (!byId || typeof byId !== 'object') continue;
    for (const [id, v] of Object.entries(byId as Record<string, unknown>)) if (isVerdict(v)) (out[folder] ??= {})[id] = v;
  }
  return out;
}
