// Runs one prompt on two models at once through @anthropic-ai/sdk streaming, and reports each column as data.
// The client is passed in (its key and base URL are the caller's business); nothing here reads settings or env.
import type Anthropic from '@anthropic-ai/sdk';
import { anthropicSdk } from './sdk';
import type { PriceBook } from '../cost/prices';
import { callCostUsd } from './cost';
import { classifyError, streamEndedEarly, type ErrorContext } from './errors';
import { buildRequest } from './params';
import { RetryStopped, withRetries, type RetryOutcome } from './retry';
import { columnStats } from './stats';
import type { ColumnStats, CompareColumn, ComparePrompt, RunResult, UsageTokens } from './types';

export interface ClientOptions {
  apiKey: string;
  /** Undefined: the SDK default. */
  baseURL?: string;
  timeoutMs: number;
  maxRetries?: number;
}

/**
 * A client that uses exactly the key given: passing `apiKey` stops the SDK from reading other credentials,
 * and `logLevel: 'off'` keeps request details out of any console.
 */
export function createCompareClient(o: ClientOptions): Anthropic {
  return new (anthropicSdk().default)({ apiKey: o.apiKey, baseURL: o.baseURL, timeout: o.timeoutMs, maxRetries: o.maxRetries ?? 2, logLevel: 'off' });
}

/**
 * One client per (key, base URL, limits), reused across runs: a new client means a new connection pool, and a new
 * TLS handshake would add to the first run's time to first token for no reason.
 */
export function compareClientCache(): (o: ClientOptions) => Anthropic {
  let last: { id: string; client: Anthropic } | null = null;
  return (o) => {
    const id = JSON.stringify([o.apiKey, o.baseURL ?? '', o.timeoutMs, o.maxRetries ?? 2]);
    if (last?.id !== id) last = { id, client: createCompareClient(o) };
    return last.client;
  };
}

export interface RunOptions {
  signal?: AbortSignal;
  /** One deadline for the whole run of a model: every attempt, every wait between attempts, and the streamed answer. */
  timeoutMs: number;
  /** Retries after a retryable failure (429, 529, 5xx, connection errors), within the deadline. Default 2. */
  maxRetries?: number;
  /** Backoff without a retry-after header (tests); default the SDK's. */
  backoffMs?: (retry: number) => number;
  priceBook: PriceBook;
  onText?: (chunk: string) => void;
  now?: () => number;
}

export async function runModel(client: Anthropic, model: string, prompt: ComparePrompt, o: RunOptions): Promise<RunResult> {
  const now = o.now ?? (() => performance.now());
  const { request, omitted } = buildRequest(model, prompt);
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = (): void => controller.abort();
  if (o.signal?.aborted) controller.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  // Our own limit covers the whole run (attempts, waits between them, the streamed answer); the SDK's timeout
  // only covers waiting for one response's headers.
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, o.timeoutMs);

  const t0 = now();
  let outcome: RetryOutcome = { attempts: 0 };
  let text = '';
  let ttftMs: number | null = null;
  let usage: UsageTokens | null = null;
  let stopReason: string | null = null;
  let started = false;
  let stopped = false;
  let thrown: unknown = null;
  const emit = (chunk: string): void => {
    if (!chunk) return;
    if (ttftMs === null) ttftMs = now() - t0;
    text += chunk;
    o.onText?.(chunk);
  };
  try {
    // One attempt per SDK call (maxRetries 0): the retries are ours, bounded by the deadline.
    const { value: stream, attempts } = await withRetries(() => client.messages.create({ ...request, stream: true }, { signal: controller.signal, maxRetries: 0 }), {
      maxRetries: o.maxRetries ?? 2,
      deadline: t0 + o.timeoutMs,
      signal: controller.signal,
      now,
      backoffMs: o.backoffMs,
    });
    outcome = { attempts };
    for await (const ev of stream) {
      switch (ev.type) {
        case 'message_start': {
          started = true;
          const u = ev.message.usage;
          usage = { input: u.input_tokens ?? 0, output: u.output_tokens ?? 0, cacheRead: u.cache_read_input_tokens ?? 0, cacheWrite: u.cache_creation_input_tokens ?? 0 };
          break;
        }
        case 'content_block_start':
          if (ev.content_block.type === 'tool_use') emit(`${text ? '\n' : ''}[tool_use ${ev.content_block.name}] `);
          break;
        case 'content_block_delta':
          if (ev.delta.type === 'text_delta') emit(ev.delta.text);
          else if (ev.delta.type === 'input_json_delta') emit(ev.delta.partial_json);
          break;
        case 'message_delta': {
          stopReason = ev.delta.stop_reason ?? stopReason;
          const u = ev.usage;
          const prev = usage as UsageTokens | null;
          usage = {
            input: u.input_tokens ?? prev?.input ?? 0,
            output: u.output_tokens ?? prev?.output ?? 0,
            cacheRead: u.cache_read_input_tokens ?? prev?.cacheRead ?? 0,
            cacheWrite: u.cache_creation_input_tokens ?? prev?.cacheWrite ?? 0,
          };
          break;
        }
        case 'message_stop':
          stopped = true;
          break;
      }
    }
  } catch (e) {
    if (e instanceof RetryStopped) {
      thrown = e.error;
      outcome = e.outcome;
    } else thrown = e;
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
  const latencyMs = now() - t0;
  const ctx: ErrorContext = {
    model,
    retries: Math.max(0, outcome.attempts - 1),
    waitTooLong: outcome.waitTooLong,
    timeoutSeconds: Math.round(o.timeoutMs / 1000),
    timedOut,
    cancelled: !timedOut && controller.signal.aborted,
    streamedChars: text.length,
    streamStarted: started,
    host: hostOf(client.baseURL),
  };
  // The SDK's stream ends quietly when aborted, so an abort is read from the signal, not from an exception.
  let error = thrown !== null || controller.signal.aborted ? classifyError(thrown, ctx) : null;
  if (!error && !stopped) error = streamEndedEarly(ctx);
  const costUsd = usage ? callCostUsd(o.priceBook, model, usage) : null;
  return { model, text, ttftMs, latencyMs, usage, costUsd, stopReason, error, omitted, attempts: outcome.attempts };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the Anthropic API';
  }
}

