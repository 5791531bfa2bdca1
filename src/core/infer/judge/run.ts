// Sending cards to the judge: the cost before anything is sent (count_tokens), then one Messages request per card
// (a few at a time, with the compare runner's retry rules), or one Message Batches job at half the price (created,
// polled, cancelled, resumed from its id). Every card ends with a verdict or a clear problem; one bad answer or one
// failed request never stops the others. The client is passed in: keys, base URLs and settings are the caller's.
import type Anthropic from '@anthropic-ai/sdk';
import { isApiError, isConnectionError, isConnectionTimeout, isUserAbort } from '../../compare/sdk';
import type { PriceBook } from '../../cost/prices';
import { estimateTokens } from '../../cost/tokens';
import { RetryStopped, withRetries } from '../../compare/retry';
import { answerText, parseJudgeAnswer, type JudgeProblem, type JudgeVerdict } from './answer';
import { JUDGE_SYSTEM_PROMPT, type JudgeRequest } from './prompt';

/** One card to judge: the call site's id (unique in the run), its judge key and the request. */
export interface JudgeItem {
  id: string;
  key: string;
  request: JudgeRequest;
}

export type JudgeOutcome = { id: string; key: string; verdict: JudgeVerdict } | { id: string; key: string; problem: JudgeProblem };

/** Output tokens of one answer, for the estimate (a sentence, three one-line reasons, a few signals). */
export const JUDGE_OUTPUT_ESTIMATE = 350;

export interface JudgeEstimate {
  sites: number;
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** USD; null when the model has no price. */
  usd: number | null;
  /** How the input was counted: by the API (count_tokens) or, when that was not possible, estimated here. */
  counted: 'count_tokens' | 'local';
  batch: boolean;
}

/** A small amount as people say it: "about $0.004", "about $0.12", "under $0.001". */
export function costPhrase(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return 'an unknown amount (no price for this model)';
  if (usd === 0) return '$0';
  if (usd < 0.0005) return 'under $0.001';
  if (usd < 0.01) return `about $${usd.toFixed(3)}`;
  return `about $${usd.toFixed(2)}`;
}

/** "42 call sites, about $0.004 on claude-haiku-5-5" (plus the batch discount when it applies). */
export function estimateText(e: JudgeEstimate): string {
  return `${e.sites} call site${e.sites === 1 ? '' : 's'}, ${costPhrase(e.usd)} on ${e.model}${e.batch ? ' (Message Batches, 50% off)' : ''}`;
}

/** Characters of cards counted in one count_tokens request (well under any context window). */
const COUNT_CHUNK_CHARS = 200_000;

/**
 * The cost of judging these cards: input tokens counted with count_tokens (the system prompt once, the cards in a few
 * large chunks: a handful of requests for any number of cards), else estimated locally; output at
 * JUDGE_OUTPUT_ESTIMATE per card; the Message Batches discount when the run is a batch.
 */
export async function estimateJudgeCost(
  items: readonly JudgeItem[],
  model: string,
  book: PriceBook,
  o: { client?: Anthropic | null; batch: boolean; signal?: AbortSignal; date: string; timeoutMs?: number },
): Promise<JudgeEstimate> {
  let inputTokens: number | null = null;
  let counted: JudgeEstimate['counted'] = 'local';
  if (o.client && items.length) inputTokens = await countWithApi(o.client, items, model, o.signal, o.timeoutMs ?? 15_000);
  if (inputTokens !== null) counted = 'count_tokens';
  else {
    const generation = book.find(model)?.tokenizer ?? 'claude-2026';
    const system = estimateTokens(JUDGE_SYSTEM_PROMPT, generation);
    inputTokens = items.reduce((sum, it) => sum + system + estimateTokens(it.request.messages[0]?.content ?? '', generation) + 10, 0);
  }
  const outputTokens = items.length * JUDGE_OUTPUT_ESTIMATE;
  const m = book.find(model);
  let usd: number | null = null;
  if (m) {
    const p = book.pricesOn(m, o.date);
    // Each request is priced on its own: the long-prompt band (if any) applies per request, and a card is far below it.
    usd = ((inputTokens * p.input + outputTokens * p.output) / 1e6) * (o.batch ? 0.5 : 1);
  }
  return { sites: items.length, model, inputTokens, outputTokens, usd, counted, batch: o.batch };
}

