// Which call sites a classification run sends, which the cache answers, and which it leaves alone; then every site's
// result in one list. Shared by the CLI and the editor so both send exactly the same cards.
import type { Inference, ScannedCall } from '../../types';
import { buildCard, type CallCard } from '../card';
import type { JudgeProblem, JudgeVerdict } from './verdict';
import { buildJudgeRequest, judgeKey } from './prompt';
import type { JudgeItem, JudgeOutcome } from './run';

export interface JudgeCandidate {
  /** Unique in the run (the editor prefixes it with the folder when there are several). */
  id: string;
  call: ScannedCall;
  inference: Inference;
}

export interface JudgePlan {
  send: JudgeItem[];
  cached: { id: string; key: string; verdict: JudgeVerdict }[];
  /** Sites whose task type is named (usage file, annotation, registry): a team's decision is not second-guessed. */
  skipped: { id: string; reason: string }[];
  cards: Map<string, CallCard>;
}

export { isUncertain } from './uncertain';

/**
 * The run for these sites: a named task type is skipped; a card the cache has answered (same card, same model,
 * same prompt version) is not sent again; every other card is sent.
 */
export function planJudgeRun(candidates: readonly JudgeCandidate[], model: string, cache: (key: string) => JudgeVerdict | undefined): JudgePlan {
  const plan: JudgePlan = { send: [], cached: [], skipped: [], cards: new Map() };
  for (const c of candidates) {
    if (c.inference.setBy) {
      plan.skipped.push({ id: c.id, reason: `its task type is set by ${c.inference.setBy}` });
      continue;
    }
    const card = buildCard(c.call);
    plan.cards.set(c.id, card);
    const key = judgeKey(card, model);
    const hit = cache(key);
    if (hit) plan.cached.push({ id: c.id, key, verdict: hit });
    else plan.send.push({ id: c.id, key, request: buildJudgeRequest(card, model) });
  }
  return plan;
}

export type SiteResult =
  | { id: string; state: 'answered' | 'cached'; verdict: JudgeVerdict }
  | { id: string; state: JudgeProblem['state']; message: string }
  | { id: string; state: 'skipped'; message: string };

/** Every site of the plan with its result, in the plan's order of ids. */
export function siteResults(plan: JudgePlan, outcomes: readonly JudgeOutcome[]): SiteResult[] {
  const out: SiteResult[] = [];
  for (const c of plan.cached) out.push({ id: c.id, state: 'cached', verdict: c.verdict });
  for (const o of outcomes) out.push('verdict' in o ? { id: o.id, state: 'answered', verdict: o.verdict } : { id: o.id, state: o.problem.state, message: o.problem.message });
  for (const s of plan.skipped) out.push({ id: s.id, state: 'skipped', message: s.reason });
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** "40 answered, 2 from the cache, 1 refused, 1 invalid answer, 3 skipped". */
export function resultSummary(results: readonly SiteResult[]): string {
  const n = (state: SiteResult['state']) => results.filter((r) => r.state === state).length;
  const parts: string[] = [];
  const add = (count: number, text: string) => count && parts.push(`${count} ${text}`);
  add(n('answered'), 'answered');
  add(n('cached'), 'from the cache');
  add(n('refused'), 'refused');
  add(n('invalid'), n('invalid') === 1 ? 'invalid answer' : 'invalid answers');
  add(n('failed'), 'failed');
  add(n('cancelled'), 'cancelled');
  add(n('skipped'), 'skipped (task type already set)');
  return parts.join(', ') || 'nothing to classify';
}
