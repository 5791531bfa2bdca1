// Retries of one comparison request, under one deadline for the whole run.
//
// Why not the SDK's own retries: it honours any `retry-after` up to 2^31 ms (a 429 asking for an hour waits an hour,
// twice), its wait is not bounded by anything we set, and it does not tell how many attempts it made. Here the
// SDK makes exactly one attempt per call (`maxRetries: 0`) and this loop decides, with the SDK's rules
// (x-should-retry, 408/409/429/5xx and connection errors; retry-after-ms, then retry-after, else exponential backoff),
// but never sleeps past the deadline: when the wait asked for does not fit, it stops at once and says so.
import { isApiError, isConnectionError } from './sdk';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Absolute time (ms, on `now`'s clock) by which the whole run must end. */
  deadline: number;
  signal: AbortSignal;
  now?: () => number;
  /** Exponential backoff without a retry-after header (default: the SDK's 0.5 s × 2^n, at most 8 s, 25% jitter). */
  backoffMs?: (retry: number) => number;
}

/** What the retries came to, for the error text: attempts made and, when the loop gave up early, why. */
export interface RetryOutcome {
  attempts: number;
  /** Set when a retry was due but its wait did not fit before the deadline. */
  waitTooLong?: { waitMs: number; leftMs: number };
}

export class RetryStopped extends Error {
  constructor(
    readonly error: unknown,
    readonly outcome: RetryOutcome,
  ) {
    super('retries stopped');
  }
}

const defaultBackoff = (retry: number): number => Math.min(0.5 * 2 ** retry, 8) * (1 - Math.random() * 0.25) * 1000;

/** Whether the SDK would retry this error (its rules, kept here since it no longer retries for us). */
export function isRetryable(e: unknown): boolean {
  if (isApiError(e) && typeof e.status === 'number') {
    const header = e.headers?.get('x-should-retry');
    if (header === 'true') return true;
    if (header === 'false') return false;
    return e.status === 408 || e.status === 409 || e.status === 429 || e.status >= 500;
  }
  // Connection failures and connection timeouts (APIConnectionTimeoutError extends APIConnectionError).
  return isConnectionError(e);
}

/** The wait the server asked for, in ms: retry-after-ms, then retry-after (seconds or an HTTP date); null when none. */
export function askedWaitMs(headers: Headers | undefined, nowMs = Date.now()): number | null {
  const ms = headers?.get('retry-after-ms');
  if (ms) {
    const n = parseFloat(ms);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  const after = headers?.get('retry-after');
  if (after) {
    const n = parseFloat(after);
    if (Number.isFinite(n)) return Math.max(0, n * 1000);
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  return null;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the next wait would end past the deadline. Throws
 * RetryStopped with the last error and the attempts made; resolves with the value and the attempts made.
 */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<{ value: T; attempts: number }> {
  const now = policy.now ?? (() => performance.now());
  const backoff = policy.backoffMs ?? defaultBackoff;
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      return { value: await attempt(), attempts };
    } catch (e) {
      const retriesMade = attempts - 1;
      if (policy.signal.aborted || retriesMade >= policy.maxRetries || !isRetryable(e)) throw new RetryStopped(e, { attempts });
      const asked = isApiError(e) ? askedWaitMs(e.headers) : null;
      const waitMs = asked !== null && asked > 0 ? asked : backoff(retriesMade);
      const leftMs = policy.deadline - now();
      if (waitMs >= leftMs) throw new RetryStopped(e, { attempts, waitTooLong: { waitMs, leftMs: Math.max(0, leftMs) } });
      if (!(await sleep(waitMs, policy.signal))) throw new RetryStopped(e, { attempts });
    }
  }
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
