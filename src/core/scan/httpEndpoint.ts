// LLM calls made over HTTP without an SDK, shared by the TS/JS and Python scanners: which SDK call an endpoint
// stands for.

/** Cheap test on a file's text: can it hold a request to an LLM HTTP endpoint? */
export const HTTP_ENDPOINT_WORDS = /\/v1\/messages|\/chat\/completions|\/v1\/responses/;

/**
 * The SDK call an HTTP endpoint stands for, from the static text of a URL or path (`https://api.anthropic.com/v1/messages`,
 * `${base}/v1/messages`, `/v1/chat/completions?api-version=…` of any OpenAI-compatible host). Token counting,
 * model lists and other endpoints are not calls.
 */
export function httpEndpoint(text: string): { sdk: 'anthropic' | 'openai'; api: string; path: string } | null {
  const t = text.trim().replace(/[?#].*$/, '').replace(/\/+$/, '');
  if (/\/v1\/messages$/.test(t)) return { sdk: 'anthropic', api: 'messages.create', path: '/v1/messages' };
  if (/\/v1\/messages\/batches$/.test(t)) return { sdk: 'anthropic', api: 'messages.batches.create', path: '/v1/messages/batches' };
  if (/\/chat\/completions$/.test(t)) return { sdk: 'openai', api: 'chat.completions.create', path: t.match(/(\/v\d[\w.-]*)?\/chat\/completions$/)![0] };
  if (/\/v1\/responses$/.test(t)) return { sdk: 'openai', api: 'responses.create', path: '/v1/responses' };
  return null;
}
