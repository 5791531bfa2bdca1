// Deterministic generator of a monorepo with a realistic LLM layer, for the monorepo scan benchmark
// (monorepo.bench.ts). TypeScript workspaces (apps/web, apps/admin, apps/api, apps/worker, packages/llm, db, shared,
// ui) with tsconfig `paths`, and a Python service (services/ml). The app reaches its models only through its own
// layer: helpers several files deep, a provider interface with OpenAI, Anthropic and Ollama implementations picked
// from config, a client class kept on `this` and as a module singleton, factories that return LLM functions, and a
// few direct SDK calls in scripts. Thousands of ordinary files (repositories, services, controllers, React
// components, hooks, utilities) are not LLM code; some are near misses (embeddings, moderation, token counting,
// `prisma.message.create`, Twilio `messages.create`, methods named complete/run/generate, a fetch of the app's own
// /api/chat, tests with a mock provider, callers of a fixed-instruction job that pass only data, a model or a client).
//
// The generator knows its own ground truth: every LLM job it writes (file + enclosing function, each with its own
// instruction text) and the shape of the layer that carries it. Same seed, same bytes: no clock, no network.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { rng } from './scan-tree';

export interface JobSite {
  /** Path relative to the generated root, forward slashes. */
  file: string;
  /** The enclosing function as a reader names it: `name` or `Class.method`. */
  fn: string;
  /** Which shape of the app's LLM layer carries the job (the bench groups misses by it). */
  shape: string;
  language: 'typescript' | 'python';
  instruction: string;
}

export interface Monorepo {
  /** Source and config files, by relative path. */
  files: Map<string, string>;
  /** Files under git-ignored folders (dependencies, build output): never read by a scanner. */
  ignored: Map<string, string>;
  jobs: JobSite[];
  /** Source files (.ts/.tsx/.js/.py), test files included. */
  sourceFiles: number;
  /** Of those, test files (left out of a scan by default). */
  testFiles: number;
  /** Non-job files written on purpose to look like LLM code, with what they are. */
  nearMisses: { file: string; what: string }[];
}

export interface MonorepoOptions {
  /** Source files in all (default 3,000). */
  sourceFiles?: number;
  /** LLM jobs in TypeScript (default 130) and in Python (default 20). */
  tsJobs?: number;
  pyJobs?: number;
  seed?: number;
}

// ─── names ──────────────────────────────────────────────────────────────────────────────────────────────────────────

interface Entity {
  domain: string;
  /** camelCase identifier (`taxRate`). */
  name: string;
  /** What a person calls one (`tax rate notice`): the object of the job's instruction. */
  noun: string;
}

const DOMAINS: Record<string, string> = {
  billing: 'invoice:invoice payment:failed payment notice subscription:subscription change plan:pricing plan coupon:coupon campaign refund:refund request taxRate:tax rate notice creditNote:credit note paymentMethod:payment method update payout:payout statement',
  crm: 'contact:contact record company:company profile deal:deal summary lead:inbound lead pipeline:pipeline review activity:activity log note:account note campaign:email campaign segment:customer segment call:sales call transcript',
  support: 'ticket:support ticket message:customer message macro:support macro sla:SLA breach report survey:satisfaction survey answer article:help-center article agentShift:agent shift note queue:queue overview escalation:escalation request chatTranscript:chat transcript',
  catalog: 'product:product description variant:product variant category:category page brand:brand guideline priceList:price list inventoryItem:inventory report bundle:product bundle collection:seasonal collection attribute:attribute list mediaAsset:image caption',
  logistics: 'shipment:shipment update warehouse:warehouse report carrier:carrier contract parcel:damaged parcel claim route:delivery route plan pickup:pickup request returnRequest:return request stockTransfer:stock transfer note dock:dock schedule manifest:shipping manifest',
  identity: 'user:user profile team:team charter role:role description permission:permission request session:suspicious session log apiKey:API key request invitation:invitation email organization:organization profile auditEvent:audit event device:device report',
  content: 'post:blog post page:landing page comment:reader comment author:author bio newsletter:newsletter draft asset:asset description revision:page revision menu:navigation menu redirect:redirect rule form:form submission',
  analytics: 'dashboard:dashboard description report:weekly report metric:metric definition event:tracking event spec funnel:funnel analysis cohort:cohort analysis experiment:experiment result alert:alert notification exportJob:export job log widget:widget description',
  hr: 'employee:employee record department:department plan leaveRequest:leave request payslip:payslip position:job posting candidate:candidate resume interview:interview notes offer:offer letter performanceReview:performance review timesheet:timesheet',
  projects: 'project:project brief task:task description milestone:milestone update sprint:sprint retrospective board:board overview epic:epic description timeEntry:time entry workspace:workspace settings page label:label set attachment:attachment summary',
};

function entities(): Entity[] {
  const out: Entity[] = [];
  for (const [domain, list] of Object.entries(DOMAINS)) {
    // `name:noun words…` pairs; a noun runs until the next `word:`.
    for (const m of list.matchAll(/(\w+):((?:(?!\s\w+:).)+)/g)) out.push({ domain, name: m[1], noun: m[2].trim() });
  }
  return out;
}

const pascal = (s: string): string => s[0].toUpperCase() + s.slice(1);
const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const plural = (s: string): string => (/[^aeiou]y$/.test(s) ? `${s.slice(0, -1)}ies` : /(s|x|ch|sh)$/.test(s) ? `${s}es` : `${s}s`);
const nounPascal = (noun: string): string => noun.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => pascal(w.toLowerCase() === w ? w : w.toLowerCase())).join('');

/** The job's task: a verb for the function name and its instruction text about one kind of record. */
const TASKS: { verb: string; text: (noun: string) => string }[] = [
  { verb: 'summarize', text: (n) => `Summarize the ${n} in three short bullet points for a busy manager.` },
  { verb: 'classify', text: (n) => `Classify the ${n} as urgent, normal or low priority. Answer with one word.` },
  { verb: 'extractFieldsFrom', text: (n) => `Extract every date, amount and person's name from the ${n} and return them as JSON.` },
  { verb: 'translate', text: (n) => `Translate the ${n} into German; keep product names and code in English.` },
  { verb: 'rewrite', text: (n) => `Rewrite the ${n} in a friendly, plain tone without changing what it says.` },
  { verb: 'titleFor', text: (n) => `Write a title of at most eight words for the ${n}.` },
  { verb: 'actionItemsFrom', text: (n) => `List the action items in the ${n}, one per line, each with its owner.` },
  { verb: 'detectPersonalDataIn', text: (n) => `Decide whether the ${n} contains personal data such as emails or phone numbers. Answer yes or no.` },
  { verb: 'answerFrom', text: (n) => `Answer the user's question using only the ${n} below; say you do not know when it is not there.` },
  { verb: 'suggestTagsFor', text: (n) => `Suggest five lowercase tags for the ${n}, comma-separated.` },
  { verb: 'detectLanguageOf', text: (n) => `Detect the language of the ${n} and reply with its ISO 639-1 code only.` },
  { verb: 'scoreSentimentOf', text: (n) => `Rate the sentiment of the ${n} from -1 to 1 and give one sentence of reasoning.` },
  { verb: 'draftReplyTo', text: (n) => `Draft a polite reply to the ${n} that proposes one concrete next step.` },
  { verb: 'checklistFrom', text: (n) => `Turn the ${n} into a numbered checklist a new team member can follow.` },
  { verb: 'findRisksIn', text: (n) => `Point out the three biggest risks in the ${n}, most severe first.` },
  { verb: 'explain', text: (n) => `Explain the ${n} to a customer with no technical background in under 100 words.` },
  { verb: 'diff', text: (n) => `Compare the ${n} with its previous version and describe what changed and why it matters.` },
  { verb: 'planWorkFor', text: (n) => `Break the work described in the ${n} into steps and say which team owns each step.` },
  { verb: 'reviewStyleOf', text: (n) => `Check the ${n} against our writing style guide and list every rule it breaks.` },
  { verb: 'keywordsFor', text: (n) => `Pick the search keywords a customer would type to find the ${n}.` },
];

const q = (s: string): string => JSON.stringify(s);

// ─── the LLM layer (packages/llm) ───────────────────────────────────────────────────────────────────────────────────

