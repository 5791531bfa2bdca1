// Plain data shared by every part of the core. No behaviour, no imports from the editor.
//
// Pipeline: scan (per file, cacheable by content) → link (cross-file) → ScannedCall[]
//           → infer (task type) → usage (volume, token overrides) → cost → CallSite[] (the CLI JSON contract).

export type Language = 'typescript' | 'javascript' | 'python';

export const TASK_TYPES = [
  'classify_intent',
  'extract_entities',
  'summarize_short',
  'synthesize_documents',
  'generate_code',
  'review_code',
  'draft_long_form',
  'plan_agent_steps',
  'chat_general',
  'unknown',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export function isTaskType(value: string): value is TaskType {
  return (TASK_TYPES as readonly string[]).includes(value);
}

/** Recommendation tiers. Opus and Fable only ever appear as a call's current model. */
export type Tier = 'haiku' | 'sonnet';

/** 0-based UTF-16 offsets into the file text. */
export interface TextSpan {
  start: number;
  end: number;
}

/** 1-based line and column (as in the CLI JSON), plus the 0-based offset. */
export interface SourcePoint {
  line: number;
  column: number;
  offset: number;
}

export type PromptRole = 'system' | 'user' | 'assistant' | 'tool_result' | 'prompt';

/** A piece of prompt text a reader of the code can see, with how much of it is only known at run time. */
export interface PromptPart {
  role: PromptRole;
  /** The static text (template holes removed). */
  text: string;
  /** Number of dynamic pieces (`${…}`, variables, f-string holes) whose size is unknown. */
  dynamicSlots: number;
  /** Where the text is written: file relative to the root and 1-based line. */
  file: string;
  line: number;
  /** Span in `file` when known. */
  span: TextSpan | null;
  /** How the text was found, for explanations: "literal", "const SYSTEM_PROMPT", "imported SYSTEM from ./prompts". */
  origin: string;
  /**
   * Source text of the dynamic pieces, in order (`diff`, `chunks.map(…).join("\n")`, `history`), when the
   * scanner knows it. Optional; task-type inference reads the names in it ("${diff}" → code review).
   */
  holes?: string[];
}

export interface ToolDefinition {
  name: string;
  description: string;
  /** Source text of the input schema (JSON-ish), counted as input tokens. */
  schemaText: string;
}

/**
 * Evidence found around a call, for task-type inference. Each signal says where it is,
 * so a reason can name it ("system prompt line 14: …").
 */
export type SignalKind =
  | 'json-parse' // JSON.parse / json.loads of the output
  | 'schema-parse' // zod / pydantic / schema validation of the output
  | 'structured-output' // response_format json, generateObject, withStructuredOutput, messages.parse
  | 'switch-on-output' // switch / match on the output text
  | 'includes-on-output' // .includes / `in` / startsWith on the output
  | 'enum-compare' // output compared to enum members or a list of labels
  | 'tool-use-loop' // call inside a loop that checks stop_reason === "tool_use" or feeds tool_result back
  | 'message-history' // messages come from a history array / spread
  | 'streams-to-response' // streamed into an HTTP response / UI
  | 'documents-joined' // several retrieved documents/chunks joined into the prompt
  | 'forced-tool-choice' // tool_choice forces a specific tool
  | 'result-variable' // the name of the variable receiving the result
  | 'irreversible-tool'; // a tool whose name/description sends, deletes, pays, deploys

export interface Signal {
  kind: SignalKind;
  /** Short human text: the name, the code fragment. */
  detail: string;
  file: string;
  line: number;
}

export type ModelSource =
  | 'literal'
  | 'constant' // a const in the same file
  | 'imported-constant' // an exported const from another workspace file
  | 'env-default' // process.env.X ?? "default" / os.environ.get("X", "default")
  | 'config' // a property of a config object
  | 'registry' // modelFor("x") / MODEL_REGISTRY.x / model_for("x")
  | 'parameter' // comes from a wrapper parameter (resolved at the wrapper's call sites)
  | 'unresolved';

export interface ModelRef {
  /** Source text of the model expression as written (or "" when no model argument exists). */
  expression: string;
  resolved: string | null;
  source: ModelSource;
  /** Extra explanation, e.g. "default of process.env.MODEL". */
  note?: string;
  /** Span of the model expression in the call's file, for the quick fix. */
  span: TextSpan | null;
  /** Where a resolved constant is declared (for the quick fix on constants). */
  declaredAt?: { file: string; line: number; span: TextSpan | null };
}

export interface Annotation {
  callsPerDay?: number;
  /** Set when the volume was written as `tasks=N/day` (a task is one run of an agent loop or one conversation). */
  volumeUnit?: 'tasks';
  /** `turns=8`: model requests per task of an agent loop or a conversation. */
  turns?: number;
  taskType?: string;
  /** 1-based line of the comment. */
  line: number;
  text: string;
}

/** One LLM call found by a scanner, before inference and pricing. */
export interface ScannedCall {
  file: string;
  language: Language;
  /** Name used in the id: `fn`, `Class.method`, the const an arrow is assigned to; `(top)` at module level. */
  enclosingFunction: string;
  className: string | null;
  /** Where the callee expression starts (the CLI JSON line/column). */
  callee: SourcePoint;
  /** The whole call expression. */
  span: TextSpan;
  sdk: string;
  api: string;
  model: ModelRef;
  /** Task type named through the registry (`modelFor("x")`) or a registry-routing wrapper (`callAI("x", …)`). */
  registryTask: string | null;
  streaming: boolean;
  batch: boolean;
  cacheControl: boolean;
  cacheTtl: '5m' | '1h' | null;
  maxTokens: number | null;
  /**
   * `layer` when max_tokens is written in the app's plumbing for every job through it (`max_tokens=8192` in a
   * provider class), not by the job itself: a ceiling of the layer, not this job's answer length.
   */
  maxTokensFrom?: 'layer';
  temperature: number | null;
  prompt: PromptPart[];
  tools: ToolDefinition[];
  stopSequences: string[];
  signals: Signal[];
  annotation: Annotation | null;
  /** Set when sdk === "wrapper": the wrapped function and where it is defined. */
  wrapper?: { name: string; file: string; innerSdk: string; innerApi: string };
  /**
   * The provider the request goes to (`anthropic`, `openai`, `google`, `bedrock`, `mistral`, `cohere`, `groq`, `ollama`,
   * `openrouter`, `together`, `deepseek`, `fireworks`, `azure-openai`, `lmstudio`, `vllm`, …), when the scanner can
   * tell it; read it through `providerOf(call)`, which falls back to what older scanners set.
   */
  provider?: string;
  /** The client's base URL or host as written, when it is set (an OpenAI SDK pointed at another host). */
  baseUrl?: string;
  /** The structured output the call asks for, when the code says (zod, JSON schema, pydantic, a forced tool). */
  outputSchema?: OutputSchema;
  /** The job's own names in the app: a registry key, a use-case enum member, a telemetry or tracing label. */
  labels?: string[];
  /** The app's plumbing the job goes through, outermost first (`complete in packages/llm/src/client.ts`). */
  through?: string[];
  /**
   * What the code around the call does with the answer beyond parsing and comparing it (those are signals): stores it
   * (a database row, a cache entry, a file), feeds it back into the conversation, returns it to the caller.
   */
  outputUse?: { kind: 'stored' | 'fed-back' | 'returned'; detail: string; line: number }[];
  /**
   * Prompt text read from files at run time (`prompts/triage.md`), with the text when the file is in the workspace;
   * `key` when the text is one entry of a settings file (`[pr_review_prompt]` `system` in a TOML file, read as
   * `settings.pr_review_prompt.system`).
   */
  promptFiles?: { path: string; text: string | null; key?: string }[];
}

export interface OutputSchema {
  /** How the schema is written. */
  kind: 'zod' | 'json-schema' | 'pydantic' | 'response-format' | 'tool' | 'parser' | 'other';
  /** The schema's name as written (`InvoiceSchema`, `Ticket`), when it has one. */
  name?: string;
  /** Nested fields are named by their path (`items[].sku`, `address.city`). */
  fields: { name: string; type: string; enum?: string[]; description?: string }[];
  /** What the schema as a whole says it is: a model's docstring, a top-level `.describe()`, a forced tool's description. */
  description?: string;
  /** A bounded excerpt of its source, for what the fields do not say. */
  text?: string;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

// ---------------------------------------------------------------------------------------------
// Inference

export interface InferenceReason {
  /** Human text naming the evidence and where it is: `system prompt line 14: "Respond with exactly one of: …"`. */
  text: string;
  weight: number;
}

export interface RoutingQuestions {
  shortSchemaConstrainedOutput: boolean;
  cheapToRecover: boolean;
  noMultiStepReasoning: boolean;
}

export interface Inference {
  taskType: TaskType | string; // a registry task name may be outside the fixed list
  confidence: number;
  runnerUp: { taskType: TaskType; confidence: number } | null;
  reasons: string[];
  recommendedTier: Tier;
  /** Why the tier differs from the task type's default, if it does. */
  upgradeReasons: string[];
  /** Set when an agent has irreversible tools. */
  opusNote?: string;
  questions: RoutingQuestions;
  /** Why a routing question is answered "no", from the evidence (only the "no" answers have a note). */
  questionNotes?: Partial<Record<keyof RoutingQuestions, string>>;
  /** For `unknown`: what a reviewer would need to name the job (the instruction text, a name, the expected output …). */
  missingEvidence?: string[];
  /** Set when a Claude model judged the task type (pending, or accepted into the usage file). */
  judged?: JudgedTaskType;
  /** Set when the task type is named, not inferred: "the registry", "the annotation on line 7", ".tierwise.json callSites[…]". */
  setBy?: string;
}

/** A task type a Claude model judged from the call's card, with its answers to the three routing questions. */
export interface JudgedTaskType {
  /** "claude-haiku-5-5 2026-12-05" */
  source: string;
  model: string;
  date: string;
  /** One sentence: what the call asks the model to do ("" when not recorded). */
  job: string;
  answers: Record<keyof RoutingQuestions, { answer: boolean; reason: string }>;
  upgradeSignals: string[];
  /** false while the answer lives only in this editor; true once written to .tierwise.json. */
  accepted: boolean;
}

// ---------------------------------------------------------------------------------------------
// Output: the CLI JSON contract (DESIGN.md), plus fields the editor uses.

export type VolumeSource = 'default' | 'annotation' | 'usage-file';

export interface TokenEstimate {
  input: number;
  output: number;
  source: string;
  /** Breakdown, per tokenizer generation of the tier's model. */
  detail?: {
    staticInput: number;
    dynamicInput: number;
    toolInput: number;
    output: number;
    outputSource: string;
    /** Where the dynamic assumption comes from and how it is spread: "500 tokens over 2 slots (default assumption)". */
    dynamicSource?: string;
    /** Where a measured input count comes from, when the usage file gives one (then the parts above are the estimate it replaced). */
    inputSource?: string;
    /** Tokens of the prefix priced as cached (0 without cache_control). */
    cachedPrefix?: number;
  };
}

export interface MonthlyCost {
  haiku: number;
  sonnet: number;
  current: number | null;
}

export interface CallSite {
  id: string;
  file: string;
  line: number;
  column: number;
  language: Language;
  sdk: string;
  /**
   * The provider the request goes to, when `sdk` does not name it: an OpenAI client pointed at another host
   * (`openrouter`, `groq`, `lmstudio` …), a framework or a wrapper (the model's provider). Absent when it is `sdk`
   * or unknown (docs/contracts.md, "Provider catalogue").
   */
  provider?: string;
  api: string;
  model: { expression: string; resolved: string | null };
  streaming: boolean;
  batch: boolean;
  cacheControl: boolean;
  taskType: string;
  confidence: number;
  reasons: string[];
  recommendedTier: Tier;
  tokens: { input: number; output: number; source: string };
  callsPerDay: number;
  volumeSource: VolumeSource;
  monthlyCost: MonthlyCost;
  /**
   * Why `monthlyCost.current` is null, or what to know about it: a local model ($0), a price from the price database,
   * a retired or deprecated model. Absent when there is nothing to say (docs/contracts.md, "Prices").
   */
  currentNote?: string;
  /**
   * Set when a Claude model judged the task type: "claude-haiku-5-5 2026-12-05" when the team accepted it into
   * .tierwise.json, with " (not accepted)" for an answer the editor holds but nobody accepted yet.
   */
  taskTypeSource?: string;
  /** The call runs several model requests per task (an agent loop, a conversation): how it is priced (issue #15). */
  loop?: LoopInfo;
  /** Prompt caching as priced on the model of `tokens` (cache_control in the code, or the provider's automatic caching). */
  promptCaching?: PromptCachingInfo;
  /** A cache_control breakpoint the code does not have and that would save money at this volume (issue #15). */
  cachingOpportunity?: CachingOpportunity;
  /** The volume and tokens come from measured traffic imported into the usage file (`tierwise import-usage`). */
  measured?: MeasuredInfo;
}

/** How a multi-request call site is priced. Token counts are on the model of `tokens` (the current one when priced). */
export interface LoopInfo {
  /** `agent-loop`: tool results fed back until the model stops; `conversation`: a chat history re-sent every turn. */
  kind: 'agent-loop' | 'conversation';
  /** Who runs the turns: the code (a loop on stop_reason), the SDK or framework (tool runner, maxSteps, agents), the caller (a chat route given the history), or the user's `turns` setting. */
  runner: 'code' | 'sdk' | 'caller' | 'user';
  /** Model requests per task (one task = one run of the agent, one conversation). */
  turnsPerTask: number;
  turnsSource: string;
  /** Tasks per day; `callsPerDay` = tasksPerDay × turnsPerTask (requests). */
  tasksPerDay: number;
  /** What the volume figure (annotation, usage file, default) counts on this site. */
  volumeCounts: 'tasks' | 'requests';
  /** Input tokens added to the conversation each turn (the turn's output plus tool results or the next user message). */
  addedTokensPerTurn: number;
  addedSource: string;
  firstTurnInput: number;
  lastTurnInput: number;
  /** Sums over the turns of one task. */
  inputPerTask: number;
  outputPerTask: number;
  /** `task`: turn by turn with the history growing; `request`: measured or given mean tokens per request (the history is in them). */
  pricedPer: 'task' | 'request';
}

export interface PromptCachingInfo {
  /** `cache_control` in the code; `automatic`: the provider caches repeated prefixes by itself (OpenAI, ≥ 1,024 tokens); `measured`: from imported cache tokens. */
  mode: 'cache_control' | 'automatic' | 'measured';
  model: string;
  /** Tokens of the prefix read from the cache (turn 1's for a loop). */
  prefixTokens: number;
  /** Requests per day that write (cache_control) or miss (automatic) the prefix, and that read it. */
  writesPerDay: number;
  readsPerDay: number;
}

export interface CachingOpportunity {
  /** The current model, on which the saving is computed. */
  model: string;
  /** Where the breakpoint goes: the last system block (caches tools + system) or the last tool (caches the tools). */
  breakpoint: 'system' | 'tools';
  ttl: '5m';
  /** Tokens the breakpoint caches, and the model's minimum cacheable length. */
  prefixTokens: number;
  minCacheableTokens: number;
  /** Monthly cost on `model` without and with the breakpoint, and the difference. */
  monthlyWithout: number;
  monthlyWith: number;
  savingPerMonth: number;
  /** Requests per day that would write the prefix (one per 5-minute window at most, and turn 1 of a task). */
  writesPerDay: number;
}

export interface MeasuredInfo {
  /** File name the figures were imported from, and its format (`otlp`). */
  source: string;
  /** First and last day of the measured period (UTC, YYYY-MM-DD). */
  from: string;
  to: string;
  /** Model requests per day measured (spans per day). */
  callsPerDay: number;
  spans: number;
  inputTokens?: number;
  outputTokens?: number;
  /** Mean cache tokens per request, when the spans carry them. */
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  /** Share of input tokens read from the cache. */
  cacheHitRate?: number;
}

export interface Totals {
  allHaiku: number;
  allSonnet: number;
  recommended: number;
  current: number;
}

export interface ScanReport {
  version: 1;
  root: string;
  pricing: { asOf: string; tiers: { haiku: string; sonnet: string } };
  callSites: CallSite[];
  totals: Totals;
  skipped: SkippedFile[];
}
