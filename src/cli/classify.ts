// `tierwise classify [paths…]`: each call site's card to a Claude model, which answers its task type and the routing
// guide's three questions. Cost first (count_tokens), nothing sent without --yes or a "y" on a terminal, answers kept
// by card (an unchanged card is never sent again), a batch resumed where it was left, and --accept writes the
// answers into the usage file atomically.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClassifyCommand } from './args';
import { analyseTargets } from './main';
import { writeFileAtomic } from './atomic';
import { createCompareClient } from '../core/compare/runner';
import { acceptVerdicts } from '../core/infer/judge/accept';
import type { JudgeVerdict } from '../core/infer/judge/answer';
import { emptyJudgeCache, readJudgeCache, withVerdicts, type JudgeCache } from '../core/infer/judge/cache';
import { planJudgeRun, resultSummary, siteResults, type SiteResult } from '../core/infer/judge/plan';
import { JUDGE_PROMPT_VERSION, JUDGE_SYSTEM_PROMPT } from '../core/infer/judge/prompt';
import { estimateJudgeCost, estimateText, judgeWithBatch, judgeWithMessages, waitForBatch, type BatchProgress, type JudgeOutcome } from '../core/infer/judge/run';

export interface CliIo {
  /** The environment (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, XDG_CACHE_HOME); default process.env. */
  env?: Record<string, string | undefined>;
  /** Asks a yes/no question on a terminal; absent when there is none (then only --yes sends). */
  confirm?: (question: string) => Promise<boolean>;
  /** Ctrl-C: stops sending; a batch is cancelled, answers already in are kept. */
  signal?: AbortSignal;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The default cache file of a folder: one per folder, in the user's cache folder (never inside the workspace). */
export function defaultCacheFile(root: string, env: Record<string, string | undefined>): string {
  const base = env.XDG_CACHE_HOME?.trim() || path.join(env.HOME?.trim() || os.homedir(), '.cache');
  return path.join(base, 'tierwise', `judge-${createHash('sha256').update(root).digest('hex').slice(0, 16)}.json`);
}

function loadCache(file: string | null): JudgeCache {
  if (!file || !existsSync(file)) return emptyJudgeCache();
  try {
    return readJudgeCache(readFileSync(file, 'utf8'));
  } catch {
    return emptyJudgeCache();
  }
}

function saveCache(file: string | null, cache: JudgeCache, err: (s: string) => void): void {
  if (!file) return;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, `${JSON.stringify(cache)}\n`);
  } catch (e) {
    err(`tierwise: warning: could not keep the answers in ${file}: ${(e as Error).message}\n`);
  }
}

function hostOf(baseUrl: string | undefined): string {
  try {
    return baseUrl ? new URL(baseUrl).host : 'api.anthropic.com';
  } catch {
    return baseUrl ?? 'api.anthropic.com';
  }
}