const LLM_LAYER: Record<string, string> = {
  'packages/llm/package.json': `{ "name": "@acme/llm", "version": "0.0.0", "private": true, "main": "src/index.ts", "types": "src/index.ts" }\n`,
  'packages/llm/tsconfig.json': `{ "extends": "../../tsconfig.base.json", "include": ["src"] }\n`,
  'packages/llm/src/config.ts': `export type ProviderKind = "openai" | "anthropic" | "ollama";

export interface LlmConfig {
  provider: ProviderKind;
  model: string;
  maxTokens: number;
  ollamaHost: string;
}

export const DEFAULT_MODELS: Record<ProviderKind, string> = {
  openai: "gpt-4.1-mini",
  anthropic: "claude-haiku-4-5",
  ollama: "llama3.1",
};

/** The deployment picks the provider; every job goes through the one that is configured. */
export function loadLlmConfig(env: Record<string, string | undefined> = process.env): LlmConfig {
  const provider = (env.LLM_PROVIDER ?? "anthropic") as ProviderKind;
  return {
    provider,
    model: env.LLM_MODEL ?? DEFAULT_MODELS[provider],
    maxTokens: Number(env.LLM_MAX_TOKENS ?? 1024),
    ollamaHost: env.OLLAMA_HOST ?? "http://127.0.0.1:11434",
  };
}
`,
  'packages/llm/src/providers/types.ts': `export type Role = "system" | "user" | "assistant";

export interface ChatMessage {
  role: Role;
  content: string;
}

export interface ChatRequest {
  system?: string;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  json?: boolean;
}

export interface ChatResult {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** One model behind the app's layer. Implementations: OpenAI, Anthropic, Ollama. */
export interface ChatProvider {
  readonly name: string;
  chat(req: ChatRequest): Promise<ChatResult>;
}
`,
  'packages/llm/src/providers/openai.ts': `import OpenAI from "openai";
import type { ChatProvider, ChatRequest, ChatResult } from "./types";

export class OpenAIChatProvider implements ChatProvider {
  readonly name = "openai";
  private readonly client: OpenAI;

  constructor(private readonly model: string, apiKey = process.env.OPENAI_API_KEY) {
    this.client = new OpenAI({ apiKey });
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    const res = await this.client.chat.completions.create({
      model: this.model,
      max_tokens: req.maxTokens ?? 1024,
      temperature: req.temperature ?? 0,
      response_format: req.json ? { type: "json_object" } : undefined,
      messages: [...(req.system ? [{ role: "system" as const, content: req.system }] : []), ...req.messages],
    });
    return {
      text: res.choices[0]?.message.content ?? "",
      inputTokens: res.usage?.prompt_tokens ?? 0,
      outputTokens: res.usage?.completion_tokens ?? 0,
    };
  }
}
`,
  'packages/llm/src/providers/anthropic.ts': `import Anthropic from "@anthropic-ai/sdk";
import type { ChatProvider, ChatRequest, ChatResult } from "./types";

export class AnthropicChatProvider implements ChatProvider {
  readonly name = "anthropic";
  private readonly client = new Anthropic();

  constructor(private readonly model: string) {}

  async chat(req: ChatRequest): Promise<ChatResult> {
    const res = await this.client.messages.create({
      model: this.model,
      max_tokens: req.maxTokens ?? 1024,
      temperature: req.temperature ?? 0,
      system: req.system,
      messages: req.messages.filter((m) => m.role !== "system").map((m) => ({ role: m.role as "user" | "assistant", content: m.content })),
    });
    const text = res.content.map((b) => (b.type === "text" ? b.text : "")).join("");
    return { text, inputTokens: res.usage.input_tokens, outputTokens: res.usage.output_tokens };
  }
}
`,
  'packages/llm/src/providers/ollama.ts': `import { Ollama } from "ollama";
import type { ChatProvider, ChatRequest, ChatResult } from "./types";

export class OllamaChatProvider implements ChatProvider {
  readonly name = "ollama";
  private readonly ollama: Ollama;

  constructor(private readonly model: string, host: string) {
    this.ollama = new Ollama({ host });
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    const res = await this.ollama.chat({
      model: this.model,
      format: req.json ? "json" : undefined,
      options: { temperature: req.temperature ?? 0, num_predict: req.maxTokens ?? 1024 },
      messages: [...(req.system ? [{ role: "system", content: req.system }] : []), ...req.messages],
    });
    return { text: res.message.content, inputTokens: res.prompt_eval_count ?? 0, outputTokens: res.eval_count ?? 0 };
  }
}
`,
  'packages/llm/src/providers/index.ts': `import { loadLlmConfig, type LlmConfig } from "../config";
import { AnthropicChatProvider } from "./anthropic";
import { OllamaChatProvider } from "./ollama";
import { OpenAIChatProvider } from "./openai";
import type { ChatProvider } from "./types";

export function createProvider(config: LlmConfig = loadLlmConfig()): ChatProvider {
  switch (config.provider) {
    case "openai":
      return new OpenAIChatProvider(config.model);
    case "ollama":
      return new OllamaChatProvider(config.model, config.ollamaHost);
    default:
      return new AnthropicChatProvider(config.model);
  }
}

let current: ChatProvider | null = null;

/** The process-wide provider, created from the configuration on first use. */
export function getProvider(): ChatProvider {
  if (!current) current = createProvider(loadLlmConfig());
  return current;
}

export type { ChatMessage, ChatProvider, ChatRequest, ChatResult } from "./types";
`,
  'packages/llm/src/helpers/retry.ts': `const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isRetryable(e: unknown): boolean {
  const status = (e as { status?: number }).status;
  return status === 429 || (typeof status === "number" && status >= 500);
}

/** Retries a call on rate limits and server errors, with exponential backoff. */
export async function withRetries<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i + 1 >= attempts || !isRetryable(e)) throw e;
      await sleep(250 * 2 ** i);
    }
  }
}
`,
  'packages/llm/src/helpers/telemetry.ts': `import { metrics } from "@acme/shared";

/** Times a call and counts its failures under a metric name. */
export async function traced<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } catch (e) {
    metrics.increment(\`\${name}.error\`);
    throw e;
  } finally {
    metrics.timing(name, Date.now() - started);
  }
}
`,
  'packages/llm/src/helpers/complete.ts': `import { getProvider } from "../providers";
import type { ChatRequest } from "../providers/types";
import { withRetries } from "./retry";
import { traced } from "./telemetry";

export interface CompleteOptions {
  maxTokens?: number;
  temperature?: number;
  json?: boolean;
}

/** The app's one way to send a request: the configured provider, with retries and telemetry. */
export async function chat(req: ChatRequest): Promise<string> {
  const provider = getProvider();
  const res = await traced("llm.chat", () => withRetries(() => provider.chat(req)));
  return res.text;
}

/** Instructions from the caller, one user turn of data. */
export async function complete(system: string, input: string, opts: CompleteOptions = {}): Promise<string> {
  return chat({ system, messages: [{ role: "user", content: input }], maxTokens: opts.maxTokens, temperature: opts.temperature, json: opts.json });
}
`,
  'packages/llm/src/helpers/json.ts': `import { complete, type CompleteOptions } from "./complete";

/** A second layer: the caller's instructions, an answer parsed as JSON. */
export async function completeJson<T>(system: string, input: string, opts: CompleteOptions = {}): Promise<T> {
  const text = await complete(\`\${system}\\nAnswer with JSON only.\`, input, { ...opts, json: true });
  return JSON.parse(text) as T;
}
`,
  'packages/llm/src/client.ts': `import { createProvider, getProvider } from "./providers";
import type { ChatMessage, ChatProvider } from "./providers/types";
import { loadLlmConfig } from "./config";

export interface CallOptions {
  maxTokens?: number;
  temperature?: number;
}

/** A client object the services keep: chat over the configured provider. */
export class LlmClient {
  constructor(
    private readonly provider: ChatProvider,
    private readonly defaults: CallOptions = { maxTokens: 1024 },
  ) {}

  async chat(messages: ChatMessage[], opts: CallOptions = {}): Promise<string> {
    const system = messages.find((m) => m.role === "system")?.content;
    const turns = messages.filter((m) => m.role !== "system");
    const res = await this.provider.chat({ system, messages: turns, maxTokens: opts.maxTokens ?? this.defaults.maxTokens, temperature: opts.temperature ?? this.defaults.temperature });
    return res.text;
  }

  async complete(system: string, input: string, opts: CallOptions = {}): Promise<string> {
    return this.chat(
      [
        { role: "system", content: system },
        { role: "user", content: input },
      ],
      opts,
    );
  }

  async generateJson<T>(system: string, input: string): Promise<T> {
    return JSON.parse(await this.complete(\`\${system}\\nReturn JSON.\`, input, { temperature: 0 })) as T;
  }
}

/** A client with its own options (a model of its own, a token budget) over the configured provider. */
export function createLlmClient(opts: CallOptions & { model?: string } = {}): LlmClient {
  const config = loadLlmConfig();
  return new LlmClient(createProvider({ ...config, model: opts.model ?? config.model }), opts);
}

export const llm = new LlmClient(getProvider());
`,
  'packages/llm/src/factory.ts': `import { generateObject, generateText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
import { openai } from "@ai-sdk/openai";
import type { z } from "zod";
import { loadLlmConfig } from "./config";
import { getProvider } from "./providers";

function languageModel(modelId?: string) {
  const config = loadLlmConfig();
  return config.provider === "openai" ? openai(modelId ?? config.model) : anthropic(modelId ?? "claude-haiku-4-5");
}

/** A factory that returns the app's structured-output function, bound to a model and a budget. */
export function createGenerator(config: { model?: string; maxTokens?: number } = {}) {
  const model = languageModel(config.model);
  return async function generate<T>(input: { system: string; prompt: string; schema: z.ZodType<T> }): Promise<T> {
    const { object } = await generateObject({ model, system: input.system, prompt: input.prompt, schema: input.schema, maxTokens: config.maxTokens ?? 800 });
    return object;
  };
}

/** A factory of text writers over the configured provider. */
export const makeWriter = (opts: { temperature?: number } = {}) => async (system: string, prompt: string) => {
  const res = await getProvider().chat({ system, messages: [{ role: "user", content: prompt }], temperature: opts.temperature });
  return res.text;
};

/** Streams a draft with the AI SDK (the chat UI). */
export const makeDrafter = (modelId?: string) => (system: string, prompt: string) => generateText({ model: languageModel(modelId), system, prompt });

/** Wraps any LLM function in retries; the wrapped function takes what the original takes. */
export function withRetry<F extends (...args: any[]) => Promise<any>>(fn: F, attempts = 3): F {
  return (async (...args: any[]) => {
    for (let i = 0; ; i++) {
      try {
        return await fn(...args);
      } catch (e) {
        if (i + 1 >= attempts) throw e;
      }
    }
  }) as F;
}
`,
  // Near misses inside the layer: no job (embeddings, moderation, token counting, model listing, images, audio).
  'packages/llm/src/embeddings.ts': `import OpenAI from "openai";

const openai = new OpenAI();

export async function embed(texts: string[]): Promise<number[][]> {
  const res = await openai.embeddings.create({ model: "text-embedding-3-small", input: texts });
  return res.data.map((d) => d.embedding);
}

export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / (Math.sqrt(na) * Math.sqrt(nb) || 1);
}
`,
  'packages/llm/src/moderation.ts': `import OpenAI from "openai";

const openai = new OpenAI();

export async function isFlagged(text: string): Promise<boolean> {
  const res = await openai.moderations.create({ model: "omni-moderation-latest", input: text });
  return res.results.some((r) => r.flagged);
}
`,
  'packages/llm/src/tokens.ts': `import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

/** Counts a prompt's tokens before sending it (budget checks in the chat UI). */
export async function countPromptTokens(system: string, text: string): Promise<number> {
  const res = await anthropic.messages.countTokens({ model: "claude-haiku-4-5", system, messages: [{ role: "user", content: text }] });
  return res.input_tokens;
}
`,
  'packages/llm/src/models.ts': `import OpenAI from "openai";
import { Ollama } from "ollama";

const openai = new OpenAI();
const ollama = new Ollama();

/** Models the settings page offers. */
export async function availableModels(): Promise<string[]> {
  const remote = await openai.models.list();
  const local = await ollama.list();
  return [...remote.data.map((m) => m.id), ...local.models.map((m) => m.name)];
}
`,
  'packages/llm/src/media.ts': `import OpenAI from "openai";

const openai = new OpenAI();

export async function coverImage(title: string): Promise<string | undefined> {
  const res = await openai.images.generate({ model: "gpt-image-1", prompt: \`A flat illustration for an article titled \${title}\`, size: "1024x1024" });
  return res.data?.[0]?.url;
}

export async function transcribe(file: File): Promise<string> {
  const res = await openai.audio.transcriptions.create({ model: "whisper-1", file });
  return res.text;
}
`,
  'packages/llm/src/__mocks__/provider.ts': `import type { ChatProvider, ChatRequest, ChatResult } from "../providers/types";

/** Test double: answers with a canned text and records the requests. */
export class MockChatProvider implements ChatProvider {
  readonly name = "mock";
  readonly requests: ChatRequest[] = [];
  constructor(private readonly answer = "ok") {}
  async chat(req: ChatRequest): Promise<ChatResult> {
    this.requests.push(req);
    return { text: this.answer, inputTokens: 1, outputTokens: 1 };
  }
}
`,
  'packages/llm/src/__tests__/client.test.ts': `import { describe, expect, it } from "vitest";
import { LlmClient } from "../client";
import { MockChatProvider } from "../__mocks__/provider";

describe("LlmClient", () => {
  it("sends the system turn apart", async () => {
    const provider = new MockChatProvider("fine");
    const client = new LlmClient(provider);
    expect(await client.complete("Reply with the word fine.", "How are you?")).toBe("fine");
    expect(provider.requests[0].system).toBe("Reply with the word fine.");
  });
});
`,
};

