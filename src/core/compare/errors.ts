// Turns whatever the SDK or the network threw into one message per column that says what to do next.
import { isApiError, isConnectionError, isConnectionTimeout, isUserAbort } from './sdk';
import type { CompareError, CompareErrorKind } from './types';

export interface ErrorContext {
  model: string;
  /** Retries actually made before giving up (attempts − 1): a request not retried says nothing about retries. */
  retries: number;
  /** Set when a retry was due but the wait the API asked for (or the backoff) did not fit before the deadline. */
  waitTooLong?: { waitMs: number; leftMs: number };
  timeoutSeconds: number;
  /** The run was stopped by our own time limit. */
  timedOut: boolean;
  /** The user cancelled (or closed the panel). */
  cancelled: boolean;
  /** Characters streamed before the failure. */
  streamedChars: number;
  /** message_start arrived: the failure is mid-stream. */
  streamStarted: boolean;
  /** Host of the base URL, for "could not reach …". */
  host: string;
}

export function classifyError(e: unknown, ctx: ErrorContext): CompareError {
  const partial = ctx.streamedChars > 0;
  const keep = partial ? ' The text above is what arrived before it stopped.' : '';
  const make = (kind: CompareErrorKind, message: string, extra: Partial<CompareError> = {}): CompareError => ({
    kind,
    message: message + (kind === 'cancelled' ? '' : keep),
    partial,
    ...extra,
  });
  const tried = ctx.retries > 0 ? ` after ${ctx.retries} ${ctx.retries === 1 ? 'retry' : 'retries'}` : '';

  if (ctx.cancelled) return make('cancelled', partial ? 'Cancelled; the text above is partial.' : 'Cancelled.');
  if (ctx.timedOut || isConnectionTimeout(e)) {
    return make(
      'timeout',
      `No complete answer from ${ctx.model} within ${ctx.timeoutSeconds} s. Raise “tierwise.compare.timeoutSeconds” or lower max_tokens, then run again.`,
    );
  }
  if (isUserAbort(e)) return make('cancelled', partial ? 'Cancelled; the text above is partial.' : 'Cancelled.');
  if (isConnectionError(e)) {
    if (ctx.streamStarted) return streamCut(make, ctx);
    return make(
      'offline',
      `Could not reach ${ctx.host}${tried}: you may be offline, or a proxy or firewall blocks it. Check your connection and the “tierwise.anthropic.baseUrl” setting.`,
    );
  }
  if (isApiError(e)) {
    const status = typeof e.status === 'number' ? e.status : undefined;
    const type = e.type ?? errorTypeOf(e.error);
    const apiMessage = e.apiMessage ?? messageOf(e.error);
    if (status === undefined) {
      // An `event: error` inside an SSE stream: the request was accepted, then the API gave up mid-answer.
      if (type === 'overloaded_error') {
        return make('overloaded', `Anthropic is overloaded and stopped ${ctx.model} mid-answer (overloaded_error). Try again in a minute.`);
      }
      return make('server', `The API stopped ${ctx.model} mid-answer (${type ?? 'error'}${apiMessage ? `: ${apiMessage}` : ''}). Run again.`);
    }
    const retryAfter = retryAfterSeconds(e.headers);
    // The API asked for a wait longer than what is left of the run's time limit: say so, with the wait, rather than
    // waiting into a timeout (or for an hour).
    const tooLong = ctx.waitTooLong
      ? ` The API asks to wait ${duration(ctx.waitTooLong.waitMs)}, more than the ${duration(ctx.waitTooLong.leftMs)} left of this run's ${ctx.timeoutSeconds} s limit, so Tierwise did not wait.`
      : '';
    switch (true) {
      case status === 401:
        return make('auth', 'The API key was rejected (401). Set a valid key with “Tierwise: Set Anthropic API Key”.', { status });
      case status === 403:
        return make(
          'permission',
          `This key may not use ${ctx.model} (403 permission denied${apiMessage ? `: ${apiMessage}` : ''}). Check the key's workspace and model access in the Anthropic Console.`,
          { status },
        );
      case status === 404:
        return make(
          'model-not-found',
          `Model “${ctx.model}” was not found (404). Check the tier settings “tierwise.tiers.haiku” / “tierwise.tiers.sonnet” for a typo or a retired model.`,
          { status },
        );
      case status === 429:
        return make(
          'rate-limit',
          tooLong
            ? `Rate limited (429)${tried}.${tooLong} Run again once the wait is over, or use fewer repetitions.`
            : `Rate limited (429)${tried}.${retryAfter !== undefined ? ` The API asks to wait ${retryAfter} s before retrying.` : ''} Wait, then run again, or use fewer repetitions.`,
          { status, retryAfterSeconds: retryAfter ?? (ctx.waitTooLong ? Math.ceil(ctx.waitTooLong.waitMs / 1000) : undefined) },
        );
      case status === 529:
        return make('overloaded', `Anthropic is overloaded (529)${tried}.${tooLong} Try again in a minute.`, { status, retryAfterSeconds: retryAfter });
      case status >= 500:
        return make(
          'server',
          `Anthropic returned a server error (${status})${tried}.${tooLong} Try again; if it persists, check status.anthropic.com.`,
          { status, retryAfterSeconds: retryAfter },
        );
      case status === 400 || status === 413 || status === 422:
        return make(
          'bad-request',
          `The API rejected the request (${status}${apiMessage ? `: ${apiMessage}` : ''}). Edit the prompt or max_tokens and run again.`,
          { status },
        );
      default:
        return make('unknown', `The API answered ${status}${apiMessage ? `: ${apiMessage}` : ''}.`, { status });
    }
  }
  // Node's fetch throws a bare TypeError("terminated") when the server closes a stream mid-way.
  if (ctx.streamStarted) return streamCut(make, ctx);
  const msg = e instanceof Error ? e.message : String(e);
  return make('unknown', `The comparison failed: ${msg}`);
}

function streamCut(make: (k: CompareErrorKind, m: string) => CompareError, ctx: ErrorContext): CompareError {
  return make('stream-cut', `The connection to ${ctx.host} dropped in the middle of ${ctx.model}'s answer. Run again for a complete answer.`);
}

/** A stream that ended without `message_stop` and without an exception. */
export function streamEndedEarly(ctx: ErrorContext): CompareError {
  return classifyError(new Error('stream ended early'), { ...ctx, streamStarted: true });
}

/** "45 s", "2 min 5 s", "1 h" — a wait as a person reads it. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return `${h} h${m ? ` ${m} min` : ''}`;
}

function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const h = headers?.get('retry-after');
  if (h) {
    const n = Number(h);
    if (Number.isFinite(n)) return Math.max(0, Math.ceil(n));
    const date = Date.parse(h);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000));
  }
  const ms = headers?.get('retry-after-ms');
  return ms && Number.isFinite(Number(ms)) ? Math.ceil(Number(ms) / 1000) : undefined;
}

function errorTypeOf(body: unknown): string | undefined {
  const t = (body as { error?: { type?: unknown } } | undefined)?.error?.type;
  return typeof t === 'string' ? t : undefined;
}

function messageOf(body: unknown): string | undefined {
  const m = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof m === 'string' ? m.slice(0, 300) : undefined;
}