export async function classify(command: ClassifyCommand, out: (s: string) => void, err: (s: string) => void, cwd: string, io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  const analysed = await analyseTargets(command, err, cwd);
  if (!analysed) return 2;
  const { root, analysis, usageFile } = analysed;
  const model = command.model ?? analysis.report.pricing.tiers.haiku;
  const date = today();
  const cacheFile = command.cacheFile === null ? null : path.resolve(cwd, command.cacheFile ?? defaultCacheFile(root, env));
  let cache = loadCache(cacheFile);
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  const baseURL = env.ANTHROPIC_BASE_URL?.trim() || undefined;
  const client = () => createCompareClient({ apiKey: apiKey!, baseURL, timeoutMs: 120_000, maxRetries: 0 });
  const progress = (p: BatchProgress): void => {
    const done = p.succeeded + p.errored + p.canceled + p.expired;
    err(`tierwise: batch ${p.status === 'ended' ? 'ended' : 'running'}: ${done}/${p.total} done\n`);
  };

  // A batch left running by an earlier run (Ctrl-C, a closed terminal): collect it first; it was paid for already.
  const pending = cache.batch && (!cache.batch.root || cache.batch.root === root) ? cache.batch : null;
  if (pending && !command.dryRun) {
    if (!apiKey) {
      err(`tierwise: batch ${pending.batchId} from an earlier run is waiting; set ANTHROPIC_API_KEY to collect it.\n`);
      return 2;
    }
    err(`tierwise: collecting batch ${pending.batchId} from an earlier run (${pending.items.length} cards)\n`);
    const r = await waitForBatch(client(), pending, { date, pollMs: command.pollSeconds * 1000, signal: io.signal, onProgress: progress });
    cache = withVerdicts(cache, verdictsOf(r.outcomes));
    if (r.ended) cache = { ...cache, batch: null };
    saveCache(cacheFile, cache, err);
  }

  const candidates = analysis.sites.map((s) => ({ id: s.site.id, call: s.call, inference: s.inference }));
  const plan = planJudgeRun(candidates, model, (key) => cache.verdicts[key]);
  const batch = command.batch ?? plan.send.length > command.batchAbove;

  if (command.dryRun) {
    const estimate = await estimateJudgeCost(plan.send, model, analysis.book, { client: null, batch, date });
    if (command.format === 'json') {
      out(`${JSON.stringify({ version: 1, promptVersion: JUDGE_PROMPT_VERSION, model, batch, estimate, cached: plan.cached.map((c) => c.id), skipped: plan.skipped, requests: plan.send.map((s) => ({ id: s.id, key: s.key, request: s.request })) }, null, 2)}\n`);
    } else {
      out(`Dry run: nothing is sent. ${estimateText(estimate)} (estimated here; a real run counts with count_tokens).\n`);
      out(`${plan.cached.length} answered from the cache, ${plan.skipped.length} with a task type already set.\n\n`);
      if (plan.send.length) out(`=== System prompt (the same for every card) ===\n${JUDGE_SYSTEM_PROMPT}\n\n`);
      for (const s of plan.send) out(`=== ${s.id} ===\n${s.request.messages[0].content}\n\n`);
    }
    return 0;
  }

  let outcomes: JudgeOutcome[] = [];
  if (plan.send.length) {
    if (!apiKey) {
      err(`tierwise: set ANTHROPIC_API_KEY to classify with Claude (or pass --dry-run to see what would be sent). Nothing was sent.\n`);
      return 2;
    }
    if (!command.yes && !io.confirm) {
      // No one to ask: refuse before a single request (count_tokens included) leaves.
      const local = await estimateJudgeCost(plan.send, model, analysis.book, { client: null, batch, date });
      err(`tierwise: ${estimateText(local)} (estimated here). The cards contain code from ${root}.\n`);
      err('tierwise: nothing was sent: pass --yes to send, or --dry-run to see the requests.\n');
      return 2;
    }
    const estimate = await estimateJudgeCost(plan.send, model, analysis.book, { client: client(), batch, date, signal: io.signal });
    const how = estimate.counted === 'count_tokens' ? 'counted with count_tokens' : 'estimated here: count_tokens did not answer';
    err(`tierwise: ${estimateText(estimate)} (${how}).\n`);
    err(`tierwise: the cards contain code from ${root} (prompts, schemas, tool and function names); they go to ${hostOf(baseURL)}.\n`);
    if (plan.cached.length) err(`tierwise: ${plan.cached.length} more answered from the cache (not sent again).\n`);
    if (!command.yes && !(await io.confirm!(`Send ${plan.send.length} card${plan.send.length === 1 ? '' : 's'} to ${model}? [y/N] `))) {
      err('tierwise: nothing was sent.\n');
      return 0;
    }
    if (batch) {
      const r = await judgeWithBatch(client(), plan.send, {
        date,
        pollMs: command.pollSeconds * 1000,
        signal: io.signal,
        onProgress: progress,
        onCreated: (record) => {
          err(`tierwise: batch ${record.batchId} created; Ctrl-C cancels it (answers already in are kept)\n`);
          cache = { ...cache, batch: { ...record, root } };
          saveCache(cacheFile, cache, err);
        },
      });
      outcomes = r.outcomes;
      if (r.ended) cache = { ...cache, batch: null };
    } else {
      outcomes = await judgeWithMessages(client(), plan.send, {
        date,
        signal: io.signal,
        onOutcome: (_o, done, total) => {
          if (done === total || done % 10 === 0) err(`tierwise: ${done}/${total} answered\n`);
        },
      });
    }
    cache = withVerdicts(cache, verdictsOf(outcomes));
    saveCache(cacheFile, cache, err);
  }

  const results = siteResults(plan, outcomes);
  const rulesOf = new Map(analysis.sites.map((s) => [s.site.id, s.site]));
  if (command.format === 'json') {
    out(
      `${JSON.stringify(
        {
          version: 1,
          model,
          promptVersion: JUDGE_PROMPT_VERSION,
          results: results.map((r) => ({ id: r.id, state: r.state, rules: rulesOf.get(r.id) ? { taskType: rulesOf.get(r.id)!.taskType, confidence: rulesOf.get(r.id)!.confidence, recommendedTier: rulesOf.get(r.id)!.recommendedTier } : null, ...('verdict' in r ? { verdict: r.verdict } : { message: r.message }) })),
        },
        null,
        2,
      )}\n`,
    );
  } else out(resultsTable(results, rulesOf));
  err(`tierwise: ${resultSummary(results)}\n`);

  if (command.accept) {
    const accepted = results.filter((r): r is Extract<SiteResult, { verdict: JudgeVerdict }> => 'verdict' in r).map((r) => ({ id: r.id, verdict: r.verdict }));
    if (accepted.length) {
      let existing: string | null = null;
      try {
        existing = existsSync(usageFile) ? readFileSync(usageFile, 'utf8') : null;
      } catch (e) {
        err(`tierwise: cannot read ${usageFile}: ${(e as Error).message}; the answers were not written.\n`);
        return 1;
      }
      const written = acceptVerdicts(existing, accepted, path.basename(usageFile));
      if ('error' in written) {
        err(`tierwise: ${written.error}\n`);
        return 1;
      }
      try {
        writeFileAtomic(usageFile, written.text);
      } catch (e) {
        err(`tierwise: cannot write ${usageFile}: ${(e as Error).message}; it is unchanged.\n`);
        return 1;
      }
      err(`tierwise: wrote ${written.written.length} task type${written.written.length === 1 ? '' : 's'} to ${path.relative(cwd, usageFile) || usageFile}\n`);
    }
  }
  return results.some((r) => r.state !== 'answered' && r.state !== 'cached' && r.state !== 'skipped') ? 1 : 0;
}

function verdictsOf(outcomes: readonly JudgeOutcome[]): JudgeVerdict[] {
  return outcomes.flatMap((o) => ('verdict' in o ? [o.verdict] : []));
}

function resultsTable(results: readonly SiteResult[], rules: ReadonlyMap<string, { taskType: string; confidence: number }>): string {
  const clip = (s: string, w: number) => (s.length <= w ? s : `${s.slice(0, w - 1)}…`);
  const header = ['Call site', 'Rules', 'Claude', 'Tier', 'Result'];
  const rows = results.map((r) => {
    const before = rules.get(r.id);
    const rulesText = before ? `${before.taskType} ${Math.round(before.confidence * 100)}%` : '';
    if ('verdict' in r) return [clip(r.id, 56), rulesText, `${r.verdict.taskType} ${Math.round(r.verdict.confidence * 100)}%`, r.verdict.tier, `${r.state === 'cached' ? 'cached: ' : ''}${clip(r.verdict.job, 70)}`];
    return [clip(r.id, 56), rulesText, '', '', `${r.state}: ${clip(r.message, 90)}`];
  });
  if (!rows.length) return 'No LLM call sites found.\n';
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return `${[line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')}\n`;
}