// ─── jobs ───────────────────────────────────────────────────────────────────────────────────────────────────────────

interface JobSpec {
  entity: Entity;
  verb: string;
  fn: string;
  instruction: string;
}

interface Ctx {
  r: () => number;
  files: Map<string, string>;
  jobs: JobSite[];
  nearMisses: { file: string; what: string }[];
  /** Adds a part to a file that several jobs share: its head (first caller's), the bodies in order, its tail. */
  append: (file: string, head: string, body: string, tail?: string) => void;
}

const apiDir = (e: Entity) => `apps/api/src/modules/${e.domain}/${kebab(e.name)}`;

/** Each TS shape writes one job (its file, or its part of a shared file) and returns the site. */
type Shape = (c: Ctx, j: JobSpec) => { file: string; fn: string };

const TS_SHAPES: Record<string, Shape> = {
  // Helpers several layers deep: complete → chat → traced(withRetries(provider.chat)) → three providers.
  'helper complete() from the package': (c, j) => {
    const e = j.entity;
    const file = `${apiDir(e)}/${kebab(j.fn)}.ts`;
    c.files.set(
      file,
      `import { complete } from "@acme/llm";
import { ${e.name}Repository } from "@acme/db";
import { NotFoundError } from "../../../errors";

/** Used by the ${e.noun} detail page. */
export async function ${j.fn}(${e.name}Id: string): Promise<string> {
  const record = await ${e.name}Repository.findById(${e.name}Id);
  if (!record) throw new NotFoundError(${q(e.name)}, ${e.name}Id);
  const text = [record.title, record.body].filter(Boolean).join("\\n\\n");
  return complete(${q(j.instruction)}, text, { maxTokens: ${200 + Math.floor(c.r() * 6) * 100} });
}
`,
    );
    return { file, fn: j.fn };
  },
  'helper completeJson() two layers over complete()': (c, j) => {
    const e = j.entity;
    const file = `apps/worker/src/${e.domain}/${kebab(j.fn)}.ts`;
    const P = pascal(e.name);
    c.files.set(
      file,
      `import { completeJson } from "@acme/llm";
import type { ${P} } from "@acme/shared";
import { logger } from "../logger";

interface ${pascal(j.fn)}Result {
  items: string[];
  confidence: number;
}

export async function ${j.fn}(${e.name}: ${P}): Promise<${pascal(j.fn)}Result> {
  const payload = JSON.stringify({ id: ${e.name}.id, status: ${e.name}.status, body: ${e.name}.body });
  const result = await completeJson<${pascal(j.fn)}Result>(${q(j.instruction)}, payload, { maxTokens: 600 });
  logger.info({ id: ${e.name}.id, n: result.items.length }, ${q(`${j.fn} done`)});
  return result;
}
`,
    );
    return { file, fn: j.fn };
  },
  'prompt constant through the tsconfig @/ alias': (c, j) => {
    const e = j.entity;
    const constName = `${snake(j.fn).toUpperCase()}_PROMPT`;
    c.append(`apps/web/src/prompts/${e.domain}.ts`, `// Instructions of the ${e.domain} features, reviewed by the content team.\n`, `export const ${constName} = ${q(j.instruction)};\n`);
    const file = `apps/web/src/server/${e.domain}/${kebab(j.fn)}.ts`;
    c.files.set(
      file,
      `"use server";

import { complete } from "@acme/llm";
import { ${constName} } from "@/prompts/${e.domain}";
import { requireSession } from "@/server/auth";

export async function ${j.fn}(formData: FormData): Promise<{ text: string }> {
  await requireSession();
  const input = String(formData.get("text") ?? "");
  if (!input.trim()) return { text: "" };
  return { text: await complete(${constName}, input) };
}
`,
    );
    return { file, fn: j.fn };
  },
  'chat() with a request object': (c, j) => {
    const e = j.entity;
    const file = `apps/worker/src/${e.domain}/${kebab(j.fn)}.ts`;
    c.files.set(
      file,
      `import { chat } from "@acme/llm";
import { ${e.name}Repository } from "@acme/db";

export async function ${j.fn}(id: string, history: { question: string; answer: string }[] = []) {
  const row = await ${e.name}Repository.findById(id);
  return chat({
    system: ${q(j.instruction)},
    messages: [
      ...history.flatMap((h) => [
        { role: "user" as const, content: h.question },
        { role: "assistant" as const, content: h.answer },
      ]),
      { role: "user", content: row?.body ?? "" },
    ],
    maxTokens: 500,
    temperature: 0.2,
  });
}
`,
    );
    return { file, fn: j.fn };
  },
  'module singleton llm.complete()': (c, j) => {
    const e = j.entity;
    const file = `${apiDir(e)}/${kebab(e.name)}.ai.ts`;
    c.append(file, `import { llm } from "@acme/llm";\n`, `
export async function ${j.fn}(text: string): Promise<string> {
  const answer = await llm.complete(${q(j.instruction)}, text, { maxTokens: 400 });
  return answer.trim();
}
`);
    return { file, fn: j.fn };
  },
  'module singleton llm.chat(messages)': (c, j) => {
    const e = j.entity;
    const file = `apps/web/src/server/${e.domain}/${kebab(e.name)}-chat.ts`;
    c.append(file, `import { llm, type ChatMessage } from "@acme/llm";\n`, `
export async function ${j.fn}(text: string, earlier: ChatMessage[] = []) {
  return llm.chat([{ role: "system", content: ${q(j.instruction)} }, ...earlier, { role: "user", content: text }], { temperature: 0.3 });
}
`);
    return { file, fn: j.fn };
  },
  'client injected and kept on this': (c, j) => {
    const e = j.entity;
    const P = pascal(e.name);
    const cls = `${P}${pascal(j.verb)}Service`;
    const file = `${apiDir(e)}/${kebab(j.verb)}-${kebab(e.name)}.service.ts`;
    c.files.set(
      file,
      `import type { LlmClient } from "@acme/llm";
import type { ${P}Repository } from "@acme/db";
import { NotFoundError } from "../../../errors";

export class ${cls} {
  constructor(
    private readonly repo: ${P}Repository,
    private readonly llm: LlmClient,
  ) {}

  async load(id: string) {
    const row = await this.repo.findById(id);
    if (!row) throw new NotFoundError(${q(e.name)}, id);
    return row;
  }

  async ${j.verb}(id: string): Promise<string> {
    const row = await this.load(id);
    return this.llm.complete(${q(j.instruction)}, row.body ?? "");
  }

  async archive(id: string) {
    await this.repo.archive(id);
  }
}
`,
    );
    c.append('apps/api/src/container.ts', CONTAINER_HEAD, `import { ${cls} } from "./modules/${e.domain}/${kebab(e.name)}/${kebab(j.verb)}-${kebab(e.name)}.service";\nexport const ${j.verb}${P}Service = new ${cls}(db.${e.name}Repository, llm);\n`);
    // The route that uses it (a service method nothing calls is dead code, not a job).
    c.append('apps/api/src/routes/llm-routes.ts', ROUTES_HEAD, `export const ${j.verb}${P}Route = (id: string) => container.${j.verb}${P}Service.${j.verb}(id);\n`);
    return { file, fn: `${cls}.${j.verb}` };
  },
  'client from a factory in a field initializer': (c, j) => {
    const e = j.entity;
    const P = pascal(e.name);
    const cls = `${P}Assistant`;
    const file = `${apiDir(e)}/${kebab(e.name)}.assistant.ts`;
    c.append(
      file,
      `import { createLlmClient } from "@acme/llm";
import { ${e.name}Repository } from "@acme/db";

export class ${cls} {
  private readonly ai = createLlmClient({ maxTokens: ${300 + Math.floor(c.r() * 4) * 100} });
  private readonly repo = ${e.name}Repository;

  async context(id: string): Promise<string> {
    const row = await this.repo.findById(id);
    return row ? \`\${row.title}\\n\${row.body}\` : "";
  }
`,
      `
  async ${j.verb}(id: string): Promise<string> {
    return this.ai.complete(${q(j.instruction)}, await this.context(id));
  }
`,
      '}\n',
    );
    return { file, fn: `${cls}.${j.verb}` };
  },
  'provider interface as a parameter': (c, j) => {
    const e = j.entity;
    const file = `apps/worker/src/${e.domain}/${kebab(j.fn)}.ts`;
    c.files.set(
      file,
      `import type { ChatProvider } from "@acme/llm";

export async function ${j.fn}(provider: ChatProvider, text: string): Promise<string> {
  const res = await provider.chat({ system: ${q(j.instruction)}, messages: [{ role: "user", content: text }], maxTokens: 300 });
  return res.text;
}
`,
    );
    return { file, fn: j.fn };
  },
  'provider picked from config, module singleton': (c, j) => {
    const e = j.entity;
    const file = `apps/worker/src/${e.domain}/${kebab(e.name)}.pipeline.ts`;
    c.append(
      file,
      `import { createProvider, loadLlmConfig } from "@acme/llm";

// The worker may run on another provider than the API (LLM_PROVIDER per deployment).
const provider = createProvider(loadLlmConfig());
`,
      `
export async function ${j.fn}(text: string): Promise<string> {
  const { text: out } = await provider.chat({ system: ${q(j.instruction)}, messages: [{ role: "user", content: text }] });
  return out;
}
`,
    );
    return { file, fn: j.fn };
  },
  'provider injected with a default from config': (c, j) => {
    const e = j.entity;
    const P = pascal(e.name);
    const cls = `${P}${pascal(j.verb)}Agent`;
    const file = `${apiDir(e)}/${kebab(j.verb)}.agent.ts`;
    c.files.set(
      file,
      `import { getProvider, type ChatProvider } from "@acme/llm";

export class ${cls} {
  constructor(private readonly provider: ChatProvider = getProvider()) {}

  async run(input: string): Promise<string> {
    const res = await this.provider.chat({ system: ${q(j.instruction)}, messages: [{ role: "user", content: input }], temperature: 0 });
    return res.text;
  }
}
`,
    );
    return { file, fn: `${cls}.run` };
  },
  'factory createGenerator() returning an LLM function': (c, j) => {
    const e = j.entity;
    const file = `${apiDir(e)}/${kebab(e.name)}.extract.ts`;
    c.append(
      file,
      `import { z } from "zod";
import { createGenerator } from "@acme/llm";

const generate = createGenerator({ maxTokens: ${400 + Math.floor(c.r() * 4) * 100} });
const resultSchema = z.object({ value: z.string(), reasons: z.array(z.string()) });
`,
      `
export async function ${j.fn}(text: string) {
  return generate({ system: ${q(j.instruction)}, prompt: text, schema: resultSchema });
}
`,
    );
    return { file, fn: j.fn };
  },
  'factory closure wrapped in withRetry()': (c, j) => {
    const e = j.entity;
    const file = `apps/worker/src/${e.domain}/${kebab(e.name)}.writers.ts`;
    c.append(
      file,
      `import { makeWriter, withRetry } from "@acme/llm";

const write = withRetry(makeWriter({ temperature: 0.7 }));
`,
      `
export async function ${j.fn}(text: string): Promise<string> {
  return write(${q(j.instruction)}, text);
}
`,
    );
    return { file, fn: j.fn };
  },
  'fixed instructions in the package, callers pass data': (c, j) => {
    const e = j.entity;
    const file = `packages/llm/src/jobs/${e.domain}.ts`;
    c.append(file, `import { llm, type LlmClient } from "../client";\n`, `
/** Fixed instructions: callers pass the ${e.noun} only (or a budget, or a client). */
export async function ${j.fn}(text: string, opts: { client?: LlmClient; maxTokens?: number } = {}): Promise<string> {
  const client = opts.client ?? llm;
  return client.complete(${q(j.instruction)}, text, { maxTokens: opts.maxTokens ?? 300 });
}
`);
    c.append('packages/llm/src/jobs/index.ts', '', `export * from "./${e.domain}";\n`);
    // Callers of the fixed job: only data, a budget or a client; none is a call site.
    const caller = `${apiDir(e)}/${kebab(j.fn)}.handler.ts`;
    c.files.set(
      caller,
      `import { ${j.fn}, llm } from "@acme/llm";
import { ${e.name}Repository } from "@acme/db";

export async function handle${pascal(j.fn)}(id: string, detailed = false) {
  const row = await ${e.name}Repository.findById(id);
  if (!row) return null;
  return detailed ? ${j.fn}(row.body ?? "", { client: llm, maxTokens: 800 }) : ${j.fn}(row.body ?? "");
}
`,
    );
    c.nearMisses.push({ file: caller, what: 'caller of a fixed-instruction job (passes data, a budget or a client)' });
    return { file, fn: j.fn };
  },
  'direct SDK call in a script': (c, j) => {
    const file = `apps/worker/scripts/${kebab(j.fn)}.ts`;
    const which = c.jobs.filter((x) => x.shape === 'direct SDK call in a script').length % 3;
    const call =
      which === 0
        ? `  const client = new Anthropic();
  const res = await client.messages.create({
    model: "claude-haiku-4-5",
    max_tokens: 400,
    system: ${q(j.instruction)},
    messages: [{ role: "user", content: text }],
  });
  return res.content[0]?.type === "text" ? res.content[0].text : "";`
        : which === 1
          ? `  const client = new OpenAI();
  const res = await client.chat.completions.create({
    model: "gpt-4.1-mini",
    messages: [
      { role: "system", content: ${q(j.instruction)} },
      { role: "user", content: text },
    ],
  });
  return res.choices[0]?.message.content ?? "";`
          : `  const res = await ollama.chat({ model: "llama3.1", messages: [{ role: "system", content: ${q(j.instruction)} }, { role: "user", content: text }] });
  return res.message.content;`;
    const imp = which === 0 ? `import Anthropic from "@anthropic-ai/sdk";` : which === 1 ? `import OpenAI from "openai";` : `import ollama from "ollama";`;
    c.files.set(
      file,
      `#!/usr/bin/env tsx
// One-off backfill: node --import tsx apps/worker/scripts/${kebab(j.fn)}.ts <file>
${imp}
import { readFile } from "node:fs/promises";

async function ${j.fn}(text: string): Promise<string> {
${call}
}

const [file] = process.argv.slice(2);
const lines = (await readFile(file, "utf8")).split("\\n").filter(Boolean);
for (const line of lines) console.log(await ${j.fn}(line));
`,
    );
    return { file, fn: j.fn };
  },
  'route handler calling the helper': (c, j) => {
    const e = j.entity;
    const file = `apps/web/src/app/api/${e.domain}/${kebab(j.fn)}/route.ts`;
    c.files.set(
      file,
      `import { NextResponse } from "next/server";
import { complete } from "@acme/llm";
import { getSession } from "@/server/auth";

export async function POST(req: Request) {
  const session = await getSession();
  if (!session) return NextResponse.json({ error: "unauthorized" }, { status: 401 });
  const { text } = (await req.json()) as { text?: string };
  if (!text) return NextResponse.json({ error: "text is required" }, { status: 400 });
  const answer = await complete(${q(j.instruction)}, text, { maxTokens: 500 });
  return NextResponse.json({ answer });
}
`,
    );
    return { file, fn: 'POST' };
  },
  'client passed to a function': (c, j) => {
    const e = j.entity;
    const file = `${apiDir(e)}/${kebab(e.name)}.insights.ts`;
    c.append(file, `import type { LlmClient } from "@acme/llm";\n`, `
export async function ${j.fn}(client: LlmClient, text: string): Promise<string> {
  return client.complete(${q(j.instruction)}, text);
}
`);
    c.append(
      `${apiDir(e)}/${kebab(e.name)}.insights.controller.ts`,
      `import { Router } from "express";\nimport { llm } from "@acme/llm";\nimport * as insights from "./${kebab(e.name)}.insights";\n\nexport const ${e.name}InsightsRouter = Router();\n`,
      `\n${e.name}InsightsRouter.post("/${plural(kebab(e.name))}/${kebab(j.verb)}", async (req, res) => {\n  res.json({ text: await insights.${j.fn}(llm, String(req.body.text ?? "")) });\n});\n`,
    );
    return { file, fn: j.fn };
  },
  'client returned by a factory in the function': (c, j) => {
    const e = j.entity;
    const file = `apps/worker/src/${e.domain}/${kebab(j.fn)}.ts`;
    c.files.set(
      file,
      `import { createLlmClient } from "@acme/llm";

export async function ${j.fn}(texts: string[]): Promise<string[]> {
  const ai = createLlmClient({ model: process.env.BATCH_MODEL, maxTokens: 250 });
  const out: string[] = [];
  for (const text of texts) out.push(await ai.complete(${q(j.instruction)}, text));
  return out;
}
`,
    );
    return { file, fn: j.fn };
  },
};