async function countWithApi(client: Anthropic, items: readonly JudgeItem[], model: string, signal: AbortSignal | undefined, timeoutMs: number): Promise<number | null> {
  const system = items[0].request.system;
  const count = async (text: string): Promise<number> => {
    const r = await client.messages.countTokens(
      { model, system: system as Anthropic.TextBlockParam[], messages: [{ role: 'user', content: text }] },
      { signal, maxRetries: 1, timeout: timeoutMs },
    );
    if (typeof r.input_tokens !== 'number') throw new Error('no input_tokens');
    return r.input_tokens;
  };
  try {
    // One request with a one-character card: the system prompt and the message framing, paid once per card.
    const base = await count('.');
    let cards = 0;
    let chunk: string[] = [];
    let size = 0;
    const flush = async (): Promise<void> => {
      if (!chunk.length) return;
      // n cards in one message: their tokens plus the framing once (subtracted) and the separators (a few tokens).
      cards += Math.max(0, (await count(chunk.join('\n\n'))) - base);
      chunk = [];
      size = 0;
    };
    for (const it of items) {
      const text = it.request.messages[0]?.content ?? '';
      if (size + text.length > COUNT_CHUNK_CHARS) await flush();
      chunk.push(text);
      size += text.length;
    }
    await flush();
    return items.length * base + cards;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Errors

/** One line for a failed request: what happened and what to do. */
export function judgeErrorMessage(e: unknown, model: string, host: string): JudgeProblem {
  if (isUserAbort(e)) return { state: 'cancelled', message: 'Cancelled before an answer came.' };
  if (isConnectionTimeout(e)) return { state: 'failed', message: `No answer from ${model} in time. Run again (answers already received are kept).` };
  if (isConnectionError(e)) return { state: 'failed', message: `Could not reach ${host}: you may be offline, or a proxy blocks it. Check the connection and tierwise.anthropic.baseUrl.` };
  if (isApiError(e)) {
    const status = e.status;
    const detail = (e.error as { error?: { message?: string } } | undefined)?.error?.message ?? '';
    switch (true) {
      case status === 401:
        return { state: 'failed', message: 'The API key was rejected (401). Set a valid key with “Tierwise: Set Anthropic API Key” (or ANTHROPIC_API_KEY for the CLI).' };
      case status === 403:
        return { state: 'failed', message: `This key may not use ${model} (403${detail ? `: ${detail}` : ''}).` };
      case status === 404:
        return { state: 'failed', message: `The API does not know ${model} (404${detail ? `: ${detail}` : ''}). Check tierwise.classify.model.` };
      case status === 429:
        return { state: 'failed', message: `Rate limited (429)${detail ? `: ${detail}` : ''}. Run again later: answers already received are kept, and only the rest is sent.` };
      case status === 529:
        return { state: 'failed', message: 'Anthropic is overloaded (529). Run again in a minute: answers already received are kept.' };
      case status === 400:
        return { state: 'failed', message: `The API refused the request (400${detail ? `: ${detail}` : ''}).` };
      case typeof status === 'number' && status >= 500:
        return { state: 'failed', message: `The API failed (${status}${detail ? `: ${detail}` : ''}). Run again: answers already received are kept.` };
      default:
        return { state: 'failed', message: `The request failed${status ? ` (${status})` : ''}${detail ? `: ${detail}` : ''}.` };
    }
  }
  return { state: 'failed', message: `The request failed: ${e instanceof Error ? e.message : String(e)}` };
}

/** Errors after which every other request would fail the same way: stop sending. */
function stopsTheRun(e: unknown): boolean {
  return isApiError(e) && (e.status === 401 || e.status === 403 || e.status === 404);
}

/** A 400 that says the endpoint or model does not take structured output: send the same request without it. */
function refusesStructuredOutput(e: unknown): boolean {
  if (!(isApiError(e)) || e.status !== 400) return false;
  const detail = JSON.stringify(e.error ?? '');
  return /output_config|output_format|json_schema|structured output/i.test(detail);
}

function hostOf(client: Anthropic): string {
  try {
    return new URL(client.baseURL).host;
  } catch {
    return 'the Anthropic API';
  }
}

function withoutStructuredOutput(r: JudgeRequest): JudgeRequest {
  const { output_config: _dropped, ...rest } = r;
  return rest;
}

// ---------------------------------------------------------------------------------------------------------------
// Messages: one request per card

export interface MessagesOptions {
  signal?: AbortSignal;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Deadline of one card: its attempts, the waits between them and the answer (default 120 s). */
  timeoutMs?: number;
  /** Retries after 429, 529, 5xx and connection errors, within the deadline (default 2). */
  maxRetries?: number;
  backoffMs?: (retry: number) => number;
  /** YYYY-MM-DD of the answers. */
  date: string;
  onOutcome?: (outcome: JudgeOutcome, done: number, total: number) => void;
}

export async function judgeWithMessages(client: Anthropic, items: readonly JudgeItem[], o: MessagesOptions): Promise<JudgeOutcome[]> {
  const outcomes: JudgeOutcome[] = new Array(items.length);
  const host = hostOf(client);
  let next = 0;
  let done = 0;
  let stopped: JudgeProblem | null = null;
  let structured = true;
  const finish = (i: number, outcome: JudgeOutcome): void => {
    outcomes[i] = outcome;
    done++;
    o.onOutcome?.(outcome, done, items.length);
  };
  const one = async (i: number): Promise<void> => {
    const it = items[i];
    if (o.signal?.aborted) return finish(i, { id: it.id, key: it.key, problem: { state: 'cancelled', message: 'Cancelled before it was sent.' } });
    if (stopped) return finish(i, { id: it.id, key: it.key, problem: { ...stopped, message: `Not sent: ${stopped.message}` } });
    const deadline = performance.now() + (o.timeoutMs ?? 120_000);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(), o.timeoutMs ?? 120_000);
    try {
      const send = (r: JudgeRequest) =>
        withRetries(() => client.messages.create(r as unknown as Anthropic.MessageCreateParamsNonStreaming, { signal: controller.signal, maxRetries: 0 }), {
          maxRetries: o.maxRetries ?? 2,
          deadline,
          signal: controller.signal,
          backoffMs: o.backoffMs,
        });
      let res;
      try {
        res = await send(structured ? it.request : withoutStructuredOutput(it.request));
      } catch (e) {
        const err = e instanceof RetryStopped ? e.error : e;
        if (!structured || !refusesStructuredOutput(err)) throw e;
        // The model or endpoint does not take output_config: the system prompt asks for the same JSON.
        structured = false;
        res = await send(withoutStructuredOutput(it.request));
      }
      const msg = res.value;
      const parsed = parseJudgeAnswer({ text: answerText(msg.content as { type: string; text?: string }[]), stopReason: msg.stop_reason ?? null, model: it.request.model }, it.key, o.date);
      finish(i, 'verdict' in parsed ? { id: it.id, key: it.key, verdict: parsed.verdict } : { id: it.id, key: it.key, problem: parsed.problem });
    } catch (e) {
      const err = e instanceof RetryStopped ? e.error : e;
      const waitTooLong = e instanceof RetryStopped ? e.outcome.waitTooLong : undefined;
      let problem: JudgeProblem =
        o.signal?.aborted ? { state: 'cancelled', message: 'Cancelled before an answer came.' } : controller.signal.aborted && !(isApiError(err)) ? { state: 'failed', message: `No answer from ${it.request.model} within ${Math.round((o.timeoutMs ?? 120_000) / 1000)} s. Run again: answers already received are kept.` } : judgeErrorMessage(err, it.request.model, host);
      if (waitTooLong && problem.state === 'failed') problem = { ...problem, message: `${problem.message} (The API asked to wait ${Math.ceil(waitTooLong.waitMs / 1000)} s.)` };
      // Sending more would fail the same way (a bad key, an unknown model, a long rate limit): stop here.
      if (!o.signal?.aborted && (stopsTheRun(err) || waitTooLong)) stopped = problem;
      finish(i, { id: it.id, key: it.key, problem });
    } finally {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
    }
  };
  const worker = async (): Promise<void> => {
    while (next < items.length) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 4, items.length)) }, worker));
  return outcomes;
}

