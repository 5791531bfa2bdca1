// Which registry moves keep the provider a call talks to.
//
// A call's client decides where its request goes; the registry only supplies a model id string. So a move may
// put a Claude tier model on a call only when that call already sends Claude model ids (the Anthropic API, Bedrock
// or Vertex Anthropic clients, OpenRouter's or LiteLLM's `anthropic/…`, the Vercel AI SDK's `anthropic(…)`, …),
// written the way that call writes them. Every other call keeps its own model, under a registry key of its own
// (`classify_intent@openai`), so a registry entry is only ever shared by calls that need the very same string.
import type { ModelRef, ScannedCall, Tier } from '../types';
import { providerOf, providerOfModel } from '../scan/provider';

/** The facts of a call that say where its request goes (ScannedCall fields). */
export interface RouteFacts {
  sdk: string;
  provider?: string;
  baseUrl?: string;
  api?: string;
  wrapper?: Pick<NonNullable<ScannedCall['wrapper']>, 'innerSdk'>;
  model: Pick<ModelRef, 'resolved' | 'expression'>;
}

/** How a call writes a Claude model id: `claude-haiku-5-5`, `us.anthropic.claude-haiku-5-5-v1:0`, `anthropic/claude-haiku-5.5`. */
export interface ClaudeIdForm {
  kind: 'plain' | 'bedrock' | 'vertex';
  /** Provider prefixes before the id: `anthropic/`, `bedrock/`, `openrouter/anthropic/`, `anthropic:` (else ""). */
  outer: string;
  /** Bedrock's `anthropic.` with its optional region group (`us.anthropic.`); else "". */
  head: string;
  /** Bedrock's version suffix (`-v1:0`); else "". */
  tail: string;
  /** Versions written with dots (`claude-sonnet-4.5`: OpenRouter, the AI Gateway). */
  dotted: boolean;
}

export interface ModelRoute {
  /** The provider the call talks to: `providerOf(call)`, refined by the host of its base URL or request URL. */
  provider: string;
  /** That host, when the code names one. */
  host: string | null;
  /** The model id as the code writes it (the string the registry entry must hold to keep the call as it is). */
  written: string | null;
  /** How this call writes a Claude model; null when its client does not take Claude models. */
  claude: ClaudeIdForm | null;
  /** The registry key suffix (`classify_intent@openai`); null for the plain task key (Anthropic API model ids). */
  suffix: string | null;
  /** For messages: `OpenAI`, `Groq (api.groq.com)`. */
  label: string;
  /** Why the call gets no tier move (set when `claude` is null). */
  reason: string | null;
}

const PROVIDER_NAMES: Record<string, string> = {
  anthropic: 'Anthropic',
  openai: 'OpenAI',
  'azure-openai': 'Azure OpenAI',
  azure: 'Azure',
  google: 'Google',
  vertex: 'Vertex AI',
  bedrock: 'Amazon Bedrock',
  mistral: 'Mistral',
  cohere: 'Cohere',
  groq: 'Groq',
  ollama: 'Ollama',
  openrouter: 'OpenRouter',
  together: 'Together AI',
  deepseek: 'DeepSeek',
  fireworks: 'Fireworks',
  xai: 'xAI',
  lmstudio: 'LM Studio',
  vllm: 'vLLM',
  perplexity: 'Perplexity',
  cerebras: 'Cerebras',
};

const SDK_NAMES: Record<string, string> = {
  anthropic: 'the Anthropic SDK',
  openai: 'the OpenAI SDK',
  'vercel-ai': 'the Vercel AI SDK',
  langchain: 'LangChain',
  litellm: 'LiteLLM',
};

