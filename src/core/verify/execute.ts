// Running many Messages requests: through the Message Batches API (half price; create, poll with backoff, read the
// results as JSONL), or as direct requests a few at a time that slow down when the API rate-limits them.
//
// A batch lives at Anthropic, not in this process: its id is handed to `onCreated` before the first poll, so a run
// cut short (a window reload, Ctrl+C) can be resumed by polling the same id, never by paying for a second batch.
import type Anthropic from '@anthropic-ai/sdk';
import { isApiError } from '../compare/sdk';
import { classifyError } from '../compare/errors';
import type { MessagesRequest } from '../compare/params';
import { RetryStopped, withRetries, type RetryOutcome } from '../compare/retry';
import type { ModelOutput, UsageTokens } from './types';

export interface ExecRequest {
  /** 1–64 characters of [A-Za-z0-9_-], unique in the run. */
  customId: string;
  params: MessagesRequest;
}

/** Longest answer kept per request (the grade reads it; the report shows less). */
export const MAX_OUTPUT_CHARS = 20_000;

export interface ExecProgress {
  done: number;
  total: number;
  /** For a batch: its id and status as the API says it ("in_progress", "canceling", "ended"). */
  batchId?: string;
  status?: string;
}

/** The Batches endpoint is not there (a proxy, a gateway) or not allowed for this key: a direct run may still work. */
export class BatchUnavailable extends Error {}
/** Polling failed too many times in a row: the batch goes on at Anthropic; poll it again later (resume). */
export class PollingStopped extends Error {
  constructor(
    message: string,
    readonly batchId: string,
  ) {
    super(message);
  }
}
/** The caller let go of the run (panel closed, window reloading) without cancelling it: the batch goes on. */
export class Detached extends Error {
  constructor(readonly batchId: string | null) {
    super('detached');
  }
}

function clip(text: string): string {
  return text.length > MAX_OUTPUT_CHARS ? `${text.slice(0, MAX_OUTPUT_CHARS)}…` : text;
}

interface MessageLike {
  content: Array<{ type: string; text?: string; input?: unknown; name?: string }>;
  usage: { input_tokens?: number | null; output_tokens?: number | null; cache_read_input_tokens?: number | null; cache_creation_input_tokens?: number | null };
  stop_reason?: string | null;
}

/** A message's answer as one text: text blocks, and a tool call's input as its JSON (that is the answer of a forced tool). */
export function outputOfMessage(m: MessageLike, latencyMs: number | null): ModelOutput {
  const texts: string[] = [];
  for (const b of m.content) {
    if (b.type === 'text' && typeof b.text === 'string') texts.push(b.text);
    else if (b.type === 'tool_use') texts.push(JSON.stringify(b.input ?? {}));
  }
  const u = m.usage;
  const usage: UsageTokens = { input: u.input_tokens ?? 0, output: u.output_tokens ?? 0, cacheRead: u.cache_read_input_tokens ?? 0, cacheWrite: u.cache_creation_input_tokens ?? 0 };
  return { status: 'succeeded', text: clip(texts.join('\n')), usage, stopReason: m.stop_reason ?? null, error: null, latencyMs };
}

const failed = (status: ModelOutput['status'], error: string): ModelOutput => ({ status, text: '', usage: null, stopReason: null, error, latencyMs: null });

function hostOf(client: Anthropic): string {
  try {
    return new URL(client.baseURL).host;
  } catch {
    return 'the Anthropic API';
  }
}

/** Resolves after `ms`, or rejects with the abort reason as soon as one of the signals fires. */
function sleep(ms: number, ...signals: Array<AbortSignal | undefined>): Promise<void> {
  return new Promise((resolve, reject) => {
    const live = signals.filter((s): s is AbortSignal => s !== undefined);
    const fired = live.find((s) => s.aborted);
    if (fired) return reject(fired);
    const done = (): void => {
      clearTimeout(timer);
      for (const s of live) s.removeEventListener('abort', onAbort);
    };
    const onAbort = (e: Event): void => {
      done();
      reject(e.target);
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, ms);
    for (const s of live) s.addEventListener('abort', onAbort, { once: true });
  });
}