const ROUTES_HEAD = `// The API's routes over the services of the composition root.
import * as container from "../container";
`;

const CONTAINER_HEAD = `// Composition root of the API: repositories and the LLM client, wired once.
import { llm } from "@acme/llm";
import * as db from "@acme/db";
`;

// ─── Python service (services/ml) ───────────────────────────────────────────────────────────────────────────────────

const PY_LAYER: Record<string, string> = {
  'services/ml/pyproject.toml': `[project]\nname = "acme-ml"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = ["fastapi", "openai", "anthropic", "ollama", "pydantic-settings", "sqlalchemy"]\n`,
  'services/ml/app/__init__.py': '',
  'services/ml/app/config.py': `from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    llm_provider: str = "openai"
    llm_model: str = "gpt-4.1-mini"
    ollama_host: str = "http://127.0.0.1:11434"
    database_url: str = "postgresql://localhost/acme"


settings = Settings()
`,
  'services/ml/app/llm/__init__.py': `from .base import ChatModel, Message
from .client import LLMClient, llm
from .factory import get_chat_model
from .helpers import ask, ask_json

__all__ = ["ChatModel", "Message", "LLMClient", "llm", "get_chat_model", "ask", "ask_json"]
`,
  'services/ml/app/llm/base.py': `from typing import Protocol, TypedDict


class Message(TypedDict):
    role: str
    content: str


class ChatModel(Protocol):
    """One model behind the service's layer: OpenAI, Anthropic or Ollama."""

    def complete(self, system: str, messages: list[Message], max_tokens: int = 512) -> str: ...
`,
  'services/ml/app/llm/openai_model.py': `from openai import OpenAI

from .base import Message


class OpenAIChatModel:
    def __init__(self, model: str) -> None:
        self.client = OpenAI()
        self.model = model

    def complete(self, system: str, messages: list[Message], max_tokens: int = 512) -> str:
        response = self.client.chat.completions.create(
            model=self.model,
            max_tokens=max_tokens,
            messages=[{"role": "system", "content": system}, *messages],
        )
        return response.choices[0].message.content or ""
`,
  'services/ml/app/llm/anthropic_model.py': `import anthropic

from .base import Message


class AnthropicChatModel:
    def __init__(self, model: str) -> None:
        self.client = anthropic.Anthropic()
        self.model = model

    def complete(self, system: str, messages: list[Message], max_tokens: int = 512) -> str:
        response = self.client.messages.create(model=self.model, max_tokens=max_tokens, system=system, messages=messages)
        return "".join(block.text for block in response.content if block.type == "text")
`,
  'services/ml/app/llm/ollama_model.py': `import ollama

from .base import Message


class OllamaChatModel:
    def __init__(self, model: str, host: str) -> None:
        self.client = ollama.Client(host=host)
        self.model = model

    def complete(self, system: str, messages: list[Message], max_tokens: int = 512) -> str:
        response = self.client.chat(
            model=self.model,
            messages=[{"role": "system", "content": system}, *messages],
            options={"num_predict": max_tokens},
        )
        return response["message"]["content"]
`,
  'services/ml/app/llm/factory.py': `from ..config import Settings, settings
from .anthropic_model import AnthropicChatModel
from .base import ChatModel
from .ollama_model import OllamaChatModel
from .openai_model import OpenAIChatModel


def get_chat_model(config: Settings = settings) -> ChatModel:
    if config.llm_provider == "anthropic":
        return AnthropicChatModel(config.llm_model)
    if config.llm_provider == "ollama":
        return OllamaChatModel(config.llm_model, config.ollama_host)
    return OpenAIChatModel(config.llm_model)
`,
  'services/ml/app/llm/client.py': `from .base import ChatModel
from .factory import get_chat_model


class LLMClient:
    """What the jobs keep: instructions and one text in, the answer out."""

    def __init__(self, model: ChatModel | None = None, max_tokens: int = 512) -> None:
        self.model = model or get_chat_model()
        self.max_tokens = max_tokens

    def complete(self, system: str, text: str, max_tokens: int | None = None) -> str:
        return self.model.complete(system, [{"role": "user", "content": text}], max_tokens or self.max_tokens)

    def __call__(self, system: str, text: str) -> str:
        return self.complete(system, text)


llm = LLMClient()
`,
  'services/ml/app/llm/helpers.py': `import json
import time

from .client import llm


def ask(system: str, text: str, max_tokens: int = 512, retries: int = 2) -> str:
    for attempt in range(retries + 1):
        try:
            return llm.complete(system, text, max_tokens=max_tokens)
        except TimeoutError:
            if attempt == retries:
                raise
            time.sleep(2**attempt)
    return ""


def ask_json(system: str, text: str) -> dict:
    return json.loads(ask(system + "\\nAnswer with JSON only.", text))
`,
  'services/ml/app/llm/embeddings.py': `from openai import OpenAI

_client = OpenAI()


def embed(texts: list[str]) -> list[list[float]]:
    response = _client.embeddings.create(model="text-embedding-3-small", input=texts)
    return [item.embedding for item in response.data]
`,
  'services/ml/tests/test_llm_client.py': `from app.llm import LLMClient


class FakeModel:
    def complete(self, system, messages, max_tokens=512):
        return "ok"


def test_complete_passes_the_instructions():
    client = LLMClient(model=FakeModel())
    assert client.complete("Reply with ok.", "hi") == "ok"
`,
};

