// The provider catalogue as data (every name it uses exists), the provider a report names for each call, and the
// price of non-Claude models reached through another host. The shapes themselves are fixtures: test/fixtures/scan-ts
// and scan-py, folders provider-*, langchain-*, llamaindex-*, near-* (docs/contracts.md, "Provider catalogue").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENDPOINTS, KINDS, NON_GENERATING_MODEL, PACKAGES, providerOfClassName, providerOfHost, providerOfPrefix, type Action, type ArgMap } from '../../src/core/scan/catalogue';
import { cleanModelId } from '../../src/core/scan/engine/render';
import { scanTexts } from '../../src/core/scan/project';
import { analyzeCalls } from '../../src/core/analyze';
import { formatJson } from '../../src/core/report/index';
import { buildPriceBook } from '../../src/core/cost/prices';
import { currentPriceOf } from '../../src/core/cost/providerPrices';
import { providerOf } from '../../src/core/scan/provider';
import { fixedInfer, scannedCall } from './cost-fixtures';

const ARG_FIELDS = new Set(['params', 'positional', 'model', 'system', 'messages', 'prompt', 'maxTokens', 'temperature', 'tools', 'stop', 'stream', 'format', 'toolChoice', 'command', 'body']);
const SPECIAL_RETURNS = new Set(['$same', '$sequence', '$boto3', '$pick', '$parallel']);

function checkArgs(where: string, map: ArgMap | undefined, problems: string[]): void {
  for (const key of Object.keys(map ?? {})) if (!ARG_FIELDS.has(key)) problems.push(`${where}: unknown argument field "${key}"`);
}

function checkAction(where: string, a: Action, problems: string[]): void {
  if ('request' in a) {
    if (!a.request.api) problems.push(`${where}: a request without an api name`);
    checkArgs(where, a.request.args, problems);
  } else if ('configures' in a) {
    if (!KINDS[a.configures]) problems.push(`${where}: configures unknown kind "${a.configures}"`);
    checkArgs(where, a.bind, problems);
  } else if ('returns' in a) {
    const base = a.returns.split(':')[0];
    if (!SPECIAL_RETURNS.has(base) && !KINDS[base]) problems.push(`${where}: returns unknown kind "${a.returns}"`);
    checkArgs(where, a.bind, problems);
  }
}

test('every kind, export and method the catalogue names exists, and every argument map uses known fields', () => {
  const problems: string[] = [];
  for (const [name, k] of Object.entries(KINDS)) {
    for (const [path, a] of Object.entries(k.methods)) checkAction(`${name}.${path}`, a, problems);
    if (k.call) checkAction(`${name}()`, k.call, problems);
    checkArgs(`${name} binds`, k.binds, problems);
  }
  for (const p of PACKAGES) {
    assert.ok(p.modules.length, `a package without modules: ${JSON.stringify(p.exports)}`);
    for (const [name, e] of Object.entries(p.exports)) {
      const where = `${p.lang}:${p.modules[0]}.${name}`;
      if ('kind' in e) {
        if (!KINDS[e.kind.split(':')[0]]) problems.push(`${where}: unknown kind "${e.kind}"`);
      } else if ('instance' in e) {
        if (!KINDS[e.instance.split(':')[0]]) problems.push(`${where}: unknown kind "${e.instance}"`);
      } else checkAction(where, e, problems);
    }
    for (const pat of p.patterns ?? []) {
      assert.doesNotThrow(() => new RegExp(pat.re), where(p));
      if (!KINDS[pat.kind]) problems.push(`${where(p)}: pattern of unknown kind "${pat.kind}"`);
    }
    if (p.namespace && !KINDS[p.namespace]) problems.push(`${where(p)}: namespace of unknown kind "${p.namespace}"`);
  }
  for (const e of ENDPOINTS) checkArgs(`endpoint ${e.api}`, e.args, problems);
  assert.deepEqual(problems, []);
});

function where(p: { lang: string; modules: string[] }): string {
  return `${p.lang}:${p.modules.join(',')}`;
}