// ---------------------------------------------------------------------------------------------
// Message Batches

export interface BatchOptions {
  /** The user cancelled: the batch is cancelled at Anthropic, and what finished before is still read. */
  signal: AbortSignal;
  /** Let go without cancelling (the batch runs on; resume later with its id). */
  detach?: AbortSignal;
  /** A batch created before: polled and read, never created again. */
  batchId?: string | null;
  onCreated?: (batchId: string) => void | Promise<void>;
  onProgress?: (p: ExecProgress) => void;
  /** Wait before status read n (0-based). Default 1 s doubling to at most 60 s. */
  pollDelayMs?: (poll: number) => number;
  /** Failed status reads in a row before giving up for now. Default 8. */
  maxPollFailures?: number;
  /** Limit of one API call (create, status, cancel, results). Default 60 s. */
  requestTimeoutMs?: number;
}

export const defaultPollDelay = (poll: number): number => Math.min(60_000, 1000 * 2 ** Math.min(poll, 6));

function countsDone(c: { succeeded?: number; errored?: number; canceled?: number; expired?: number } | undefined): number {
  return (c?.succeeded ?? 0) + (c?.errored ?? 0) + (c?.canceled ?? 0) + (c?.expired ?? 0);
}

/**
 * Runs the requests as one Message Batch and returns every request's output by custom id (requests the batch did
 * not answer are `not-run`). Throws BatchUnavailable when the endpoint refuses batches before anything was created,
 * PollingStopped when the API cannot be reached for a while, Detached when the caller let go.
 */