type PyShape = (c: Ctx, j: JobSpec) => { file: string; fn: string };
const pyFn = (j: JobSpec) => snake(j.fn);

const PY_SHAPES: Record<string, PyShape> = {
  'python helper ask() through the package __init__': (c, j) => {
    const file = `services/ml/app/jobs/${j.entity.domain}.py`;
    c.append(file, `from app.llm import ask\n`, `\n\ndef ${pyFn(j)}(text: str) -> str:\n    return ask(${q(j.instruction)}, text, max_tokens=400)\n`);
    return { file, fn: pyFn(j) };
  },
  'python ask_json() by relative import': (c, j) => {
    const file = `services/ml/app/pipelines/${snake(j.entity.name)}.py`;
    c.append(file, `from ..llm.helpers import ask_json\n`, `\n\ndef ${pyFn(j)}(record: dict) -> dict:\n    payload = "\\n".join(f"{k}: {v}" for k, v in record.items())\n    return ask_json(${q(j.instruction)}, payload)\n`);
    return { file, fn: pyFn(j) };
  },
  'python singleton called with __call__': (c, j) => {
    const file = `services/ml/app/routers/${snake(j.entity.name)}_ai.py`;
    c.append(file, `from fastapi import APIRouter\n\nfrom app.llm import llm\n\nrouter = APIRouter()\n`, `\n\n@router.post("/${plural(kebab(j.entity.name))}/${kebab(j.verb)}")\ndef ${pyFn(j)}(body: dict) -> dict:\n    return {"text": llm(${q(j.instruction)}, body.get("text", ""))}\n`);
    return { file, fn: pyFn(j) };
  },
  'python client kept on self': (c, j) => {
    const P = pascal(j.entity.name);
    const cls = `${P}${pascal(j.verb)}Worker`;
    const file = `services/ml/app/workers/${snake(j.fn)}.py`;
    c.files.set(
      file,
      `from app.llm import LLMClient


class ${cls}:
    def __init__(self, llm: LLMClient | None = None) -> None:
        self.llm = llm or LLMClient(max_tokens=300)
        self.processed = 0

    def handle(self, text: str) -> str:
        self.processed += 1
        return self.llm.complete(${q(j.instruction)}, text)
`,
    );
    return { file, fn: `${cls}.handle` };
  },
  'python Protocol-typed model parameter': (c, j) => {
    const file = `services/ml/app/tasks/${snake(j.fn)}.py`;
    c.files.set(
      file,
      `from app.llm import ChatModel, get_chat_model


def ${pyFn(j)}(text: str, model: ChatModel | None = None) -> str:
    model = model or get_chat_model()
    return model.complete(${q(j.instruction)}, [{"role": "user", "content": text}], max_tokens=300)
`,
    );
    return { file, fn: pyFn(j) };
  },
};

// ─── ordinary code ──────────────────────────────────────────────────────────────────────────────────────────────────

const STATUSES = ['draft', 'open', 'pending', 'active', 'approved', 'rejected', 'done', 'archived'];
const FIELDS = ['title', 'body', 'amount', 'dueAt', 'ownerId', 'priority', 'currency', 'reference', 'notes', 'score', 'region', 'source'];
const COMPONENT_KINDS = ['List', 'Table', 'Row', 'Card', 'Form', 'Dialog', 'Details', 'Filters', 'EmptyState'];