// ---------------------------------------------------------------------------------------------------------------
// Message Batches: one job for all cards, at half the price

/** What is kept while a batch runs (workspace state, the CLI's cache file): enough to collect it after a reload. */
export interface BatchRecord {
  batchId: string;
  model: string;
  createdAt: string;
  /** Each request's custom_id → the call site and card it judges. */
  items: { customId: string; id: string; key: string }[];
}

export interface BatchProgress {
  status: string;
  processing: number;
  succeeded: number;
  errored: number;
  canceled: number;
  expired: number;
  total: number;
}

export interface BatchOptions {
  signal?: AbortSignal;
  /** Between status reads (default 10 s). */
  pollMs?: number;
  date: string;
  /** Called once the batch exists, before the first poll: keep the record so a reload can resume it. */
  onCreated?: (record: BatchRecord) => void | Promise<void>;
  onProgress?: (p: BatchProgress) => void;
  /** After a cancel, how long to wait for the API to end the batch before giving up (default 2 min). */
  cancelWaitMs?: number;
}

export interface BatchResult {
  outcomes: JudgeOutcome[];
  /** False when the batch had not ended (a cancel that did not finish in time): keep its record and resume later. */
  ended: boolean;
  record: BatchRecord;
}

/** Creates the batch and waits for it (see waitForBatch). A failure to create it ends every card with that problem. */
export async function judgeWithBatch(client: Anthropic, items: readonly JudgeItem[], o: BatchOptions): Promise<BatchResult> {
  const model = items[0]?.request.model ?? '';
  const record: BatchRecord = { batchId: '', model, createdAt: new Date().toISOString(), items: items.map((it, i) => ({ customId: `j${i}_${it.key.slice(0, 24)}`, id: it.id, key: it.key })) };
  if (!items.length) return { outcomes: [], ended: true, record };
  try {
    const created = await withRetries(
      () =>
        client.messages.batches.create(
          { requests: items.map((it, i) => ({ custom_id: record.items[i].customId, params: it.request as unknown as Anthropic.MessageCreateParamsNonStreaming })) },
          // Not aborted by a cancel: once sent, the batch may exist (and bill) before its reply arrives. Its id comes
          // back and waitForBatch cancels it.
          { maxRetries: 0, timeout: 60_000 },
        ),
      { maxRetries: 2, deadline: performance.now() + 120_000, signal: o.signal ?? new AbortController().signal },
    );
    record.batchId = created.value.id;
  } catch (e) {
    const problem = o.signal?.aborted ? { state: 'cancelled' as const, message: 'Cancelled before the batch was created.' } : judgeErrorMessage(e instanceof RetryStopped ? e.error : e, model, hostOf(client));
    return { outcomes: items.map((it) => ({ id: it.id, key: it.key, problem })), ended: true, record };
  }
  await o.onCreated?.(record);
  return waitForBatch(client, record, o);
}

