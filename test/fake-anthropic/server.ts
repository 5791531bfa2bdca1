// A fake Anthropic Messages API on 127.0.0.1 for tests and benchmarks. The real @anthropic-ai/sdk talks to it
// through `baseURL`. Responses are derived from the request (see `fakeReplyText`) so tests can assert them.
//
// Endpoints: POST /v1/messages (JSON or SSE with the real event sequence), POST /v1/messages/count_tokens,
// the Message Batches API (POST /v1/messages/batches, GET …/batches/:id, GET …/:id/results as JSONL, POST …/:id/cancel,
// GET /v1/messages/batches), and a control API for tests in another process: POST /__fake/script (faults), GET /__fake/requests,
// POST /__fake/reset, POST /__fake/options ({ batchPolls, batchMinMs }), POST /__fake/batches/end (running batches end
// at their next status read).
//
// It mimics what matters for Tierwise: Haiku 5.5 / Sonnet 5+ reject non-default temperature / top_p / top_k and
// an assistant prefill with a 400; the key is checked (Bearer or x-api-key) but never printed.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultKind =
  | {
      kind: 'status';
      status: number;
      errorType?: string;
      message?: string;
      /** `retry-after` in seconds (may be large: 3600 asks for an hour). */
      retryAfterSeconds?: number;
      retryAfterMs?: number;
      /** `retry-after` as an HTTP date this many seconds from now (the other form the header takes). */
      retryAfterDateInSeconds?: number;
      /** `x-should-retry: true|false`, the API's own word on whether a retry can help. */
      shouldRetry?: boolean;
    }
  /** SSE only: close the connection after this many events (message_start counts as 1). */
  | { kind: 'cut'; afterEvents: number }
  /** SSE only: send an `event: error` after this many events (e.g. overloaded_error mid-stream). */
  | { kind: 'sse-error'; afterEvents: number; errorType: string }
  /** Delay before the first text delta (SSE) or before the whole answer (JSON). */
  | { kind: 'delay'; firstTokenMs: number }
  /** Accept the connection and never answer (for timeouts). */
  | { kind: 'hang' }
  /**
   * Answer with this text instead of the derived one (per request, and per batch item). With `whenText` (a regular
   * expression) only when the last user message matches it; `$1`, `$2`… in `text` are its groups (a label written into
   * a test input, say). `match` (a regular expression) limits it to requests whose whole text (system prompt and
   * messages) matches: a per-site answer for the judge. `stopReason` replaces `end_turn` (`refusal`, `max_tokens`).
   */
  | { kind: 'reply'; text: string; whenText?: string; match?: string; stopReason?: string }
  /** Batches: items whose custom_id matches `customId` (a regular expression) end this way instead of succeeding. */
  | { kind: 'batch-item'; customId: string; result: 'errored' | 'expired' | 'canceled'; errorType?: string }
  /** Batches created while it applies need this many status reads to end (a batch still running across a reload); POST /__fake/batches/end ends them. */
  | { kind: 'batch-slow'; polls: number };

export type Fault = FaultKind & {
  /** Only requests for this model (exact id). */
  model?: string;
  /** Only this endpoint; default messages. `/v1/messages/batches` covers every batch route. */
  path?: '/v1/messages' | '/v1/messages/count_tokens' | '/v1/messages/batches';
  /** How many matching requests it applies to; default every one. */
  times?: number;
};

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased header names. Kept whole so tests can assert the auth scheme; the server never prints them. */
  headers: Record<string, string>;
  body: unknown;
  /** Status the fake answered with (0 for a hung or cut connection before a status line). */
  status: number;
  at: number;
  /** When the client closed the connection before the answer was complete (a cancel), else null. */
  abortedAt: number | null;
}