/** Ordinary files of one entity, in the order they are taken (so a smaller tree still has whole slices). */
function entityFiles(e: Entity, r: () => number): [string, string][] {
  const P = pascal(e.name);
  const k = kebab(e.name);
  const pl = plural(e.name);
  const Pl = pascal(pl);
  const status = STATUSES.slice(0, 3 + Math.floor(r() * 4));
  const fields = FIELDS.filter(() => r() < 0.5);
  const out: [string, string][] = [];
  const isMessage = e.name === 'message' || e.name === 'chatTranscript';

  out.push([
    `packages/db/src/${e.domain}/${k}.repository.ts`,
    `import type { Prisma } from "@prisma/client";
import { prisma } from "../client";
import type { ${P}Filter } from "@acme/shared";

export class ${P}Repository {
  constructor(private readonly db = prisma) {}

  async findById(id: string) {
    return this.db.${e.name}.findUnique({ where: { id } });
  }

  async list(filter: ${P}Filter = {}, page = 1, pageSize = ${10 + Math.floor(r() * 5) * 10}) {
    return this.db.${e.name}.findMany({
      where: { organizationId: filter.organizationId, status: filter.status, archivedAt: null },
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }

  async create(data: Prisma.${P}CreateInput) {
    return this.db.${e.name}.create({ data });
  }

  async update(id: string, data: Prisma.${P}UpdateInput) {
    return this.db.${e.name}.update({ where: { id }, data });
  }

  async archive(id: string) {
    return this.db.${e.name}.update({ where: { id }, data: { archivedAt: new Date() } });
  }

  async count(organizationId: string) {
    return this.db.${e.name}.count({ where: { organizationId, archivedAt: null } });
  }
${
  isMessage
    ? `
  /** A customer's or an agent's turn in a support thread (not a model call). */
  async appendToThread(threadId: string, role: "customer" | "agent" | "system", content: string) {
    return prisma.message.create({ data: { threadId, role, content, body: content } });
  }
`
    : ''
}}

export const ${e.name}Repository = new ${P}Repository();
`,
  ]);

  out.push([
    `packages/shared/src/${e.domain}/${k}.schema.ts`,
    `import { z } from "zod";

export const ${e.name}Status = z.enum([${status.map(q).join(', ')}]);

export const ${e.name}Schema = z.object({
  id: z.string().uuid(),
  organizationId: z.string(),
  status: ${e.name}Status,
  title: z.string().min(1).max(200),
  body: z.string().optional(),
${fields.map((f) => `  ${f}: ${f.endsWith('At') ? 'z.coerce.date().optional()' : f === 'amount' || f === 'score' || f === 'priority' ? 'z.number().optional()' : 'z.string().optional()'},`).join('\n')}
  createdAt: z.coerce.date(),
  archivedAt: z.coerce.date().nullable().optional(),
});

export type ${P} = z.infer<typeof ${e.name}Schema>;

export const create${P}Schema = ${e.name}Schema.omit({ id: true, createdAt: true, archivedAt: true });
export type Create${P}Input = z.infer<typeof create${P}Schema>;

export interface ${P}Filter {
  organizationId?: string;
  status?: ${P}["status"];
  search?: string;
}
`,
  ]);

  out.push([
    `packages/shared/src/${e.domain}/${k}.constants.ts`,
    `import type { ${P} } from "./${k}.schema";

export const ${snake(e.name).toUpperCase()}_STATUS_LABELS: Record<${P}["status"], string> = {
${status.map((s) => `  ${s}: ${q(pascal(s))},`).join('\n')}
};

export const ${snake(e.name).toUpperCase()}_PAGE_SIZE = ${10 + Math.floor(r() * 4) * 5};

export function is${P}Closed(status: ${P}["status"]): boolean {
  return ${q(status[status.length - 1])} === status;
}
`,
  ]);

  // A service with dependencies kept on `this` and methods named like an LLM layer's (complete, run, generate):
  // near misses for a scanner that follows method names.
  const trap = Math.floor(r() * 3);
  out.push([
    `${apiDir(e)}/${k}.service.ts`,
    `import { ${e.name}Repository, type ${P}Repository } from "@acme/db";
import { create${P}Schema, type ${P}Filter } from "@acme/shared";
import { EventBus } from "../../../events/bus";
import { NotFoundError } from "../../../errors";
${trap === 1 ? `import { ReportGenerator } from "../../../reports/generator";\n` : trap === 2 ? `import { JobRunner } from "../../../jobs/runner";\n` : ''}
export class ${P}Service {
  constructor(
    private readonly repo: ${P}Repository = ${e.name}Repository,
    private readonly events: EventBus = EventBus.shared,
${trap === 1 ? '    private readonly reports = new ReportGenerator(),\n' : trap === 2 ? '    private readonly jobs = new JobRunner(),\n' : ''}  ) {}

  async get(id: string) {
    const row = await this.repo.findById(id);
    if (!row) throw new NotFoundError(${q(e.name)}, id);
    return row;
  }

  async list(filter: ${P}Filter, page = 1) {
    return this.repo.list(filter, page);
  }

  async create(input: unknown) {
    const data = create${P}Schema.parse(input);
    const row = await this.repo.create(data);
    await this.events.publish(${q(`${e.name}.created`)}, { id: row.id });
    return row;
  }

  async complete(id: string) {
    const row = await this.repo.update(id, { status: ${q(status[status.length - 1])} });
    await this.events.publish(${q(`${e.name}.completed`)}, { id, at: new Date().toISOString() });
    return row;
  }
${
  trap === 1
    ? `
  async generateReport(organizationId: string, month: string) {
    return this.reports.generate({ template: ${q(`${e.name}-monthly`)}, organizationId, month, prompt: "Monthly ${e.noun} report" });
  }
`
    : trap === 2
      ? `
  async reindex(organizationId: string) {
    return this.jobs.run(${q(`${e.name}.reindex`)}, { organizationId });
  }
`
      : ''
}}
`,
  ]);

  out.push([
    `${apiDir(e)}/${k}.controller.ts`,
    `import { Router } from "express";
import { requireAuth } from "../../../middleware/auth";
import { ${P}Service } from "./${k}.service";
import { to${P}Dto } from "./${k}.mapper";

const service = new ${P}Service();
export const ${e.name}Router = Router();

${e.name}Router.get("/${plural(k)}", requireAuth, async (req, res) => {
  const rows = await service.list({ organizationId: req.user.organizationId, status: req.query.status as never }, Number(req.query.page ?? 1));
  res.json(rows.map(to${P}Dto));
});

${e.name}Router.get("/${plural(k)}/:id", requireAuth, async (req, res) => {
  res.json(to${P}Dto(await service.get(req.params.id)));
});

${e.name}Router.post("/${plural(k)}", requireAuth, async (req, res) => {
  res.status(201).json(to${P}Dto(await service.create({ ...req.body, organizationId: req.user.organizationId })));
});

${e.name}Router.post("/${plural(k)}/:id/complete", requireAuth, async (req, res) => {
  res.json(to${P}Dto(await service.complete(req.params.id)));
});
`,
  ]);

  out.push([
    `${apiDir(e)}/${k}.mapper.ts`,
    `import type { ${P} } from "@acme/shared";

export interface ${P}Dto {
  id: string;
  status: string;
  title: string;
  createdAt: string;
${fields.map((f) => `  ${f}?: ${f === 'amount' || f === 'score' || f === 'priority' ? 'number' : 'string'};`).join('\n')}
}

export function to${P}Dto(row: ${P}): ${P}Dto {
  return {
    id: row.id,
    status: row.status,
    title: row.title,
    createdAt: row.createdAt.toISOString(),
${fields.map((f) => `    ${f}: ${f.endsWith('At') ? `row.${f}?.toISOString()` : `row.${f}`},`).join('\n')}
  };
}
`,
  ]);

  out.push([
    `${apiDir(e)}/${k}.policy.ts`,
    `import type { SessionUser } from "../../../middleware/auth";

type Owned = { organizationId: string; ownerId?: string | null };

export function canRead${P}(user: SessionUser, row: Owned): boolean {
  return user.organizationId === row.organizationId;
}

export function canEdit${P}(user: SessionUser, row: Owned): boolean {
  if (!canRead${P}(user, row)) return false;
  return user.roles.includes("admin") || row.ownerId === user.id;
}

export function canDelete${P}(user: SessionUser, row: Owned): boolean {
  return user.roles.includes(${q(r() < 0.5 ? 'admin' : 'owner')}) && canRead${P}(user, row);
}
`,
  ]);

  // A unit test with the mock provider asking for a job: a test file, left out of a scan by default.
  out.push([
    `${apiDir(e)}/__tests__/${k}.service.test.ts`,
    `import { describe, expect, it, vi } from "vitest";
import { LlmClient } from "@acme/llm";
import { MockChatProvider } from "@acme/llm/src/__mocks__/provider";
import { ${P}Service } from "../${k}.service";

describe(${q(`${P}Service`)}, () => {
  it("completes a ${e.noun}", async () => {
    const repo = { update: vi.fn(async (id: string) => ({ id })) };
    const events = { publish: vi.fn() };
    const service = new ${P}Service(repo as never, events as never);
    await service.complete("id-1");
    expect(events.publish).toHaveBeenCalledWith(${q(`${e.name}.completed`)}, expect.anything());
  });

  it("the mock model answers", async () => {
    const client = new LlmClient(new MockChatProvider("fine"));
    expect(await client.complete("Say fine about the ${e.noun}.", "x")).toBe("fine");
  });
});
`,
  ]);

  out.push([
    `apps/worker/src/${e.domain}/${k}.jobs.ts`,
    `import { queue } from "../queue";
import { ${e.name}Repository } from "@acme/db";
import { logger } from "../logger";

queue.process(${q(`${e.name}.cleanup`)}, async (job) => {
  const { organizationId, olderThanDays } = job.data as { organizationId: string; olderThanDays: number };
  const cutoff = Date.now() - olderThanDays * 86_400_000;
  const rows = await ${e.name}Repository.list({ organizationId }, 1, 500);
  let archived = 0;
  for (const row of rows) {
    if (row.createdAt.getTime() < cutoff) {
      await ${e.name}Repository.archive(row.id);
      archived++;
    }
  }
  logger.info({ organizationId, archived }, ${q(`${e.name} cleanup done`)});
});

export async function schedule${P}Cleanup(organizationId: string) {
  await queue.add(${q(`${e.name}.cleanup`)}, { organizationId, olderThanDays: ${30 + Math.floor(r() * 6) * 30} }, { repeat: { cron: "0 3 * * *" } });
}
`,
  ]);

  // React: components of the feature, its hook and its API client.
  const webDir = `apps/web/src/features/${e.domain}/${k}`;
  out.push([
    `${webDir}/${k}.api.ts`,
    isMessage
      ? `import type { ${P} } from "@acme/shared";

/** The app's own chat endpoint (the Next.js route), not a model server. */
export async function sendChat(threadId: string, text: string): Promise<{ reply: string }> {
  const res = await fetch("/api/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ threadId, text }) });
  if (!res.ok) throw new Error(\`chat failed: \${res.status}\`);
  return res.json();
}

export async function fetch${Pl}(threadId: string): Promise<${P}[]> {
  const res = await fetch(\`/api/threads/\${threadId}/${plural(k)}\`);
  return res.json();
}
`
      : `import type { ${P}, ${P}Filter } from "@acme/shared";

export async function fetch${Pl}(filter: ${P}Filter = {}, page = 1): Promise<${P}[]> {
  const params = new URLSearchParams({ page: String(page), ...(filter.status ? { status: filter.status } : {}), ...(filter.search ? { q: filter.search } : {}) });
  const res = await fetch(\`/api/${plural(k)}?\${params}\`);
  if (!res.ok) throw new Error(\`${plural(k)}: \${res.status}\`);
  return res.json();
}

export async function fetch${P}(id: string): Promise<${P}> {
  const res = await fetch(\`/api/${plural(k)}/\${id}\`);
  if (!res.ok) throw new Error(\`${k} \${id}: \${res.status}\`);
  return res.json();
}

export async function complete${P}(id: string): Promise<${P}> {
  const res = await fetch(\`/api/${plural(k)}/\${id}/complete\`, { method: "POST" });
  return res.json();
}
`,
  ]);
  out.push([
    `${webDir}/use${Pl}.ts`,
    `import { useQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import type { ${P}Filter } from "@acme/shared";
import { ${isMessage ? `fetch${Pl}` : `complete${P}, fetch${Pl}`} } from "./${k}.api";

export function use${Pl}(filter: ${isMessage ? 'string' : `${P}Filter`}, page = 1) {
  return useQuery({ queryKey: [${q(pl)}, filter, page], queryFn: () => fetch${Pl}(filter${isMessage ? '' : ', page'}), staleTime: ${(1 + Math.floor(r() * 6)) * 10}_000 });
}
${
  isMessage
    ? ''
    : `
export function useComplete${P}() {
  const client = useQueryClient();
  return useMutation({ mutationFn: complete${P}, onSuccess: () => client.invalidateQueries({ queryKey: [${q(pl)}] }) });
}
`
}`,
  ]);
  for (const kind of COMPONENT_KINDS) {
    const name = `${P}${kind}`;
    const body =
      kind === 'Form'
        ? `  const [title, setTitle] = useState(initial?.title ?? "");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      onSubmit={(ev) => {
        ev.preventDefault();
        if (!title.trim()) return setError("A title is required");
        onSubmit({ ...initial, title });
      }}
    >
      <TextField label="Title" value={title} onChange={setTitle} error={error ?? undefined} />
      <Button type="submit">Save</Button>
    </form>
  );`
        : kind === 'Table' || kind === 'List'
          ? `  const { data = [], isLoading } = use${Pl}(${isMessage ? 'filter.search ?? ""' : 'filter'});
  const [selected, setSelected] = useState<string | null>(null);
  if (isLoading) return <Spinner />;
  if (!data.length) return <p className="text-muted">No ${e.noun}s yet.</p>;
  return (
    <Table
      rows={data}
      columns={[{ key: "title", label: "Title" }, { key: "status", label: "Status" }, { key: "createdAt", label: "Created" }]}
      selectedId={selected}
      onSelect={setSelected}
    />
  );`
          : `  const [open, setOpen] = useState(false);
  return (
    <Card title={item?.title ?? "${pascal(e.noun)}"}>
      <Badge tone={item?.status === ${q(status[0])} ? "neutral" : "info"}>{item?.status}</Badge>
      <Button variant="ghost" onClick={() => setOpen(!open)}>{open ? "Hide" : "Show"} details</Button>
      {open && <pre className="whitespace-pre-wrap">{item?.body}</pre>}
    </Card>
  );`;
    const props = kind === 'Form' ? `{ initial, onSubmit }: { initial?: Partial<${P}>; onSubmit: (v: Partial<${P}>) => void }` : kind === 'Table' || kind === 'List' ? `{ filter }: { filter: ${P}Filter }` : `{ item }: { item?: ${P} }`;
    out.push([
      `${webDir}/${name}.tsx`,
      `import { useState } from "react";
import { Badge, Button, Card, Spinner, Table, TextField } from "@acme/ui";
import type { ${P}, ${P}Filter } from "@acme/shared";
import { use${Pl} } from "./use${Pl}";

export function ${name}(${props}) {
${body}
}
`,
    ]);
  }
  out.push([
    `apps/admin/src/pages/${e.domain}/${k}/index.tsx`,
    `import { ${P}Table } from "@/features/${e.domain}/${k}/${P}Table";
import { AdminLayout } from "@/layouts/AdminLayout";

export default function ${Pl}AdminPage() {
  return (
    <AdminLayout title="${pascal(e.noun)}s">
      <${P}Table filter={{}} />
    </AdminLayout>
  );
}
`,
  ]);
  out.push([
    `apps/admin/src/pages/${e.domain}/${k}/[id].tsx`,
    `import { useRouter } from "next/router";
import { ${P}Details } from "@/features/${e.domain}/${k}/${P}Details";
import { AdminLayout } from "@/layouts/AdminLayout";

export default function ${P}AdminDetailPage() {
  const { query } = useRouter();
  return (
    <AdminLayout title={\`${pascal(e.noun)} \${query.id}\`}>
      <${P}Details />
    </AdminLayout>
  );
}
`,
  ]);
  return out;
}

const UTIL_AREAS = ['dates', 'money', 'strings', 'arrays', 'objects', 'validation', 'urls', 'numbers', 'async', 'colors', 'files', 'csv'];
const UTIL_VERBS = ['format', 'parse', 'normalize', 'clamp', 'group', 'sortBy', 'chunk', 'merge', 'pick', 'diff', 'debounce', 'retry', 'toSlug', 'truncate', 'round', 'sum'];