export async function runBatch(client: Anthropic, requests: readonly ExecRequest[], o: BatchOptions): Promise<{ batchId: string; outputs: Map<string, ModelOutput>; cancelled: boolean }> {
  const timeout = o.requestTimeoutMs ?? 60_000;
  const total = requests.length;
  let batchId = o.batchId ?? null;
  if (!batchId) {
    if (o.signal.aborted) return { batchId: '', outputs: notRun(requests, 'cancelled before the batch was created'), cancelled: true };
    const body = { requests: requests.map((r) => ({ custom_id: r.customId, params: r.params })) };
    try {
      // The request itself is not aborted by a cancel: once sent, the batch may exist (and bill) before its reply
      // arrives. Its id comes back and the poll below cancels it.
      const { value } = await withRetries(() => client.messages.batches.create(body as Parameters<typeof client.messages.batches.create>[0], { maxRetries: 0, timeout }), {
        maxRetries: 3,
        deadline: performance.now() + 5 * timeout,
        signal: o.signal,
      });
      batchId = value.id;
    } catch (e) {
      const err = e instanceof RetryStopped ? e.error : e;
      if (o.signal.aborted) return { batchId: '', outputs: notRun(requests, 'cancelled before the batch was created'), cancelled: true };
      if (isApiError(err) && (err.status === 404 || err.status === 405 || err.status === 501)) {
        throw new BatchUnavailable(`${hostOf(client)} has no Message Batches endpoint (${err.status}).`);
      }
      if (isApiError(err) && err.status === 403) throw new BatchUnavailable(`This key may not use the Message Batches API (403${err.message ? `: ${err.message.slice(0, 200)}` : ''}).`);
      throw new Error(describe(err, 'the batch', e instanceof RetryStopped ? e.outcome : undefined, client));
    }
    await o.onCreated?.(batchId);
  }
  o.onProgress?.({ done: 0, total, batchId, status: 'in_progress' });

  // Poll until it ends. A cancel asks the API to cancel, then keeps polling (briefly) for what did finish.
  let cancelled = false;
  let cancelSent = false;
  let failures = 0;
  let poll = 0;
  let lastError = '';
  const delay = o.pollDelayMs ?? defaultPollDelay;
  for (;;) {
    if (o.detach?.aborted) throw new Detached(batchId);
    if (o.signal.aborted && !cancelSent) {
      cancelled = true;
      cancelSent = true;
      poll = 0;
      await client.messages.batches.cancel(batchId, {}, { maxRetries: 2, timeout }).catch(() => undefined);
    }
    try {
      // The first read of a batch created a moment ago comes after the first wait; a resumed batch is read at once.
      if (poll > 0 || !o.batchId) await sleep(cancelSent ? Math.min(delay(poll), 2000) : delay(poll), cancelSent ? undefined : o.signal, o.detach);
    } catch (reason) {
      if (reason === o.detach) throw new Detached(batchId);
      continue; // cancelled while waiting: cancel at the top of the loop
    }
    poll++;
    let batch;
    try {
      batch = await client.messages.batches.retrieve(batchId, {}, { maxRetries: 0, timeout, signal: o.detach });
      failures = 0;
    } catch (e) {
      if (o.detach?.aborted) throw new Detached(batchId);
      if (isApiError(e) && e.status === 404) throw new Error(`Batch ${batchId} was not found at ${hostOf(client)} (404): it may have been deleted, or was made with another key.`);
      if (isApiError(e) && (e.status === 401 || e.status === 403)) throw new Error(describe(e, 'the batch', undefined, client));
      lastError = describe(e, 'the batch', undefined, client);
      if (++failures >= (o.maxPollFailures ?? 8)) {
        throw new PollingStopped(`Could not read batch ${batchId}'s status ${failures} times in a row (${lastError}). It goes on at Anthropic: resume later to read its results.`, batchId);
      }
      continue;
    }
    o.onProgress?.({ done: countsDone(batch.request_counts), total, batchId, status: batch.processing_status });
    if (batch.processing_status === 'ended') break;
    // A cancel that does not end within ~30 reads: read what is there on the next resume.
    if (cancelSent && poll > 30) throw new PollingStopped(`Batch ${batchId} was asked to cancel but has not ended yet; resume later to read what finished.`, batchId);
  }

  const outputs = new Map<string, ModelOutput>();
  let read = 0;
  try {
    for await (const r of await client.messages.batches.results(batchId, {}, { maxRetries: 2, timeout: 5 * timeout, signal: o.detach })) {
      outputs.set(r.custom_id, outputOfResult(r.result));
      if (++read % 50 === 0) o.onProgress?.({ done: total, total, batchId, status: 'reading results' });
    }
  } catch (e) {
    if (o.detach?.aborted) throw new Detached(batchId);
    throw new PollingStopped(`Batch ${batchId} ended but its results could not be read (${describe(e, 'the results', undefined, client)}). Resume to read them again.`, batchId);
  }
  for (const r of requests) if (!outputs.has(r.customId)) outputs.set(r.customId, failed('not-run', 'no result in the batch'));
  return { batchId, outputs, cancelled };
}

function outputOfResult(result: { type: string; message?: unknown; error?: unknown }): ModelOutput {
  switch (result.type) {
    case 'succeeded':
      return outputOfMessage(result.message as MessageLike, null);
    case 'errored': {
      const inner = (result.error as { error?: { type?: string; message?: string } } | undefined)?.error;
      return failed('errored', `errored in the batch (${inner?.type ?? 'error'}${inner?.message ? `: ${inner.message.slice(0, 200)}` : ''})`);
    }
    case 'expired':
      return failed('expired', 'expired: the batch did not reach it within 24 hours');
    case 'canceled':
      return failed('canceled', 'canceled before it ran');
    default:
      return failed('errored', `unknown result type "${result.type}"`);
  }
}

function notRun(requests: readonly ExecRequest[], why: string): Map<string, ModelOutput> {
  return new Map(requests.map((r) => [r.customId, failed('not-run', why)]));
}