export interface FakeAnthropicOptions {
  port?: number;
  /** The key clients must send. Default `sk-ant-test-key`. Null accepts any key (but one must be present). */
  apiKey?: string | null;
  /** Delay between streamed deltas, ms. Default 2. */
  chunkDelayMs?: number;
  /** The server closes itself after this long, so a forgotten server never outlives the tests. Default 10 min. */
  maxLifetimeMs?: number;
  faults?: Fault[];
  /** A batch ends after this many status reads (GET /v1/messages/batches/:id). Default 1. */
  batchPolls?: number;
  /** A batch ends no sooner than this long after it was created, however often it is read (a batch still running after a reload). Default 0. */
  batchMinMs?: number;
  /** The reply to a batch create comes this long after the batch exists (a Ctrl-C while the reply is on its way). Default 0. */
  batchCreateReplyMs?: number;
}

export interface FakeBatch {
  id: string;
  polls: number;
  /** Status reads before it ends (the server's batchPolls, or a `batch-slow` fault's). */
  pollsNeeded: number;
  status: 'in_progress' | 'canceling' | 'ended';
  createdAt: string;
  endedAt: string | null;
  cancelAt: string | null;
  items: { customId: string; result: object }[];
}

export interface FakeAnthropic {
  url: string;
  port: number;
  requests: RecordedRequest[];
  batches: Map<string, FakeBatch>;
  /** Replace the scripted faults (applied in order; the first matching one wins). */
  script(faults: Fault[]): void;
  reset(): void;
  close(): Promise<void>;
}

export const FAKE_API_KEY = 'sk-ant-test-key';

/** Models that reject non-default sampling parameters and assistant prefill (DESIGN.md). */
export function rejectsSamplingParams(model: string): boolean {
  return /^claude-(haiku-5-5|sonnet-5(-|$)|opus-5|fable-5)/.test(model);
}

interface MessageParam {
  role: string;
  content: string | Array<{ type: string; text?: string; cache_control?: unknown }>;
}

interface MessagesBody {
  model?: unknown;
  max_tokens?: unknown;
  messages?: unknown;
  system?: unknown;
  stream?: unknown;
  temperature?: unknown;
  top_p?: unknown;
  top_k?: unknown;
  tools?: unknown;
}

function textOf(content: MessageParam['content'] | unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((b) => (b && typeof b === 'object' && typeof b.text === 'string' ? b.text : '')).join('');
  return '';
}