test('a model class and a base URL name the provider; a LiteLLM class leaves it to the model id', () => {
  const classes: [string, string | null][] = [
    ['ChatMistralAI', 'mistral'],
    ['AzureChatOpenAI', 'azure-openai'],
    ['ChatGoogleGenerativeAI', 'google'],
    ['ChatBedrockConverse', 'bedrock'],
    ['OllamaLLM', 'ollama'],
    ['Gemini', 'google'],
    ['OpenRouter', 'openrouter'],
    ['LMStudio', 'lmstudio'],
    ['ChatLiteLLM', null],
  ];
  for (const [name, provider] of classes) assert.equal(providerOfClassName(name), provider, name);
  const hosts: [string, string][] = [
    ['https://openrouter.ai/api/v1', 'openrouter'],
    ['https://api.together.xyz/v1', 'together'],
    ['https://api.groq.com/openai/v1', 'groq'],
    ['https://api.deepseek.com', 'deepseek'],
    ['https://api.fireworks.ai/inference/v1', 'fireworks'],
    ['http://localhost:1234/v1', 'lmstudio'],
    ['http://localhost:8000/v1', 'vllm'],
    ['http://gpu-box:11434', 'ollama'],
  ];
  for (const [url, provider] of hosts) assert.equal(providerOfHost(url), provider, url);
});

test('embedding, reranking, speech, image and moderation models are not text generation', () => {
  const quiet = ['text-embedding-3-small', 'amazon.titan-embed-text-v2:0', 'nomic-embed-text', 'gemini-embedding-001', 'rerank-english-v3.0', 'whisper-1', 'tts-1', 'gpt-4o-mini-tts', 'dall-e-3', 'gpt-image-1', 'imagen-4.0-generate-001', 'omni-moderation-latest', 'amazon.nova-canvas-v1:0'];
  const generating = ['gpt-4o-mini', 'claude-haiku-4-5', 'gemini-2.5-flash', 'amazon.titan-text-express-v1', 'mistral-large-latest', 'command-r-plus', 'llama3.2', 'qwen2.5-coder:7b', 'deepseek-chat', 'gpt-4.1-nano'];
  for (const id of quiet) assert.match(id, NON_GENERATING_MODEL);
  for (const id of generating) assert.doesNotMatch(id, NON_GENERATING_MODEL);
});

test('the JSON names the provider when the sdk does not: an OpenAI client at OpenRouter, a LangChain model', () => {
  const { calls } = scanTexts({
    'src/hosts.ts': [
      'import OpenAI from "openai";',
      'import Anthropic from "@anthropic-ai/sdk";',
      'import { ChatMistralAI } from "@langchain/mistralai";',
      'const router = new OpenAI({ baseURL: "https://openrouter.ai/api/v1" });',
      'const claude = new Anthropic();',
      'const mistral = new ChatMistralAI({ model: "mistral-small-latest" });',
      'export const title = (t: string) => router.chat.completions.create({ model: "google/gemini-2.5-flash", messages: [{ role: "user", content: `Title: ${t}` }] });',
      'export const tag = (t: string) => claude.messages.create({ model: "claude-haiku-4-5", max_tokens: 5, messages: [{ role: "user", content: `Tag: ${t}` }] });',
      'export const lang = (t: string) => mistral.invoke(`Language of: ${t}`);',
      '',
    ].join('\n'),
  });
  const report = analyzeCalls(calls, null, { root: '/repo', infer: fixedInfer('summarize_short', 'haiku') });
  const sites = (JSON.parse(formatJson(report)) as { callSites: { id: string; sdk: string; provider?: string; monthlyCost: { current: number | null } }[] }).callSites;
  const byId = Object.fromEntries(sites.map((s) => [s.id, s]));
  assert.deepEqual([byId['src/hosts.ts#title'].sdk, byId['src/hosts.ts#title'].provider], ['openai', 'openrouter']);
  assert.deepEqual([byId['src/hosts.ts#lang'].sdk, byId['src/hosts.ts#lang'].provider], ['langchain', 'mistral']);
  assert.equal(byId['src/hosts.ts#tag'].sdk, 'anthropic');
  assert.ok(!('provider' in byId['src/hosts.ts#tag']), 'no provider field when the sdk names it');
  // OpenRouter's id of the Gemini model carries its vendor: priced from the price database as OpenRouter's.
  assert.notEqual(byId['src/hosts.ts#title'].monthlyCost.current, null);
});