/** Hosts of the providers' APIs (and of their OpenAI-compatible endpoints). */
const HOSTS: Array<[RegExp, string]> = [
  [/(^|\.)anthropic\.com$/, 'anthropic'],
  [/(^|\.)openai\.azure\.com$|(^|\.)cognitiveservices\.azure\.com$/, 'azure-openai'],
  [/(^|\.)services\.ai\.azure\.com$/, 'azure'],
  [/(^|\.)openai\.com$/, 'openai'],
  [/(^|\.)openrouter\.ai$/, 'openrouter'],
  [/(^|\.)groq\.com$/, 'groq'],
  [/(^|\.)together\.(xyz|ai)$/, 'together'],
  [/(^|\.)deepseek\.com$/, 'deepseek'],
  [/(^|\.)fireworks\.ai$/, 'fireworks'],
  [/(^|\.)mistral\.ai$/, 'mistral'],
  [/(^|\.)cohere\.(ai|com)$/, 'cohere'],
  [/(^|\.)x\.ai$/, 'xai'],
  [/(^|\.)perplexity\.ai$/, 'perplexity'],
  [/(^|\.)cerebras\.ai$/, 'cerebras'],
  [/^generativelanguage\.googleapis\.com$/, 'google'],
  [/aiplatform\.googleapis\.com$/, 'vertex'],
  [/^bedrock-runtime\.[\w-]+\.amazonaws\.com$/, 'bedrock'],
  [/^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]):11434$|(^|\.)ollama(\.com)?$/, 'ollama'],
  [/^(localhost|127\.0\.0\.1):1234$/, 'lmstudio'],
];