/** Deterministic token count: one token per 4 UTF-16 units, at least 1 per non-empty text. */
export function fakeTokenCount(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

function inputTokens(body: MessagesBody): { uncached: number; cacheRead: number } {
  let uncached = 0;
  let cacheRead = 0;
  const add = (text: string, cached: boolean): void => {
    if (cached) cacheRead += fakeTokenCount(text);
    else uncached += fakeTokenCount(text);
  };
  if (typeof body.system === 'string') add(body.system, false);
  else if (Array.isArray(body.system)) for (const b of body.system) add(textOf([b]), Boolean(b?.cache_control));
  for (const m of (Array.isArray(body.messages) ? body.messages : []) as MessageParam[]) {
    if (Array.isArray(m.content)) for (const b of m.content) add(textOf([b]), Boolean(b?.cache_control));
    else add(textOf(m.content), false);
  }
  if (Array.isArray(body.tools)) add(JSON.stringify(body.tools), false);
  return { uncached: Math.max(1, uncached), cacheRead };
}

/** The answer the fake gives: names the model and echoes the last user message (capped), word by word. */
export function fakeReplyText(model: string, lastUserText: string): string {
  return `${model} says: ${lastUserText.slice(0, 400)}`;
}

/** How the fake splits a reply into deltas: words with their following space. */
export function fakeChunks(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** The whole text of a request (system prompt, then every message), for `reply` faults with `match`. */
function requestText(body: MessagesBody): string {
  const system = typeof body.system === 'string' ? body.system : Array.isArray(body.system) ? textOf(body.system) : '';
  const msgs = (Array.isArray(body.messages) ? body.messages : []) as MessageParam[];
  return [system, ...msgs.map((m) => textOf(m?.content))].join('\n');
}

function lastUserText(body: MessagesBody): string {
  const msgs = (Array.isArray(body.messages) ? body.messages : []) as MessageParam[];
  for (let i = msgs.length - 1; i >= 0; i--) if (msgs[i]?.role === 'user') return textOf(msgs[i]!.content);
  return '';
}

function errorBody(type: string, message: string): string {
  return JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_fake' });
}

const STATUS_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const expectedKey = options.apiKey === undefined ? FAKE_API_KEY : options.apiKey;
  const chunkDelay = options.chunkDelayMs ?? 2;
  let faults: Array<Fault & { used: number }> = (options.faults ?? []).map((f) => ({ ...f, used: 0 }));
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let msgCounter = 0;
  let batchCounter = 0;
  const batches = new Map<string, FakeBatch>();
  let batchPolls = Math.max(1, options.batchPolls ?? 1);
  let batchMinMs = Math.max(0, options.batchMinMs ?? 0);
  /** A batch may end at this read: enough reads, and old enough. */
  const mayEnd = (b: FakeBatch): boolean => b.polls >= b.pollsNeeded && Date.now() - Date.parse(b.createdAt) >= batchMinMs;

  const takeFault = (path: string, model: string, kinds: FaultKind['kind'][], userText?: string, wholeText?: string): Fault | undefined => {
    for (const f of faults) {
      if ((f.path ?? '/v1/messages') !== path) continue;
      if (f.model && f.model !== model) continue;
      if (!kinds.includes(f.kind)) continue;
      if (f.times !== undefined && f.used >= f.times) continue;
      if (f.kind === 'reply' && f.whenText !== undefined && !new RegExp(f.whenText).test(userText ?? '')) continue;
      if (f.kind === 'reply' && f.match !== undefined && !new RegExp(f.match).test(wholeText ?? '')) continue;
      return f;
    }
    return undefined;
  };
  /** The scripted reply's text, its `$n` filled from `whenText`'s groups. */
  const replyText = (f: Fault, userText: string): string => {
    if (f.kind !== 'reply') return '';
    const m = f.whenText !== undefined ? new RegExp(f.whenText).exec(userText) : null;
    return m ? f.text.replace(/\$(\d)/g, (_s, d: string) => m[Number(d)] ?? '') : f.text;
  };
  const use = (f: Fault | undefined): void => {
    if (f) (f as Fault & { used: number }).used++;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    });
  });
  server.on('connection', (s) => {
    // Each SSE event is its own small write: without this, Nagle + delayed ACK add ~40 ms to every first token.
    s.setNoDelay(true);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith('/__fake/')) return control(req, res, path, raw);

    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    let body: MessagesBody = {};
    try {
      body = raw ? (JSON.parse(raw) as MessagesBody) : {};
    } catch {
      body = {};
    }
    const record: RecordedRequest = { method: req.method ?? '', path, headers, body, status: 0, at: Date.now(), abortedAt: null };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.abortedAt = Date.now();
    });
    const send = (status: number, json: string, extra: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${requests.length}`, ...extra });
      res.end(json);
    };

    const isBatch = path === '/v1/messages/batches' || path.startsWith('/v1/messages/batches/');
    if (!isBatch && (req.method !== 'POST' || (path !== '/v1/messages' && path !== '/v1/messages/count_tokens'))) {
      return send(404, errorBody('not_found_error', `No route ${req.method} ${path}`));
    }
    const key = headers['x-api-key'] ?? (headers['authorization']?.startsWith('Bearer ') ? headers['authorization'].slice(7) : undefined);
    if (!key || (expectedKey !== null && key !== expectedKey)) {
      return send(401, errorBody('authentication_error', 'invalid x-api-key'));
    }
    if (isBatch) return batchRoute(req, res, path, raw, record, send);
    const model = typeof body.model === 'string' ? body.model : '';

    const hang = takeFault(path, model, ['hang']);
    if (hang) {
      use(hang);
      return; // never answer; the client's timeout or abort ends it
    }
    const status = takeFault(path, model, ['status']);
    if (status && status.kind === 'status') {
      use(status);
      const extra: Record<string, string> = {};
      if (status.retryAfterSeconds !== undefined) extra['retry-after'] = String(status.retryAfterSeconds);
      if (status.retryAfterMs !== undefined) extra['retry-after-ms'] = String(status.retryAfterMs);
      if (status.retryAfterDateInSeconds !== undefined) extra['retry-after'] = new Date(Date.now() + status.retryAfterDateInSeconds * 1000).toUTCString();
      if (status.shouldRetry !== undefined) extra['x-should-retry'] = String(status.shouldRetry);
      const type = status.errorType ?? STATUS_TYPES[status.status] ?? 'api_error';
      return send(status.status, errorBody(type, status.message ?? `fake ${type}`), extra);
    }

    if (!model.startsWith('claude-')) return send(404, errorBody('not_found_error', `model: ${model}`));
    const msgs = Array.isArray(body.messages) ? (body.messages as MessageParam[]) : [];
    if (msgs.length === 0) return send(400, errorBody('invalid_request_error', 'messages: at least one message is required'));
    if (rejectsSamplingParams(model)) {
      for (const p of ['temperature', 'top_p', 'top_k'] as const) {
        if (body[p] !== undefined && !(p === 'temperature' && body[p] === 1)) {
          return send(400, errorBody('invalid_request_error', `${p}: not supported by ${model}; omit it`));
        }
      }
      if (msgs[msgs.length - 1]?.role === 'assistant') {
        return send(400, errorBody('invalid_request_error', `assistant prefill is not supported by ${model}`));
      }
    }
    const tokens = inputTokens(body);
    if (path === '/v1/messages/count_tokens') {
      return send(200, JSON.stringify({ input_tokens: tokens.uncached + tokens.cacheRead }));
    }
    if (typeof body.max_tokens !== 'number' || body.max_tokens < 1) {
      return send(400, errorBody('invalid_request_error', 'max_tokens: field required'));
    }

    const userText = lastUserText(body);
    const replyFault = takeFault(path, model, ['reply'], userText, requestText(body));
    use(replyFault);
    const text = replyFault ? replyText(replyFault, userText) : fakeReplyText(model, userText);
    let parts = fakeChunks(text);
    let stopReason = replyFault && replyFault.kind === 'reply' && replyFault.stopReason ? replyFault.stopReason : 'end_turn';
    if (parts.length > body.max_tokens) {
      parts = parts.slice(0, body.max_tokens);
      stopReason = 'max_tokens';
    }
    const delayFault = takeFault(path, model, ['delay']);
    use(delayFault);
    const firstDelay = delayFault && delayFault.kind === 'delay' ? delayFault.firstTokenMs : 0;
    const id = `msg_fake_${++msgCounter}`;
    const usageStart = { input_tokens: tokens.uncached, cache_creation_input_tokens: 0, cache_read_input_tokens: tokens.cacheRead, output_tokens: 1 };

    if (body.stream !== true) {
      if (firstDelay) await sleep(firstDelay);
      return send(
        200,
        JSON.stringify({
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: [{ type: 'text', text: parts.join('') }],
          stop_reason: stopReason,
          stop_sequence: null,
          usage: { ...usageStart, output_tokens: parts.length },
        }),
      );
    }

    const cutFault = takeFault(path, model, ['cut', 'sse-error']);
    use(cutFault);
    const cut = cutFault && (cutFault.kind === 'cut' || cutFault.kind === 'sse-error') ? cutFault : undefined;
    record.status = 200;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_fake_${requests.length}` });
    res.flushHeaders();
    let sent = 0;
    const event = async (name: string, data: object): Promise<boolean> => {
      if (cut && sent >= cut.afterEvents) {
        if (cut.kind === 'sse-error') {
          res.end(`event: error\ndata: ${errorBody(cut.errorType, `fake ${cut.errorType}`)}\n\n`);
        } else {
          res.socket?.destroy();
        }
        return false;
      }
      if (res.destroyed || res.writableEnded) return false;
      res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
      sent++;
      return true;
    };
    const seq: Array<() => Promise<boolean>> = [
      () => event('message_start', { type: 'message_start', message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: usageStart } }),
      () => event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      () => event('ping', { type: 'ping' }),
    ];
    for (const step of seq) if (!(await step())) return;
    if (firstDelay) await sleep(firstDelay);
    for (let i = 0; i < parts.length; i++) {
      if (i > 0 && chunkDelay) await sleep(chunkDelay);
      if (!(await event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: parts[i] } }))) return;
    }
    if (!(await event('content_block_stop', { type: 'content_block_stop', index: 0 }))) return;
    if (
      !(await event('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: { output_tokens: parts.length, input_tokens: tokens.uncached, cache_creation_input_tokens: 0, cache_read_input_tokens: tokens.cacheRead },
      }))
    )
      return;
    if (!(await event('message_stop', { type: 'message_stop' }))) return;
    res.end();
  }

  /** The answer one batch item gets: the same as /v1/messages would give (validation, replies, scripted item faults). */
  function batchResult(customId: string, params: MessagesBody): object {
    for (const f of faults) {
      if (f.kind !== 'batch-item' || (f.times !== undefined && f.used >= f.times)) continue;
      if (!new RegExp(f.customId).test(customId)) continue;
      f.used++;
      if (f.result === 'errored') return { type: 'errored', error: { type: 'error', error: { type: f.errorType ?? 'api_error', message: `fake ${f.errorType ?? 'api_error'}` } } };
      return { type: f.result };
    }
    const model = typeof params.model === 'string' ? params.model : '';
    const msgs = Array.isArray(params.messages) ? (params.messages as MessageParam[]) : [];
    const invalid = (message: string) => ({ type: 'errored', error: { type: 'error', error: { type: 'invalid_request_error', message } } });
    if (!model.startsWith('claude-')) return invalid(`model: ${model}`);
    if (!msgs.length) return invalid('messages: at least one message is required');
    if (typeof params.max_tokens !== 'number' || params.max_tokens < 1) return invalid('max_tokens: field required');
    if (rejectsSamplingParams(model)) for (const p of ['temperature', 'top_p', 'top_k'] as const) if (params[p] !== undefined && !(p === 'temperature' && params[p] === 1)) return invalid(`${p}: not supported by ${model}; omit it`);
    const userText = lastUserText(params);
    const replyFault = takeFault('/v1/messages/batches', model, ['reply'], userText, requestText(params));
    use(replyFault);
    const text = replyFault ? replyText(replyFault, userText) : fakeReplyText(model, userText);
    let parts = fakeChunks(text);
    let stopReason = replyFault && replyFault.kind === 'reply' && replyFault.stopReason ? replyFault.stopReason : 'end_turn';
    if (parts.length > params.max_tokens) {
      parts = parts.slice(0, params.max_tokens);
      stopReason = 'max_tokens';
    }
    const tokens = inputTokens(params);
    return {
      type: 'succeeded',
      message: { id: `msg_fake_${++msgCounter}`, type: 'message', role: 'assistant', model, content: [{ type: 'text', text: parts.join('') }], stop_reason: stopReason, stop_sequence: null, usage: { input_tokens: tokens.uncached, cache_creation_input_tokens: 0, cache_read_input_tokens: tokens.cacheRead, output_tokens: parts.length } },
    };
  }

  function batchJson(b: FakeBatch): object {
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    for (const it of b.items) {
      if (b.status !== 'ended') counts.processing++;
      else counts[(it.result as { type: keyof typeof counts }).type]++;
    }
    return {
      id: b.id,
      type: 'message_batch',
      processing_status: b.status,
      request_counts: counts,
      created_at: b.createdAt,
      ended_at: b.endedAt,
      expires_at: new Date(Date.parse(b.createdAt) + 24 * 3600_000).toISOString(),
      archived_at: null,
      cancel_initiated_at: b.cancelAt,
      results_url: b.status === 'ended' ? `http://127.0.0.1:${port}/v1/messages/batches/${b.id}/results` : null,
    };
  }

  function endBatch(b: FakeBatch): void {
    if (b.status === 'ended') return;
    if (b.status === 'canceling') for (const it of b.items) if ((it.result as { type: string }).type === 'pending') it.result = { type: 'canceled' };
    for (const it of b.items) if ((it.result as { type: string }).type === 'pending') it.result = { type: 'expired' };
    b.status = 'ended';
    b.endedAt = new Date().toISOString();
  }

  function batchRoute(req: http.IncomingMessage, res: http.ServerResponse, path: string, raw: string, record: RecordedRequest, send: (status: number, json: string, extra?: Record<string, string>) => void): void {
    const status = takeFault('/v1/messages/batches', '', ['status']);
    if (status && status.kind === 'status') {
      use(status);
      const extra: Record<string, string> = {};
      if (status.retryAfterSeconds !== undefined) extra['retry-after'] = String(status.retryAfterSeconds);
      if (status.shouldRetry !== undefined) extra['x-should-retry'] = String(status.shouldRetry);
      const type = status.errorType ?? STATUS_TYPES[status.status] ?? 'api_error';
      return send(status.status, errorBody(type, status.message ?? `fake ${type}`), extra);
    }
    const m = /^\/v1\/messages\/batches(?:\/([\w-]+))?(?:\/(results|cancel))?$/.exec(path);
    if (!m) return send(404, errorBody('not_found_error', `No route ${req.method} ${path}`));
    const [, id, action] = m;
    if (!id && req.method === 'POST') {
      let body: { requests?: unknown };
      try {
        body = JSON.parse(raw) as { requests?: unknown };
      } catch {
        return send(400, errorBody('invalid_request_error', 'invalid JSON'));
      }
      const reqs = Array.isArray(body.requests) ? (body.requests as { custom_id?: unknown; params?: unknown }[]) : null;
      if (!reqs || !reqs.length) return send(400, errorBody('invalid_request_error', 'requests: at least one request is required'));
      const ids = new Set<string>();
      const items: FakeBatch['items'] = [];
      for (const r of reqs) {
        if (typeof r.custom_id !== 'string' || !/^[\w-]{1,64}$/.test(r.custom_id)) return send(400, errorBody('invalid_request_error', 'custom_id: 1-64 characters of [a-zA-Z0-9_-]'));
        if (ids.has(r.custom_id)) return send(400, errorBody('invalid_request_error', `custom_id: duplicate ${r.custom_id}`));
        ids.add(r.custom_id);
        items.push({ customId: r.custom_id, result: { type: 'pending', params: r.params } });
      }
      const slow = faults.find((f) => f.kind === 'batch-slow' && (f.times === undefined || f.used < f.times));
      use(slow);
      const pollsNeeded = slow && slow.kind === 'batch-slow' ? Math.max(1, slow.polls) : batchPolls;
      const batch: FakeBatch = { id: `msgbatch_fake_${++batchCounter}`, polls: 0, pollsNeeded, status: 'in_progress', createdAt: new Date().toISOString(), endedAt: null, cancelAt: null, items };
      // Results are decided now (replies, scripted item faults), revealed when the batch ends.
      for (const it of batch.items) it.result = { type: 'pending', decided: batchResult(it.customId, ((it.result as { params?: unknown }).params ?? {}) as MessagesBody) };
      batches.set(batch.id, batch);
      const reply = JSON.stringify(batchJson(batch));
      if (options.batchCreateReplyMs) {
        setTimeout(() => {
          if (!res.destroyed) send(200, reply);
        }, options.batchCreateReplyMs).unref();
        return;
      }
      return send(200, reply);
    }
    if (!id && req.method === 'GET') return send(200, JSON.stringify({ data: [...batches.values()].map(batchJson), has_more: false, first_id: null, last_id: null }));
    const batch = id ? batches.get(id) : undefined;
    if (!batch) return send(404, errorBody('not_found_error', `batch ${id} not found`));
    const reveal = () => {
      for (const it of batch.items) {
        const r = it.result as { type: string; decided?: object };
        if (r.type === 'pending' && r.decided) it.result = r.decided;
      }
    };
    if (action === 'cancel' && req.method === 'POST') {
      if (batch.status === 'in_progress') {
        batch.status = 'canceling';
        batch.cancelAt = new Date().toISOString();
      }
      return send(200, JSON.stringify(batchJson(batch)));
    }
    if (action === 'results' && req.method === 'GET') {
      if (batch.status !== 'ended') return send(404, errorBody('not_found_error', `batch ${batch.id} has not ended`));
      record.status = 200;
      res.writeHead(200, { 'content-type': 'application/binary' });
      res.end(batch.items.map((it) => JSON.stringify({ custom_id: it.customId, result: it.result })).join('\n') + '\n');
      return;
    }
    if (!action && req.method === 'GET') {
      batch.polls++;
      if (batch.status === 'canceling') {
        // Items already decided are kept only when the batch would have ended anyway.
        if (mayEnd(batch)) reveal();
        endBatch(batch);
      } else if (batch.status === 'in_progress' && mayEnd(batch)) {
        reveal();
        endBatch(batch);
      }
      return send(200, JSON.stringify(batchJson(batch)));
    }
    return send(404, errorBody('not_found_error', `No route ${req.method} ${path}`));
  }

  function control(req: http.IncomingMessage, res: http.ServerResponse, path: string, raw: string): void {
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (path === '/__fake/script' && req.method === 'POST') {
      try {
        const parsed = JSON.parse(raw) as unknown;
        if (!Array.isArray(parsed)) return json(400, { error: 'expected an array of faults' });
        api.script(parsed as Fault[]);
        return json(200, { ok: true, faults: parsed.length });
      } catch {
        return json(400, { error: 'bad JSON' });
      }
    }
    if (path === '/__fake/requests' && req.method === 'GET') return json(200, requests);
    if (path === '/__fake/options' && req.method === 'POST') {
      try {
        const o = JSON.parse(raw) as { batchPolls?: unknown; batchMinMs?: unknown };
        if (typeof o.batchPolls === 'number') batchPolls = Math.max(1, o.batchPolls);
        if (typeof o.batchMinMs === 'number') batchMinMs = Math.max(0, o.batchMinMs);
        return json(200, { ok: true, batchPolls, batchMinMs });
      } catch {
        return json(400, { error: 'bad JSON' });
      }
    }
    // Every batch still running ends at its next status read (a test decides when a slow batch is done).
    if (path === '/__fake/batches/end' && req.method === 'POST') {
      let n = 0;
      for (const b of batches.values()) {
        if (b.status === 'ended') continue;
        b.polls = Math.max(b.polls, b.pollsNeeded - 1);
        n++;
      }
      return json(200, { ok: true, batches: n });
    }
    if (path === '/__fake/reset' && req.method === 'POST') {
      api.reset();
      return json(200, { ok: true });
    }
    return json(404, { error: 'unknown control route' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closed = false;
  const lifetime = setTimeout(() => void api.close(), options.maxLifetimeMs ?? 10 * 60_000);
  lifetime.unref();

  const api: FakeAnthropic = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    batches,
    script(next: Fault[]) {
      faults = next.map((f) => ({ ...f, used: 0 }));
    },
    reset() {
      faults = [];
      requests.length = 0;
      batches.clear();
      batchPolls = Math.max(1, options.batchPolls ?? 1);
      batchMinMs = Math.max(0, options.batchMinMs ?? 0);
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      clearTimeout(lifetime);
      return new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
  return api;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// CLI: `node --import tsx test/fake-anthropic/server.ts --port 0 [--key K|--any-key] [--lifetime-seconds S] [--chunk-delay-ms N] [--exit-on-stdin-close]`
// prints its URL as the first stdout line, then serves until killed or the lifetime ends
// (with --exit-on-stdin-close also when the parent closes our stdin).
const isMain = typeof process.argv[1] === 'string' && /fake-anthropic[\\/]server\.(ts|js)$/.test(process.argv[1]);
if (isMain) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const lifetimeSeconds = Number(arg('--lifetime-seconds') ?? 600);
  void startFakeAnthropic({
    port: Number(arg('--port') ?? 0),
    apiKey: process.argv.includes('--any-key') ? null : (arg('--key') ?? FAKE_API_KEY),
    chunkDelayMs: arg('--chunk-delay-ms') !== undefined ? Number(arg('--chunk-delay-ms')) : undefined,
    maxLifetimeMs: lifetimeSeconds * 1000,
  }).then((fake) => {
    process.stdout.write(`${fake.url}\n`);
    const stop = (): void => void fake.close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    // A ref'd timer keeps the process alive while idle and ends it when the lifetime is over.
    setTimeout(stop, lifetimeSeconds * 1000);
    if (process.argv.includes('--exit-on-stdin-close')) process.stdin.on('end', stop).resume();
  });
}