test('a model reached through OpenRouter is priced under its vendor-prefixed OpenRouter id', () => {
  const book = buildPriceBook();
  const p = currentPriceOf('gemini-2.5-flash', 'openrouter', book, '2026-12-05');
  assert.equal(p.origin, 'price-database');
  assert.equal(p.model?.id, 'google/gemini-2.5-flash');
  assert.equal(p.model?.provider, 'openrouter');
  // Together knows Llama under its Hugging Face organisation: the scanner keeps it in the model id.
  assert.equal(currentPriceOf('meta-llama/Llama-3.3-70B-Instruct-Turbo', 'together', book, '2026-12-05').origin, 'price-database');
});

test('frameworks are not providers: the model id decides (LlamaIndex, DSPy, CrewAI, AutoGen, instructor)', () => {
  for (const sdk of ['llamaindex', 'dspy', 'crewai', 'autogen', 'instructor', 'pydantic-ai', 'openai-agents', 'browser-use']) {
    const call = scannedCall({ sdk, model: { expression: '"gpt-4o-mini"', resolved: 'gpt-4o-mini', source: 'literal', span: null } });
    assert.equal(providerOf(call), 'openai', sdk);
  }
  // A provider read from the code (the class, the host) wins over the model's name.
  assert.equal(providerOf(scannedCall({ sdk: 'llamaindex', provider: 'ollama', model: { expression: '"mistral"', resolved: 'mistral', source: 'literal', span: null } })), 'ollama');
});

test('a job sent through a table of backends names its provider as configurable and says which ones in the report', () => {
  const { calls } = scanTexts({
    'src/backends.ts': [
      'import Groq from "groq-sdk";',
      'import { Ollama } from "ollama";',
      'class Cloud { client = new Groq(); run(model: string, p: string) { return this.client.chat.completions.create({ model, messages: [{ role: "user", content: p.trim() }] }); } }',
      'class Local { client = new Ollama(); run(model: string, p: string) { return this.client.generate({ model, prompt: p.trim() }); } }',
      'const TABLE = { cloud: new Cloud(), local: new Local() };',
      'export function send(vendor: "cloud" | "local", model: string, prompt: string) { return TABLE[vendor].run(model, prompt); }',
      '',
    ].join('\n'),
    'src/jobs.ts': ['import { send } from "./backends";', 'export const haiku = (v: "cloud" | "local", m: string, topic: string) => send(v, m, `Write a haiku about ${topic}.`);', ''].join('\n'),
  });
  const report = analyzeCalls(calls, null, { root: '/repo', infer: fixedInfer('generate_creative', 'sonnet') });
  const sites = (JSON.parse(formatJson(report)) as { callSites: { id: string; provider?: string; currentNote?: string; monthlyCost: { current: number | null } }[] }).callSites;
  assert.deepEqual(sites.map((s) => s.id), ['src/jobs.ts#haiku']);
  assert.equal(sites[0].provider, 'configurable');
  assert.equal(sites[0].monthlyCost.current, null);
  assert.match(sites[0].currentNote ?? '', /model not resolved: chosen at run time: one of an unresolved model on groq, an unresolved model on ollama/);
});

test('a model id keeps a Hugging Face organisation; a provider prefix (LiteLLM, PydanticAI, LangChain) is stripped and names the provider', () => {
  assert.equal(cleanModelId('mistralai/Mixtral-8x7B-Instruct-v0.1'), 'mistralai/Mixtral-8x7B-Instruct-v0.1');
  assert.equal(cleanModelId('meta-llama/Llama-3.3-70B-Instruct-Turbo'), 'meta-llama/Llama-3.3-70B-Instruct-Turbo');
  assert.equal(cleanModelId('mistralai:mistral-small-latest'), 'mistral-small-latest');
  assert.equal(cleanModelId('google-gla:gemini-2.5-flash'), 'gemini-2.5-flash');
  assert.equal(cleanModelId('groq/llama-3.1-8b-instant'), 'llama-3.1-8b-instant');
  assert.equal(providerOfPrefix('mistralai', '/'), null);
  assert.equal(providerOfPrefix('mistralai', ':'), 'mistral');
  assert.equal(providerOfPrefix('bedrock_converse', ''), 'bedrock');
  assert.equal(providerOfPrefix('google_genai', ''), 'google');
  assert.equal(providerOfPrefix('groq', '/'), 'groq');
});
