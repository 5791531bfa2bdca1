// The table of SDK call shapes: which modules make clients, which method paths generate text.

export type Sdk = 'anthropic' | 'openai';

/**
 * Could this file make an LLM call, define a wrapper or client, or hold a registry / model id?
 * A plain text test over the whole file: it runs on every file of the workspace.
 */
export const MAY_MATTER =
  /anthropic|Anthropic|openai|OpenAI|@ai-sdk|langchain|MODEL_REGISTRY|modelFor|model_for|claude-|gpt-[345o]|from\s*["']ai["']|require\(\s*["']ai["']\)|messages\.(?:create|stream|parse|batches)|completions\.(?:create|stream|parse)|responses\.(?:create|stream)|toolRunner|(?:generate|stream)(?:Text|Object)\(|Chat(?:Anthropic|OpenAI)|\/v1\/messages|\/chat\/completions|\/v1\/responses/;

/** Modules whose constructors make an SDK client. */
export function sdkOfModule(module: string): Sdk | null {
  if (/^@anthropic-ai\/(sdk|bedrock-sdk|vertex-sdk|foundry-sdk)(\/|$)/.test(module)) return 'anthropic';
  if (/^openai(\/|$)/.test(module)) return 'openai';
  return null;
}

/** Constructors exported by SDK modules that are not clients. */
export const NOT_A_CLIENT = /Error|Stream|Exception|Page|toFile|^(APIPromise|Uploadable)$/;

export interface Shape {
  sdk: Sdk;
  api: string;
  path: string[];
  streaming?: boolean;
  batch?: boolean;
  structured?: boolean;
  toolLoop?: boolean;
}

const SHAPES_SRC: Omit<Shape, 'path'>[] = [
  { sdk: 'anthropic', api: 'messages.create' },
  { sdk: 'anthropic', api: 'messages.stream', streaming: true },
  { sdk: 'anthropic', api: 'messages.parse', structured: true },
  { sdk: 'anthropic', api: 'beta.messages.create' },
  { sdk: 'anthropic', api: 'beta.messages.stream', streaming: true },
  { sdk: 'anthropic', api: 'beta.messages.parse', structured: true },
  { sdk: 'anthropic', api: 'beta.messages.toolRunner', toolLoop: true },
  { sdk: 'anthropic', api: 'messages.batches.create', batch: true },
  { sdk: 'anthropic', api: 'beta.messages.batches.create', batch: true },
  { sdk: 'openai', api: 'chat.completions.create' },
  { sdk: 'openai', api: 'chat.completions.stream', streaming: true },
  { sdk: 'openai', api: 'chat.completions.parse', structured: true },
  { sdk: 'openai', api: 'beta.chat.completions.parse', structured: true },
  { sdk: 'openai', api: 'beta.chat.completions.stream', streaming: true },
  { sdk: 'openai', api: 'chat.completions.runTools', toolLoop: true },
  { sdk: 'openai', api: 'beta.chat.completions.runTools', toolLoop: true },
  { sdk: 'openai', api: 'responses.create' },
  { sdk: 'openai', api: 'responses.stream', streaming: true },
  { sdk: 'openai', api: 'responses.parse', structured: true },
];

/** Longest first, so `beta.messages.create` wins over `messages.create`. */
export const SHAPES: Shape[] = SHAPES_SRC.map((s) => ({ ...s, path: s.api.split('.') })).sort((a, b) => b.path.length - a.path.length);

/** The shape that ends a member path, and how many leading names are the client. */
export function matchShape(path: readonly string[]): { shape: Shape; clientLength: number } | null {
  for (const shape of SHAPES) {
    const n = shape.path.length;
    if (path.length < n) continue;
    let ok = true;
    for (let i = 0; i < n; i++) if (path[path.length - n + i] !== shape.path[i]) ok = false;
    if (ok) return { shape, clientLength: path.length - n };
  }
  return null;
}

export const VERCEL_FUNCTIONS: Record<string, { streaming: boolean; structured: boolean }> = {
  generateText: { streaming: false, structured: false },
  streamText: { streaming: true, structured: false },
  generateObject: { streaming: false, structured: true },
  streamObject: { streaming: true, structured: true },
};

export function isVercelModule(module: string): boolean {
  return module === 'ai' || module.startsWith('ai/');
}

/** LangChain chat model classes by module. */
export function langchainClass(module: string, name: string): 'anthropic' | 'openai' | 'other' | null {
  if (!/^@?langchain(\/|$)|^@langchain\//.test(module)) return null;
  if (/Anthropic/.test(name)) return 'anthropic';
  if (/OpenAI/.test(name)) return 'openai';
  if (/^Chat[A-Z]/.test(name)) return 'other';
  return null;
}

export const LANGCHAIN_CALLS = new Set(['invoke', 'stream', 'batch', 'streamEvents', 'call', 'predict', 'generate']);
export const LANGCHAIN_WRAPS = new Set(['withStructuredOutput', 'bindTools', 'bind', 'withConfig', 'withRetry', 'withFallbacks']);

/** Registry helpers by name: `modelFor("x")`, `getModelFor("x")`, `model_for("x")`. */
export const REGISTRY_FN = /^(get)?[mM]odel_?[fF]or(Task)?$/;
/** Registry objects by name: `MODEL_REGISTRY`, `modelRegistry`, `MODELS_BY_TASK`. */
export const REGISTRY_OBJ = /^(MODEL_?REGISTRY|MODELS?_BY_TASK|TASK_MODELS|modelRegistry|ModelRegistry)$/;
export const DEFAULT_MODEL_NAME = /^(DEFAULT_MODEL|defaultModel|FALLBACK_MODEL)$/;

/** Tool names that do something that cannot be undone. */
export const IRREVERSIBLE_TOOL = /(^|[_\-.]|[a-z](?=[A-Z]))(send|delete|remove|pay|payment|charge|refund|deploy|transfer|drop|destroy|purchase|wire|cancel|publish|execute|exec|transact|withdraw|post_message|merge|rm)(?![a-z])/i;