function utilFile(i: number, r: () => number): [string, string] {
  const area = UTIL_AREAS[i % UTIL_AREAS.length];
  const name = `${UTIL_VERBS[Math.floor(i / UTIL_AREAS.length) % UTIL_VERBS.length]}${pascal(area)}${i >= UTIL_AREAS.length * UTIL_VERBS.length ? Math.floor(i / (UTIL_AREAS.length * UTIL_VERBS.length)) : ''}`;
  const lines: string[] = [`// ${area} helpers used across the apps.`, ''];
  const n = 2 + Math.floor(r() * 5);
  for (let f = 0; f < n; f++) {
    const limit = Math.floor(r() * 100);
    lines.push(
      `export function ${name}${f ? f : ''}(values: readonly number[], limit = ${limit}): number[] {`,
      `  const out: number[] = [];`,
      `  for (const v of values) {`,
      `    if (Number.isNaN(v)) continue;`,
      `    out.push(v > limit ? limit : v < -limit ? -limit : Math.round(v * ${1 + Math.floor(r() * 100)}) / ${1 + Math.floor(r() * 100)});`,
      `  }`,
      `  return out;`,
      `}`,
      '',
    );
  }
  return [`packages/shared/src/utils/${area}/${name}.ts`, lines.join('\n')];
}

const UI_NAMES = ['Button', 'Card', 'Table', 'Badge', 'Spinner', 'TextField', 'Select', 'Modal', 'Tabs', 'Tooltip', 'Avatar', 'Menu', 'Pagination', 'DatePicker', 'Toast', 'Switch', 'Checkbox', 'Radio', 'Breadcrumbs', 'Skeleton'];

function uiFile(i: number): [string, string] {
  const name = UI_NAMES[i % UI_NAMES.length] + (i >= UI_NAMES.length ? ['Group', 'Item', 'Icon', 'Label'][Math.floor(i / UI_NAMES.length - 1) % 4] : '');
  return [
    `packages/ui/src/${name}.tsx`,
    `import type { ReactNode } from "react";
import { cx } from "./cx";

export interface ${name}Props {
  children?: ReactNode;
  className?: string;
  variant?: "primary" | "ghost" | "danger";
  disabled?: boolean;
  onClick?: () => void;
}

export function ${name}({ children, className, variant = "primary", disabled, onClick }: ${name}Props) {
  return (
    <div role="group" className={cx("ui-${kebab(name).replace(/^-/, '')}", \`ui-\${variant}\`, disabled && "ui-disabled", className)} onClick={disabled ? undefined : onClick}>
      {children}
    </div>
  );
}
`,
  ];
}

/** Python files of one entity (FastAPI router, SQLAlchemy model, pydantic schema, service). */
function pyEntityFiles(e: Entity, r: () => number): [string, string][] {
  const P = pascal(e.name);
  const s = snake(e.name);
  return [
    [
      `services/ml/app/models/${s}.py`,
      `from sqlalchemy import DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class ${P}(Base):
    __tablename__ = "${plural(s)}"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(36), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(String(${1000 + Math.floor(r() * 9) * 1000}))
    created_at = mapped_column(DateTime(timezone=True), server_default=func.now())
`,
    ],
    [
      `services/ml/app/schemas/${s}.py`,
      `from datetime import datetime

from pydantic import BaseModel, Field


class ${P}In(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    body: str | None = None


class ${P}Out(${P}In):
    id: str
    created_at: datetime
`,
    ],
    [
      `services/ml/app/services/${s}_service.py`,
      `from sqlalchemy.orm import Session

from app.models.${s} import ${P}
from app.schemas.${s} import ${P}In


class ${P}Service:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, id: str) -> ${P} | None:
        return self.session.get(${P}, id)

    def create(self, organization_id: str, data: ${P}In) -> ${P}:
        row = ${P}(organization_id=organization_id, **data.model_dump())
        self.session.add(row)
        self.session.commit()
        return row

    def run(self, limit: int = ${50 + Math.floor(r() * 10) * 10}) -> int:
        """Nightly consistency pass (not a model call)."""
        rows = self.session.query(${P}).limit(limit).all()
        return sum(1 for row in rows if not row.title.strip())
`,
    ],
    [
      `services/ml/app/routers/${s}.py`,
      `from fastapi import APIRouter, Depends, HTTPException

from app.db import get_session
from app.schemas.${s} import ${P}In, ${P}Out
from app.services.${s}_service import ${P}Service

router = APIRouter(prefix="/${plural(kebab(e.name))}")


@router.get("/{id}", response_model=${P}Out)
def get_${s}(id: str, session=Depends(get_session)):
    row = ${P}Service(session).get(id)
    if row is None:
        raise HTTPException(status_code=404)
    return row


@router.post("", response_model=${P}Out, status_code=201)
def create_${s}(body: ${P}In, organization_id: str, session=Depends(get_session)):
    return ${P}Service(session).create(organization_id, body)
`,
    ],
  ];
}

/** Support files the generated imports name (auth, events, errors, queue, logger, db client, barrels). */
function supportFiles(all: Entity[]): [string, string][] {
  const byDomain = new Map<string, Entity[]>();
  for (const e of all) byDomain.set(e.domain, [...(byDomain.get(e.domain) ?? []), e]);
  const out: [string, string][] = [
    ['package.json', `{\n  "name": "acme",\n  "private": true,\n  "workspaces": ["packages/*", "apps/*"],\n  "scripts": { "build": "turbo run build", "test": "vitest" }\n}\n`],
    [
      'tsconfig.base.json',
      `{
  // Shared compiler options; the packages resolve each other through these paths.
  "compilerOptions": {
    "target": "ES2022",
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "strict": true,
    "jsx": "react-jsx",
    "baseUrl": ".",
    "paths": {
      "@acme/llm": ["packages/llm/src/index.ts"],
      "@acme/db": ["packages/db/src/index.ts"],
      "@acme/shared": ["packages/shared/src/index.ts"],
      "@acme/ui": ["packages/ui/src/index.ts"],
    },
  },
}
`,
    ],
    ['tsconfig.json', `{ "extends": "./tsconfig.base.json", "include": [] }\n`],
    ['.gitignore', 'node_modules/\ndist/\n.next/\ncoverage/\n*.log\n'],
    ['apps/web/package.json', `{ "name": "@acme/web", "private": true, "dependencies": { "@acme/llm": "*", "@acme/ui": "*", "next": "15.0.0" } }\n`],
    ['apps/web/tsconfig.json', `{ "extends": "../../tsconfig.base.json", "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] } } }\n`],
    ['apps/admin/package.json', `{ "name": "@acme/admin", "private": true }\n`],
    ['apps/admin/tsconfig.json', `{ "extends": "../../tsconfig.base.json", "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["../web/src/*"], "@/layouts/*": ["./src/layouts/*"] } } }\n`],
    ['apps/api/package.json', `{ "name": "@acme/api", "private": true }\n`],
    ['apps/api/tsconfig.json', `{ "extends": "../../tsconfig.base.json", "include": ["src"] }\n`],
    ['apps/worker/package.json', `{ "name": "@acme/worker", "private": true }\n`],
    ['apps/worker/tsconfig.json', `{ "extends": "../../tsconfig.base.json", "include": ["src", "scripts"] }\n`],
    ['packages/db/package.json', `{ "name": "@acme/db", "private": true, "main": "src/index.ts" }\n`],
    ['packages/shared/package.json', `{ "name": "@acme/shared", "private": true, "main": "src/index.ts" }\n`],
    ['packages/ui/package.json', `{ "name": "@acme/ui", "private": true, "main": "src/index.ts" }\n`],
    ['packages/db/src/client.ts', `import { PrismaClient } from "@prisma/client";\n\nexport const prisma = new PrismaClient({ log: process.env.DEBUG_SQL ? ["query"] : [] });\n`],
    ['packages/shared/src/metrics.ts', `import { StatsD } from "hot-shots";\n\nconst client = new StatsD({ prefix: "acme." });\n\nexport const metrics = {\n  increment: (name: string) => client.increment(name),\n  timing: (name: string, ms: number) => client.timing(name, ms),\n};\n`],
    ['packages/ui/src/cx.ts', `export function cx(...parts: (string | false | null | undefined)[]): string {\n  return parts.filter(Boolean).join(" ");\n}\n`],
    ['apps/api/src/errors.ts', `export class NotFoundError extends Error {\n  constructor(readonly kind: string, readonly id: string) {\n    super(\`\${kind} \${id} not found\`);\n  }\n}\n`],
    ['apps/api/src/events/bus.ts', `type Handler = (payload: unknown) => Promise<void> | void;\n\nexport class EventBus {\n  static readonly shared = new EventBus();\n  private readonly handlers = new Map<string, Handler[]>();\n\n  on(topic: string, handler: Handler) {\n    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), handler]);\n  }\n\n  async publish(topic: string, payload: unknown) {\n    for (const h of this.handlers.get(topic) ?? []) await h(payload);\n  }\n}\n`],
    ['apps/api/src/reports/generator.ts', `import PDFDocument from "pdfkit";\n\n/** Renders PDF reports from templates (not a model). */\nexport class ReportGenerator {\n  async generate(input: { template: string; organizationId: string; month: string; prompt?: string }): Promise<Buffer> {\n    const doc = new PDFDocument();\n    doc.text(\`\${input.prompt ?? input.template} — \${input.month}\`);\n    doc.end();\n    return Buffer.from([]);\n  }\n}\n`],
    ['apps/api/src/jobs/runner.ts', `import { Queue } from "bullmq";\n\nexport class JobRunner {\n  private readonly queue = new Queue("api-jobs");\n\n  async run(name: string, data: Record<string, unknown>) {\n    return this.queue.add(name, data);\n  }\n}\n`],
    ['apps/api/src/middleware/auth.ts', `import type { NextFunction, Request, Response } from "express";\n\nexport interface SessionUser {\n  id: string;\n  organizationId: string;\n  roles: string[];\n}\n\nexport function requireAuth(req: Request, res: Response, next: NextFunction) {\n  if (!req.user) return res.status(401).json({ error: "unauthorized" });\n  next();\n}\n`],
    ['apps/worker/src/queue.ts', `import Bull from "bull";\n\nexport const queue = new Bull("acme-worker", process.env.REDIS_URL ?? "redis://127.0.0.1:6379");\n`],
    ['apps/worker/src/logger.ts', `import pino from "pino";\n\nexport const logger = pino({ level: process.env.LOG_LEVEL ?? "info" });\n`],
    // Messaging SDKs with a messages.create and a chat namespace: not models.
    ['apps/worker/src/notify/sms.ts', `import twilio from "twilio";\n\nconst client = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);\n\nexport async function sendSms(to: string, body: string) {\n  return client.messages.create({ body, to, from: process.env.TWILIO_FROM });\n}\n`],
    ['apps/worker/src/notify/slack.ts', `import { WebClient } from "@slack/web-api";\n\nconst slack = new WebClient(process.env.SLACK_TOKEN);\n\nexport async function postToChannel(channel: string, text: string) {\n  return slack.chat.postMessage({ channel, text });\n}\n`],
    ['apps/web/src/server/auth.ts', `import { cookies } from "next/headers";\n\nexport async function getSession(): Promise<{ userId: string } | null> {\n  const token = (await cookies()).get("session")?.value;\n  return token ? { userId: token.split(".")[0] } : null;\n}\n\nexport async function requireSession() {\n  const s = await getSession();\n  if (!s) throw new Error("unauthorized");\n  return s;\n}\n`],
    ['apps/web/src/app/api/chat/route.ts', `import { NextResponse } from "next/server";\nimport { answerFromThread } from "@/server/support/thread";\n\n/** The chat page posts here; the thread module decides what to do. */\nexport async function POST(req: Request) {\n  const { threadId, text } = (await req.json()) as { threadId: string; text: string };\n  return NextResponse.json({ reply: await answerFromThread(threadId, text) });\n}\n`],
    ['apps/web/src/server/support/thread.ts', `import { messageRepository } from "@acme/db";\n\n/** Stores the customer's message; an agent answers later (no model here). */\nexport async function answerFromThread(threadId: string, text: string): Promise<string> {\n  await messageRepository.appendToThread(threadId, "customer", text);\n  return "Thanks, an agent will reply shortly.";\n}\n`],
    ['apps/admin/src/layouts/AdminLayout.tsx', `import type { ReactNode } from "react";\n\nexport function AdminLayout({ title, children }: { title: string; children: ReactNode }) {\n  return (\n    <main>\n      <h1>{title}</h1>\n      {children}\n    </main>\n  );\n}\n`],
    ['services/ml/app/db.py', `from sqlalchemy import create_engine\nfrom sqlalchemy.orm import DeclarativeBase, sessionmaker\n\nfrom app.config import settings\n\nengine = create_engine(settings.database_url)\nSessionLocal = sessionmaker(bind=engine)\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\ndef get_session():\n    session = SessionLocal()\n    try:\n        yield session\n    finally:\n        session.close()\n`],
    ['services/ml/app/main.py', `from fastapi import FastAPI\n\napp = FastAPI(title="acme-ml")\n\n\n@app.get("/health")\ndef health() -> dict:\n    return {"ok": True}\n`],
  ];
  const dbIndex = [`export * from "./client";`];
  const sharedIndex = [`export * from "./metrics";`];
  for (const [domain, list] of byDomain) {
    out.push([`packages/db/src/${domain}/index.ts`, list.map((e) => `export * from "./${kebab(e.name)}.repository";`).join('\n') + '\n']);
    out.push([`packages/shared/src/${domain}/index.ts`, list.flatMap((e) => [`export * from "./${kebab(e.name)}.schema";`, `export * from "./${kebab(e.name)}.constants";`]).join('\n') + '\n']);
    dbIndex.push(`export * from "./${domain}";`);
    sharedIndex.push(`export * from "./${domain}";`);
  }
  out.push(['packages/db/src/index.ts', dbIndex.join('\n') + '\n'], ['packages/shared/src/index.ts', sharedIndex.join('\n') + '\n']);
  out.push(['packages/ui/src/index.ts', UI_NAMES.map((n) => `export * from "./${n}";`).join('\n') + '\n']);
  return out;
}