/** The host of a URL or base URL as written (`https://api.groq.com/openai/v1` → `api.groq.com`); null when it names none. */
export function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  const m = /^[a-z][\w+.-]*:\/\/([^/?#\s"'`]+)/i.exec(url.trim());
  if (!m) return null;
  const host = m[1].replace(/^[^@]*@/, '').toLowerCase();
  return host || null;
}

/** The provider behind an API host, or null when the host is not a known one. */
export function providerOfHost(host: string): string | null {
  const bare = host.replace(/:(80|443)$/, '');
  for (const [re, provider] of HOSTS) if (re.test(bare)) return provider;
  return null;
}

/** Reads a Claude model id in any of the ways calls write one; null when `id` is not a Claude model. */
export function claudeIdForm(id: string): (ClaudeIdForm & { base: string }) | null {
  let rest = id.trim();
  const pre = /^((?:[A-Za-z][\w-]*[/:])+)/.exec(rest);
  const outer = pre ? pre[1] : '';
  rest = rest.slice(outer.length);
  const bedrock = /^((?:[a-z]{2,6}\.)?anthropic\.)(claude-[\w.-]+?)((?:-v\d+(?::\d+)?)?)$/.exec(rest);
  if (bedrock) return { kind: 'bedrock', outer, head: bedrock[1], tail: bedrock[3], dotted: isDotted(bedrock[2]), base: undot(bedrock[2]) };
  const vertex = /^(claude-[\w.-]+)@(\d{8}|latest)$/.exec(rest);
  if (vertex) return { kind: 'vertex', outer, head: '', tail: '', dotted: isDotted(vertex[1]), base: undot(vertex[1]) + (vertex[2] === 'latest' ? '' : `-${vertex[2]}`) };
  if (/^claude-[\w.-]+$/.test(rest)) return { kind: 'plain', outer, head: '', tail: '', dotted: isDotted(rest), base: undot(rest) };
  return null;
}

function isDotted(id: string): boolean {
  return /\d\.\d/.test(id);
}

function undot(id: string): string {
  return id.replace(/(\d)\.(\d)/g, '$1-$2');
}

/** `claude-haiku-5-5` → `claude-haiku-5.5`; dates (eight digits) stay. */
function dot(id: string): string {
  return id.replace(/(?<=-)(\d{1,2})-(\d{1,2})(?=-|$)/g, '$1.$2');
}

/** True for a Claude model id in any form. */
export function isClaudeModel(id: string): boolean {
  return claudeIdForm(id) !== null;
}

/** A Claude model (given in any form) written the way `form` writes model ids. */
export function formatClaudeModel(form: ClaudeIdForm, model: string): string {
  const parsed = claudeIdForm(model);
  let id = parsed ? parsed.base : model;
  if (form.dotted) id = dot(id);
  if (form.kind === 'vertex') id = id.replace(/-(\d{8})$/, '@$1');
  else if (form.kind === 'bedrock') id = `${form.head}${id}${form.tail}`;
  return form.outer + id;
}

/** Provider prefixes written before a model id (`groq/`, `openai/`, `anthropic:`), or "". */
function outerPrefix(id: string): string {
  return /^((?:[A-Za-z][\w-]*[/:])+)/.exec(id.trim())?.[1] ?? '';
}

/** Comparable spelling of a model id: no provider prefix, no Bedrock/Vertex decoration, lower case. */
function normalizeModelId(id: string): string {
  const c = claudeIdForm(id);
  if (c) return c.base.toLowerCase();
  return id.trim().slice(outerPrefix(id).length).toLowerCase();
}

/** String literals in a piece of source text (quotes of either language; template literals without holes). */
function stringLiterals(text: string): string[] {
  const out: string[] = [];
  const re = /(?:[rRbBuU]{0,2})("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\$]|\\.)*`)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1].slice(1, -1).replace(/\\(.)/g, '$1'));
  return out;
}

/**
 * The model id as the code writes it. The TypeScript scanner's `resolved` drops provider prefixes and Bedrock /
 * Vertex decoration (for prices), so the literal is read back from the expression or the constant's declaration.
 */
export function writtenModelOf(model: Pick<ModelRef, 'resolved' | 'expression' | 'declaredAt'>, readText?: (file: string) => string | null): string | null {
  const resolved = model.resolved;
  if (!resolved) return null;
  const same = (s: string) => s === resolved || normalizeModelId(s) === normalizeModelId(resolved);
  const inExpression = stringLiterals(model.expression).find(same);
  if (inExpression !== undefined) return inExpression;
  const at = model.declaredAt;
  if (at?.span && readText) {
    const text = readText(at.file);
    if (text !== null) {
      const lineEnd = text.indexOf('\n', at.span.end);
      const slice = text.slice(at.span.start, Math.max(at.span.end, lineEnd < 0 ? text.length : lineEnd, at.span.start + 400));
      const found = stringLiterals(slice).find(same);
      if (found !== undefined) return found;
    }
  }
  return resolved;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'other';
}

const FRAMEWORK_SDKS = new Set(['vercel-ai', 'langchain', 'litellm']);

/**
 * A prefix that picks the provider (`anthropic/`, `groq/`, `bedrock/`, `anthropic:`), as LiteLLM, LangChain's
 * init_chat_model and the AI Gateway read them; not a model's own namespace (`meta-llama/…`, `accounts/…`).
 */
function routingPrefix(id: string): boolean {
  const first = /^([A-Za-z][\w-]*)[/:]/.exec(id.trim())?.[1]?.toLowerCase();
  return first !== undefined && /^(anthropic|openai|azure|azure_ai|bedrock|bedrock_converse|vertex_ai|vertex|google|gemini|google-vertex|groq|mistral|ollama|ollama_chat|openrouter|together_ai|togetherai|deepseek|fireworks_ai|fireworks|xai|cohere|cohere_chat|perplexity|cerebras|huggingface|sagemaker|watsonx|databricks)$/.test(first);
}

/** Where a call's request goes and how it writes model ids. `callText`: the call's source (an HTTP call's URL names its host). */
export function routeOf(facts: RouteFacts, opts: { written?: string | null; callText?: string } = {}): ModelRoute {
  const sdk = facts.sdk === 'wrapper' ? (facts.wrapper?.innerSdk ?? 'unknown') : facts.sdk;
  const written = opts.written !== undefined ? opts.written : facts.model.resolved;
  let provider = providerOf({ sdk: facts.sdk, provider: facts.provider, wrapper: facts.wrapper as ScannedCall['wrapper'], model: { ...facts.model, source: 'literal', span: null } });
  const http = /^POST\s/.test(facts.api ?? '');
  const urlInCall = http && opts.callText ? /\b[a-z][\w+.-]*:\/\/[^\s"'`)]+/i.exec(opts.callText)?.[0] : undefined;
  const host = hostOf(facts.baseUrl) ?? hostOf(urlInCall);
  if (!facts.provider && host) {
    const byHost = providerOfHost(host);
    if (byHost) provider = byHost;
    else if (provider === 'openai' || provider === 'anthropic' || provider === 'unknown') provider = slug(host.replace(/:/g, '-'));
  }
  const form = written ? claudeIdForm(written) : null;
  let claude: ClaudeIdForm | null = form ? { kind: form.kind, outer: form.outer, head: form.head, tail: form.tail, dotted: form.dotted } : null;
  if (!claude && !written && provider === 'anthropic') claude = { kind: 'plain', outer: '', head: '', tail: '', dotted: false };

  let suffix: string | null;
  if (claude && claude.kind === 'plain' && !claude.outer && !claude.dotted && (provider === 'anthropic' || provider === 'unknown')) suffix = null;
  else if (claude && !claude.outer && claude.kind !== 'plain') suffix = claude.kind;
  else if (written && routingPrefix(written) && FRAMEWORK_SDKS.has(sdk) && !(sdk === 'vercel-ai' && !/^\s*["'`]/.test(facts.model.expression))) suffix = sdk;
  else if (provider !== 'unknown' && provider !== 'anthropic') suffix = slug(provider);
  else suffix = slug(sdk === 'unknown' ? 'other' : sdk);

  const name = PROVIDER_NAMES[provider] ?? host ?? (provider === 'unknown' ? 'a provider other than Anthropic' : provider);
  const label = host && PROVIDER_NAMES[provider] ? `${name} (${host})` : name;
  let reason: string | null = null;
  if (!claude) {
    const through = http ? ' over HTTP' : SDK_NAMES[sdk] ? ` through ${SDK_NAMES[sdk]}` : '';
    const model = written ? ` with ${written}` : '';
    reason = `this call goes to ${label}${through}${model}; a Claude tier would change the provider it talks to, so the registry keeps its own model`;
  }
  return { provider, host, written, claude, suffix, label, reason };
}

/** The registry key of a task type for a call: the task itself for Anthropic API ids, else `task@suffix`. */
export function registryKey(task: string, route: Pick<ModelRoute, 'suffix'>): string {
  return route.suffix ? `${task}@${route.suffix}` : task;
}

/** `classify_intent@openai` → { task: "classify_intent", route: "openai" }. */
export function splitRegistryKey(key: string): { task: string; route: string | null } {
  const at = key.lastIndexOf('@');
  return at > 0 && at < key.length - 1 ? { task: key.slice(0, at), route: key.slice(at + 1) } : { task: key, route: null };
}

/** Can this call run on `model` without changing the provider it talks to (and in the form its client reads)? */
export function routeAccepts(route: ModelRoute, model: string): boolean {
  if (route.written !== null && model === route.written) return true;
  const form = claudeIdForm(model);
  if (route.claude) return form !== null && formatClaudeModel(route.claude, model) === model;
  if (form) return false;
  if (outerPrefix(model) !== outerPrefix(route.written ?? '')) return false;
  return providerOfModel(model) === providerOfModel(route.written);
}

export type RouteTarget = { ok: true; model: string } | { ok: false; message: string };

/**
 * The model a registry entry must hold for `requested`: a Claude model is written the call's way (refused when its
 * client takes no Claude model); any other model only when the call can run on it.
 */
export function modelForRoute(route: ModelRoute, requested: string): RouteTarget {
  if (route.written !== null && requested === route.written) return { ok: true, model: requested };
  if (isClaudeModel(requested)) {
    if (!route.claude) return { ok: false, message: route.reason ?? `this call does not take Claude models` };
    return { ok: true, model: formatClaudeModel(route.claude, requested) };
  }
  if (routeAccepts(route, requested)) return { ok: true, model: requested };
  return { ok: false, message: `${requested} is not a model this call's client (${route.label}${route.written ? `, now ${route.written}` : ''}) serves; moving it there would change the provider it talks to` };
}

export interface MoveOption {
  /** A Claude tier, or the call's own model kept. */
  kind: 'tier' | 'keep';
  tier: Tier | null;
  /** The model id the registry entry holds, written the call's way. */
  model: string;
}

/** The moves a call can take: the Claude tiers (when its client takes them) and its own model kept. */
export function moveOptions(route: ModelRoute, tiers: { haiku: string; sonnet: string }): { tiers: MoveOption[]; keep: MoveOption | null; blocked: string | null } {
  const out: MoveOption[] = [];
  if (route.claude) {
    for (const tier of ['haiku', 'sonnet'] as const) out.push({ kind: 'tier', tier, model: formatClaudeModel(route.claude, tiers[tier]) });
  }
  const keep = route.written && !out.some((o) => o.model === route.written) ? { kind: 'keep' as const, tier: null, model: route.written } : null;
  return { tiers: out, keep, blocked: route.claude ? null : route.reason };
}