function describe(e: unknown, model: string, outcome: RetryOutcome | undefined, client: Anthropic): string {
  return classifyError(e, {
    model,
    retries: Math.max(0, (outcome?.attempts ?? 1) - 1),
    waitTooLong: outcome?.waitTooLong,
    timeoutSeconds: 60,
    timedOut: false,
    cancelled: false,
    streamedChars: 0,
    streamStarted: false,
    host: hostOf(client),
  }).message;
}

// ---------------------------------------------------------------------------------------------
// Direct requests

export interface DirectOptions {
  signal: AbortSignal;
  /** Requests in flight at most; halved on a rate limit, grown back by one after 20 answers without one. Default 4. */
  concurrency?: number;
  /** One deadline per request, retries and their waits included. */
  timeoutMs: number;
  /** Retries after a retryable failure (429, 529, 5xx), honouring retry-after within the deadline. Default 4. */
  maxRetries?: number;
  backoffMs?: (retry: number) => number;
  onOutput?: (customId: string, output: ModelOutput) => void;
  onProgress?: (p: ExecProgress) => void;
}

/** Runs the requests one by one through the Messages API, a few at a time. Never throws; every request gets an output. */
export async function runDirect(client: Anthropic, requests: readonly ExecRequest[], o: DirectOptions): Promise<{ outputs: Map<string, ModelOutput>; cancelled: boolean; rateLimited: number }> {
  const outputs = new Map<string, ModelOutput>();
  const max = Math.max(1, Math.floor(o.concurrency ?? 4));
  let limit = max;
  let active = 0;
  let next = 0;
  let done = 0;
  let calm = 0;
  let rateLimited = 0;
  const total = requests.length;

  const one = async (r: ExecRequest): Promise<ModelOutput> => {
    const t0 = performance.now();
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    o.signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(), o.timeoutMs);
    let attemptStart = t0;
    try {
      const { value } = await withRetries(
        async () => {
          attemptStart = performance.now();
          try {
            return await client.messages.create({ ...r.params, stream: false } as Parameters<typeof client.messages.create>[0], { signal: controller.signal, maxRetries: 0, timeout: o.timeoutMs });
          } catch (e) {
            if (isApiError(e) && e.status === 429) {
              rateLimited++;
              calm = 0;
              limit = Math.max(1, Math.floor(limit / 2));
            }
            throw e;
          }
        },
        { maxRetries: o.maxRetries ?? 4, deadline: t0 + o.timeoutMs, signal: controller.signal, backoffMs: o.backoffMs },
      );
      if (++calm >= 20 && limit < max) {
        limit++;
        calm = 0;
      }
      return outputOfMessage(value as unknown as MessageLike, performance.now() - attemptStart);
    } catch (e) {
      const err = e instanceof RetryStopped ? e.error : e;
      const outcome = e instanceof RetryStopped ? e.outcome : undefined;
      if (o.signal.aborted) return failed('canceled', 'cancelled');
      const message = classifyError(err, {
        model: r.params.model,
        retries: Math.max(0, (outcome?.attempts ?? 1) - 1),
        waitTooLong: outcome?.waitTooLong,
        timeoutSeconds: Math.round(o.timeoutMs / 1000),
        timedOut: controller.signal.aborted,
        cancelled: false,
        streamedChars: 0,
        streamStarted: false,
        host: hostOf(client),
      }).message;
      return failed('failed', message);
    } finally {
      clearTimeout(timer);
      o.signal.removeEventListener('abort', onAbort);
    }
  };

  await new Promise<void>((resolve) => {
    const pump = (): void => {
      if (done === total) return resolve();
      while (active < limit && next < total) {
        const r = requests[next++]!;
        if (o.signal.aborted) {
          outputs.set(r.customId, failed('canceled', 'cancelled before it was sent'));
          done++;
          continue;
        }
        active++;
        void one(r).then((out) => {
          active--;
          done++;
          outputs.set(r.customId, out);
          o.onOutput?.(r.customId, out);
          o.onProgress?.({ done, total });
          pump();
        });
      }
      if (done === total) resolve();
    };
    pump();
  });
  return { outputs, cancelled: o.signal.aborted, rateLimited };
}