export interface PairOptions extends Omit<RunOptions, 'onText'> {
  onText?: (column: CompareColumn, chunk: string) => void;
  onResult?: (column: CompareColumn, result: RunResult) => void;
}

/** Both columns at once; one failing never stops the other. */
export async function runPair(
  client: Anthropic,
  models: Record<CompareColumn, string>,
  prompt: ComparePrompt,
  o: PairOptions,
): Promise<Record<CompareColumn, RunResult>> {
  const one = async (column: CompareColumn): Promise<RunResult> => {
    const result = await runModel(client, models[column], prompt, { ...o, onText: o.onText ? (c) => o.onText!(column, c) : undefined });
    o.onResult?.(column, result);
    return result;
  };
  const [haiku, sonnet] = await Promise.all([one('haiku'), one('sonnet')]);
  return { haiku, sonnet };
}

export interface RepeatOptions extends PairOptions {
  runs: number;
  onRunDone?: (index: number, pair: Record<CompareColumn, RunResult>) => void;
}

/** N runs, one pair at a time (both columns concurrent inside a run), stopping early when cancelled. */
export async function runRepeated(
  client: Anthropic,
  models: Record<CompareColumn, string>,
  prompt: ComparePrompt,
  o: RepeatOptions,
): Promise<{ results: Record<CompareColumn, RunResult[]>; stats: Record<CompareColumn, ColumnStats> }> {
  const results: Record<CompareColumn, RunResult[]> = { haiku: [], sonnet: [] };
  for (let i = 0; i < o.runs; i++) {
    if (o.signal?.aborted) break;
    const pair = await runPair(client, models, prompt, o);
    results.haiku.push(pair.haiku);
    results.sonnet.push(pair.sonnet);
    o.onRunDone?.(i, pair);
  }
  return { results, stats: { haiku: columnStats(results.haiku), sonnet: columnStats(results.sonnet) } };
}

/** Input tokens of the prompt on one model, counted by the API (free). Null on any failure: the caller falls back to an estimate. */
export async function countInputTokens(client: Anthropic, model: string, prompt: ComparePrompt, signal?: AbortSignal, timeoutMs = 10_000): Promise<number | null> {
  const { request } = buildRequest(model, prompt);
  if (request.messages.length === 0) return null;
  try {
    const r = await client.messages.countTokens(
      { model, messages: request.messages, ...(request.system ? { system: request.system } : {}), ...(request.tools ? { tools: request.tools } : {}) },
      // A count that does not come quickly is not worth waiting for: the local estimate stands in.
      { signal, maxRetries: 0, timeout: timeoutMs },
    );
    return typeof r.input_tokens === 'number' ? r.input_tokens : null;
  } catch {
    return null;
  }
}