/**
 * Polls a batch until it ends and reads its results (also after a reload, from its record). A cancel (the signal)
 * asks the API to cancel the batch and still collects what it had answered: those answers are kept.
 */
export async function waitForBatch(client: Anthropic, record: BatchRecord, o: BatchOptions): Promise<BatchResult> {
  const pollMs = o.pollMs ?? 10_000;
  const total = record.items.length;
  let cancelAsked = false;
  let cancelDeadline = Infinity;
  let failures = 0;
  for (;;) {
    if (o.signal?.aborted && !cancelAsked) {
      cancelAsked = true;
      cancelDeadline = Date.now() + (o.cancelWaitMs ?? 120_000);
      try {
        await client.messages.batches.cancel(record.batchId, {}, { maxRetries: 2 });
      } catch {
        // An ended batch cannot be cancelled: the next status read says so.
      }
    }
    let batch: Anthropic.Messages.MessageBatch;
    try {
      batch = await client.messages.batches.retrieve(record.batchId, {}, { maxRetries: 2 });
      failures = 0;
    } catch (e) {
      if (isApiError(e) && e.status === 404) {
        const problem: JudgeProblem = { state: 'failed', message: `The batch ${record.batchId} is gone (404): run again.` };
        return { outcomes: record.items.map((it) => ({ id: it.id, key: it.key, problem })), ended: true, record };
      }
      // A passing network problem: keep polling, a few times.
      if (++failures > 5) {
        const problem = judgeErrorMessage(e, record.model, hostOf(client));
        return { outcomes: record.items.map((it) => ({ id: it.id, key: it.key, problem: { ...problem, message: `${problem.message} The batch ${record.batchId} is kept and resumes on the next run.` } })), ended: false, record };
      }
      batch = { processing_status: 'in_progress', request_counts: { processing: total, succeeded: 0, errored: 0, canceled: 0, expired: 0 } } as Anthropic.Messages.MessageBatch;
    }
    const c = batch.request_counts;
    o.onProgress?.({ status: batch.processing_status, processing: c.processing, succeeded: c.succeeded, errored: c.errored, canceled: c.canceled, expired: c.expired, total });
    if (batch.processing_status === 'ended') break;
    if (cancelAsked && Date.now() > cancelDeadline) {
      const problem: JudgeProblem = { state: 'cancelled', message: `Cancelled; the API has not ended batch ${record.batchId} yet, so its answers were not collected.` };
      return { outcomes: record.items.map((it) => ({ id: it.id, key: it.key, problem })), ended: false, record };
    }
    await sleep(cancelAsked ? Math.min(pollMs, 1000) : pollMs, cancelAsked ? undefined : o.signal);
  }

  const byCustomId = new Map(record.items.map((it) => [it.customId, it]));
  const outcomes = new Map<string, JudgeOutcome>();
  try {
    for await (const r of await client.messages.batches.results(record.batchId, {}, { maxRetries: 2 })) {
      const it = byCustomId.get(r.custom_id);
      if (!it) continue;
      const res = r.result;
      let outcome: JudgeOutcome;
      switch (res.type) {
        case 'succeeded': {
          const msg = res.message;
          const parsed = parseJudgeAnswer({ text: answerText(msg.content as { type: string; text?: string }[]), stopReason: msg.stop_reason ?? null, model: record.model }, it.key, o.date);
          outcome = 'verdict' in parsed ? { id: it.id, key: it.key, verdict: parsed.verdict } : { id: it.id, key: it.key, problem: parsed.problem };
          break;
        }
        case 'errored': {
          const err = (res as { error?: { error?: { type?: string; message?: string } } }).error?.error;
          outcome = { id: it.id, key: it.key, problem: { state: 'failed', message: `The batch item failed (${err?.type ?? 'error'}${err?.message ? `: ${err.message}` : ''}). Run again: only it is sent.` } };
          break;
        }
        case 'expired':
          outcome = { id: it.id, key: it.key, problem: { state: 'failed', message: 'The batch item expired before it was processed (24 h). Run again.' } };
          break;
        default:
          outcome = { id: it.id, key: it.key, problem: { state: 'cancelled', message: 'Cancelled with the batch before it was answered.' } };
      }
      outcomes.set(it.customId, outcome);
    }
  } catch (e) {
    const problem = judgeErrorMessage(e, record.model, hostOf(client));
    for (const it of record.items)
      if (!outcomes.has(it.customId)) outcomes.set(it.customId, { id: it.id, key: it.key, problem: { ...problem, message: `Reading the batch results failed: ${problem.message}` } });
  }
  return {
    outcomes: record.items.map((it) => outcomes.get(it.customId) ?? { id: it.id, key: it.key, problem: { state: 'failed', message: 'The batch returned no result for this card. Run again.' } }),
    ended: true,
    record,
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