const LLM_INDEX = `export * from "./config";
export * from "./providers";
export * from "./helpers/complete";
export { completeJson } from "./helpers/json";
export { LlmClient, createLlmClient, llm, type CallOptions } from "./client";
export * from "./factory";
export * from "./jobs";
export { embed, cosine } from "./embeddings";
export { isFlagged } from "./moderation";
export { countPromptTokens } from "./tokens";
export { availableModels } from "./models";
export { coverImage, transcribe } from "./media";
`;

// ─── assembly ───────────────────────────────────────────────────────────────────────────────────────────────────────

const SOURCE = /\.(?:[cm]?[jt]sx?|py)$/;
const TEST = /(^|\/)(__tests__|__mocks__|tests?)\/|\.(test|spec)\.[jt]sx?$|(^|\/)test_[^/]*\.py$/;

/** Builds the monorepo in memory: same options, same files, same ground truth. */
export function buildMonorepo(opts: MonorepoOptions = {}): Monorepo {
  const target = opts.sourceFiles ?? 3000;
  const tsJobs = opts.tsJobs ?? 130;
  const pyJobs = opts.pyJobs ?? 20;
  const r = rng(opts.seed ?? 20261205);
  const files = new Map<string, string>();
  const jobs: JobSite[] = [];
  const nearMisses: { file: string; what: string }[] = [];
  // Shared files are written in three parts (head, bodies in order, tail) once all jobs are placed.
  const parts = new Map<string, { head: string; bodies: string[]; tail: string }>();
  const c: Ctx = {
    r,
    files,
    jobs,
    nearMisses,
    append: (file, head, body, tail = '') => {
      const p = parts.get(file) ?? { head, bodies: [], tail };
      p.bodies.push(body);
      parts.set(file, p);
    },
  };

  const all = entities();
  // Distinct (task, entity) pairs: every job has its own instruction text and function name.
  const pairs: { t: number; e: number }[] = [];
  for (let t = 0; t < TASKS.length; t++) for (let e = 0; e < all.length; e++) pairs.push({ t, e });
  for (let i = pairs.length - 1; i > 0; i--) {
    const k = Math.floor(r() * (i + 1));
    [pairs[i], pairs[k]] = [pairs[k], pairs[i]];
  }
  const specs: JobSpec[] = pairs.slice(0, tsJobs + pyJobs).map(({ t, e }) => ({
    entity: all[e],
    verb: TASKS[t].verb,
    fn: `${TASKS[t].verb}${nounPascal(all[e].noun)}`,
    instruction: TASKS[t].text(all[e].noun),
  }));
  const tsShapes = Object.entries(TS_SHAPES);
  specs.slice(0, tsJobs).forEach((j, i) => {
    const [shape, write] = tsShapes[i % tsShapes.length];
    const site = write(c, j);
    jobs.push({ ...site, shape, language: 'typescript', instruction: j.instruction });
  });
  const pyShapes = Object.entries(PY_SHAPES);
  specs.slice(tsJobs).forEach((j, i) => {
    const [shape, write] = pyShapes[i % pyShapes.length];
    const site = write(c, j);
    jobs.push({ ...site, shape, language: 'python', instruction: j.instruction });
  });
  for (const [file, p] of parts) files.set(file, `${p.head}${p.bodies.join('')}${p.tail}`);
  if (!files.has('packages/llm/src/jobs/index.ts')) files.set('packages/llm/src/jobs/index.ts', 'export {};\n');

  for (const [f, t] of Object.entries(LLM_LAYER)) files.set(f, t);
  files.set('packages/llm/src/index.ts', LLM_INDEX);
  if (pyJobs > 0) {
    for (const [f, t] of Object.entries(PY_LAYER)) files.set(f, t);
    for (const d of ['jobs', 'pipelines', 'routers', 'workers', 'tasks', 'models', 'schemas', 'services']) if (!files.has(`services/ml/app/${d}/__init__.py`)) files.set(`services/ml/app/${d}/__init__.py`, '');
  }
  for (const [f, t] of supportFiles(all)) if (!files.has(f)) files.set(f, t);
  nearMisses.push(
    { file: 'packages/llm/src/embeddings.ts', what: 'embeddings' },
    { file: 'packages/llm/src/moderation.ts', what: 'moderation' },
    { file: 'packages/llm/src/tokens.ts', what: 'token counting' },
    { file: 'packages/llm/src/models.ts', what: 'model listing' },
    { file: 'packages/llm/src/media.ts', what: 'images and audio' },
    { file: 'packages/db/src/support/message.repository.ts', what: 'prisma.message.create' },
    { file: 'apps/worker/src/notify/sms.ts', what: 'Twilio messages.create' },
    { file: 'apps/worker/src/notify/slack.ts', what: 'Slack chat.postMessage' },
    { file: 'apps/web/src/features/support/message/message.api.ts', what: "fetch of the app's own /api/chat" },
    { file: 'apps/web/src/app/api/chat/route.ts', what: "the app's own /api/chat route (stores a message)" },
  );
  if (pyJobs > 0) nearMisses.push({ file: 'services/ml/app/llm/embeddings.py', what: 'embeddings (Python)' });

  // Ordinary code up to the target: Python slices first (about 8% of the tree when there are Python jobs), then
  // whole TypeScript slices per entity, shared utilities and UI kit files, in a fixed interleaving.
  let sources = [...files.keys()].filter((f) => SOURCE.test(f)).length;
  let python = [...files.keys()].filter((f) => f.endsWith('.py')).length;
  const add = (f: string, t: string) => {
    if (files.has(f) || sources >= target) return;
    files.set(f, t);
    sources++;
    if (f.endsWith('.py')) python++;
  };
  if (pyJobs > 0) {
    for (const e of all) {
      if (python >= Math.round(target * 0.08)) break;
      for (const [f, t] of pyEntityFiles(e, r)) add(f, t);
    }
  }
  let util = 0;
  let ui = 0;
  for (let round = 0; sources < target; round++) {
    for (const e of all) {
      if (sources >= target) break;
      if (round === 0) for (const [f, t] of entityFiles(e, r)) add(f, t);
      const [uf, ut] = utilFile(util++, r);
      add(uf, ut);
      if (ui < 80 && util % 3 === 0) {
        const [f, t] = uiFile(ui++);
        add(f, t);
      }
    }
  }

  // Ignored folders: dependencies and build output with SDK calls and instructions (never read).
  const ignored = new Map<string, string>();
  ignored.set('node_modules/openai/index.js', `exports.OpenAI = class OpenAI { constructor() { this.chat = { completions: { create: async () => ({}) } }; } };\n`);
  ignored.set('packages/llm/dist/index.js', `"use strict";\nconst OpenAI = require("openai");\nconst client = new OpenAI();\nexports.complete = (s, t) => client.chat.completions.create({ model: "gpt-4.1-mini", messages: [{ role: "system", content: "Built copy: summarize." }, { role: "user", content: t }] });\n`);
  ignored.set('apps/web/.next/server/app/api/chat/route.js', `const Anthropic = require("@anthropic-ai/sdk");\nmodule.exports = async (t) => new Anthropic().messages.create({ model: "claude-haiku-4-5", max_tokens: 10, system: "Built copy", messages: [{ role: "user", content: t }] });\n`);

  const listed = [...files.keys()].filter((f) => SOURCE.test(f));
  return { files, ignored, jobs, sourceFiles: listed.length, testFiles: listed.filter((f) => TEST.test(f)).length, nearMisses };
}

/** Writes the monorepo under `root` (emptied first, so no file of an earlier generation stays). */
export function writeMonorepo(root: string, repo: Monorepo): void {
  rmSync(root, { recursive: true, force: true });
  for (const [f, t] of [...repo.files, ...repo.ignored]) {
    const abs = join(root, f);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, t);
  }
}
