// The provider catalogue: what every SDK and framework looks like to a reader of the code — which modules export
// what, which constructors make clients or models, which method paths send a request, and where a request's model,
// instructions, messages, limits and tools sit in its arguments. Knowledge as data: the engine (link.ts) reads it
// for TS/JS and Python alike; adding a provider is an entry here plus fixtures.

/** Where a request's parts sit in its arguments. Keys are property names of the params object (TS) or keyword
 * arguments (Python); a dotted key reads a nested object (`config.systemInstruction`). */
export interface ArgMap {
  /** Index of the argument that is the params object (TS style). Python keyword arguments are always read too. */
  params?: number;
  /** Names given to positional arguments (`generateContent(prompt)` → ["contents"]; `invoke(input)` → ["input"]). */
  positional?: string[];
  model?: string[];
  system?: string[];
  messages?: string[];
  prompt?: string[];
  maxTokens?: string[];
  temperature?: string[];
  tools?: string[];
  stop?: string[];
  /** A boolean param that makes the request stream. */
  stream?: string[];
  /** Structured-output params (JSON schema, response format, output type). */
  format?: string[];
  toolChoice?: string[];
  /** A Bedrock-style command object (`client.send(new ConverseCommand({ … }))`): the params are the command's. */
  command?: number;
  /** A JSON body string holding the params (`invoke_model(body=json.dumps({…}))`). */
  body?: string[];
}

export interface RequestDef {
  /** The api name in the CLI JSON (`messages.create`). */
  api: string;
  streaming?: boolean;
  batch?: boolean;
  structured?: boolean;
  /** The SDK runs the tool loop itself. */
  toolLoop?: boolean;
  /** An agent or a multi-step chain: the framework plans and calls tools. */
  agent?: boolean;
  /** Not a request of its own, but a conversation's next turn (`chat.sendMessage`). */
  chat?: boolean;
  args?: ArgMap;
}

/** What calling (or constructing) a value gives: a request, or another catalogue object with arguments bound. */
export type Action =
  | { request: RequestDef }
  | {
      /**
       * The kind of object returned; or `$same` (the object called on, with what the call binds), `$sequence` (the
       * arguments piped), `$parallel` (the branch of a `RunnableParallel` that asks a model), `$boto3` (the client of
       * a boto3 service), `$pick` (the entry of the table the object bound
       * as its model, under the name given as the first argument: `customProvider({ languageModels }).languageModel("fast")`).
       */
      returns: string;
      /** How the call's arguments become the object's bound options (model, system …). */
      bind?: ArgMap;
      /** The provider is read from an argument: `boto3.client("bedrock-runtime")`, `init_chat_model(model_provider=…)`. */
      providerFrom?: string[];
      /** The returned object carries the request settings of a prompt template / chain part, or streams (a command). */
      flags?: { structured?: boolean; tools?: boolean; streaming?: boolean };
    }
  /** Returns its first argument unchanged (retry, tracing and patching wrappers around a client or model). */
  | { passThrough: number; key?: string; flags?: { structured?: boolean; tools?: boolean; instructor?: boolean } }
  /**
   * Sets program-wide defaults of every object of a kind (`dspy.configure(lm=…)`): a request on such an object that
   * binds no model of its own uses the one configured here.
   */
  | { configures: string; bind: ArgMap };

export interface KindDef {
  /** Provider of the requests this object makes; null when it depends on a bound option or an argument. */
  provider: string | null;
  /** Options that point the client at another host (`baseURL`): the provider follows the host. */
  hostOptions?: string[];
  /** Methods by path from this object. */
  methods: Record<string, Action>;
  /** The object itself is callable (`anthropic("claude-…")`, a DSPy module, Python `llm(prompt)`). */
  call?: Action;
  /** Bound options that are request params: the model, the system prompt … (keys as in ArgMap). */
  binds?: ArgMap;
  /** A LangChain runnable: piping it (`|`, `.pipe`, RunnableSequence) makes a chain. */
  runnable?: 'prompt' | 'model' | 'parser' | 'chain';
  /** Not generating: calls on it are near misses (embeddings, moderation …). */
  quiet?: boolean;
  /** The provider is named by the class the object is made from (`ChatMistralAI`, LlamaIndex `Ollama`): see providerOfClassName. */
  providerFromClass?: boolean;
  /**
   * Its requests with a dotted method path (`chat.completions.create`) are recognised on a receiver whose type is not
   * known (a client passed in untyped), when the arguments look like a request. Kinds earlier in KINDS win a path.
   */
  shapes?: boolean;
  /**
   * The model a request names is the app's alias for one (LiteLLM `Router(model_list=[{ model_name, litellm_params }])`):
   * in the list bound as the object's model, the entry whose `name` equals it gives the model at `model` (dotted).
   */
  aliases?: { name: string; model: string };
  /**
   * Constructing it with its instructions makes a job a framework runs (a Mastra agent registered with `new Mastra`
   * and served by its server, CopilotKit or MCP): when no request of the workspace is made on that object, the
   * construction is the job, read with these arguments.
   */
  served?: RequestDef;
}

export type Export = { kind: string } | { instance: string } | Action;

export interface PackageDef {
  lang: 'ts' | 'py';
  /** Module names (exact), or prefixes ending with `*`. */
  modules: string[];
  /**
   * Exported names (dotted for nested members, `default` for a default export) → what they are: `{ kind }` a class
   * (constructing or calling it gives an object of that kind, its arguments bound), `{ instance }` an object of that
   * kind already made, or an Action (a function).
   */
  exports: Record<string, Export>;
  /** Exported names matching a pattern (LangChain's many Chat* classes). */
  patterns?: { re: string; kind: string }[];
  /** The module object itself is an object of this kind (`import openai` then `openai.ChatCompletion.create`). */
  namespace?: string;
}

// --- request shapes shared by several providers ------------------------------------------------------------

const CHAT_COMPLETIONS: ArgMap = {
  params: 0,
  model: ['model', 'engine', 'deployment_id'],
  system: [],
  messages: ['messages'],
  prompt: [],
  maxTokens: ['max_tokens', 'max_completion_tokens', 'maxTokens'],
  temperature: ['temperature'],
  tools: ['tools', 'functions'],
  stop: ['stop'],
  stream: ['stream'],
  format: ['response_format', 'response_model', 'text_format'],
  toolChoice: ['tool_choice', 'function_call'],
};

/** LiteLLM's `completion(model, messages, …)`: the OpenAI parameters, the first two also positional. */
const LITELLM: ArgMap = { ...CHAT_COMPLETIONS, positional: ['model', 'messages'] };

const ANTHROPIC_MESSAGES: ArgMap = {
  params: 0,
  model: ['model'],
  system: ['system'],
  messages: ['messages'],
  maxTokens: ['max_tokens'],
  temperature: ['temperature'],
  tools: ['tools'],
  stop: ['stop_sequences'],
  stream: ['stream'],
  format: ['output_format', 'response_model', 'output_config'],
  toolChoice: ['tool_choice'],
};

const RESPONSES: ArgMap = {
  params: 0,
  model: ['model'],
  system: ['instructions'],
  messages: ['input'],
  maxTokens: ['max_output_tokens'],
  temperature: ['temperature'],
  tools: ['tools'],
  stream: ['stream'],
  format: ['text.format', 'text_format'],
  toolChoice: ['tool_choice'],
};

const COMPLETIONS: ArgMap = { params: 0, model: ['model', 'engine'], prompt: ['prompt'], maxTokens: ['max_tokens', 'max_tokens_to_sample'], temperature: ['temperature'], stop: ['stop', 'stop_sequences'], stream: ['stream'] };

const OPENAI_METHODS: Record<string, Action> = {
  'chat.completions.create': { request: { api: 'chat.completions.create', args: CHAT_COMPLETIONS } },
  'chat.completions.stream': { request: { api: 'chat.completions.stream', streaming: true, args: CHAT_COMPLETIONS } },
  'chat.completions.parse': { request: { api: 'chat.completions.parse', structured: true, args: CHAT_COMPLETIONS } },
  'chat.completions.runTools': { request: { api: 'chat.completions.runTools', toolLoop: true, args: CHAT_COMPLETIONS } },
  'chat.completions.create_partial': { request: { api: 'chat.completions.create_partial', structured: true, args: CHAT_COMPLETIONS } },
  'chat.completions.create_with_completion': { request: { api: 'chat.completions.create_with_completion', structured: true, args: CHAT_COMPLETIONS } },
  'beta.chat.completions.parse': { request: { api: 'beta.chat.completions.parse', structured: true, args: CHAT_COMPLETIONS } },
  'beta.chat.completions.stream': { request: { api: 'beta.chat.completions.stream', streaming: true, args: CHAT_COMPLETIONS } },
  'beta.chat.completions.runTools': { request: { api: 'beta.chat.completions.runTools', toolLoop: true, args: CHAT_COMPLETIONS } },
  'chat.completions.with_raw_response.create': { request: { api: 'chat.completions.with_raw_response.create', args: CHAT_COMPLETIONS } },
  'chat.completions.withResponse': { request: { api: 'chat.completions.withResponse', args: CHAT_COMPLETIONS } },
  'with_raw_response.chat.completions.create': { request: { api: 'with_raw_response.chat.completions.create', args: CHAT_COMPLETIONS } },
  'chat.completions.with_streaming_response.create': { request: { api: 'chat.completions.with_streaming_response.create', streaming: true, args: CHAT_COMPLETIONS } },
  'responses.create': { request: { api: 'responses.create', args: RESPONSES } },
  'responses.stream': { request: { api: 'responses.stream', streaming: true, args: RESPONSES } },
  'responses.parse': { request: { api: 'responses.parse', structured: true, args: RESPONSES } },
  'completions.create': { request: { api: 'completions.create', args: COMPLETIONS } },
  'batches.create': { request: { api: 'batches.create', batch: true, args: { params: 0 } } },
  // Legacy 0.x module-level shapes and the v3 JS client.
  'ChatCompletion.create': { request: { api: 'ChatCompletion.create', args: CHAT_COMPLETIONS } },
  'ChatCompletion.acreate': { request: { api: 'ChatCompletion.acreate', args: CHAT_COMPLETIONS } },
  'Completion.create': { request: { api: 'Completion.create', args: COMPLETIONS } },
  'Completion.acreate': { request: { api: 'Completion.acreate', args: COMPLETIONS } },
  createChatCompletion: { request: { api: 'createChatCompletion', args: CHAT_COMPLETIONS } },
  createCompletion: { request: { api: 'createCompletion', args: COMPLETIONS } },
};

const ANTHROPIC_METHODS: Record<string, Action> = {
  'messages.create': { request: { api: 'messages.create', args: ANTHROPIC_MESSAGES } },
  'messages.stream': { request: { api: 'messages.stream', streaming: true, args: ANTHROPIC_MESSAGES } },
  'messages.parse': { request: { api: 'messages.parse', structured: true, args: ANTHROPIC_MESSAGES } },
  'messages.tool_runner': { request: { api: 'messages.tool_runner', toolLoop: true, args: ANTHROPIC_MESSAGES } },
  'messages.toolRunner': { request: { api: 'messages.toolRunner', toolLoop: true, args: ANTHROPIC_MESSAGES } },
  'beta.messages.create': { request: { api: 'beta.messages.create', args: ANTHROPIC_MESSAGES } },
  'beta.messages.stream': { request: { api: 'beta.messages.stream', streaming: true, args: ANTHROPIC_MESSAGES } },
  'beta.messages.parse': { request: { api: 'beta.messages.parse', structured: true, args: ANTHROPIC_MESSAGES } },
  'beta.messages.toolRunner': { request: { api: 'beta.messages.toolRunner', toolLoop: true, args: ANTHROPIC_MESSAGES } },
  'beta.messages.tool_runner': { request: { api: 'beta.messages.tool_runner', toolLoop: true, args: ANTHROPIC_MESSAGES } },
  'beta.tools.messages.create': { request: { api: 'beta.tools.messages.create', args: ANTHROPIC_MESSAGES } },
  'messages.batches.create': { request: { api: 'messages.batches.create', batch: true, args: ANTHROPIC_MESSAGES } },
  'beta.messages.batches.create': { request: { api: 'beta.messages.batches.create', batch: true, args: ANTHROPIC_MESSAGES } },
  'messages.with_raw_response.create': { request: { api: 'messages.with_raw_response.create', args: ANTHROPIC_MESSAGES } },
  'with_raw_response.messages.create': { request: { api: 'with_raw_response.messages.create', args: ANTHROPIC_MESSAGES } },
  'messages.with_streaming_response.create': { request: { api: 'messages.with_streaming_response.create', streaming: true, args: ANTHROPIC_MESSAGES } },
  'messages.withResponse': { request: { api: 'messages.withResponse', args: ANTHROPIC_MESSAGES } },
  'completions.create': { request: { api: 'completions.create', args: COMPLETIONS } },
};

const GOOGLE_GENAI_ARGS: ArgMap = {
  params: 0,
  model: ['model'],
  system: ['config.systemInstruction', 'config.system_instruction', 'systemInstruction', 'system_instruction'],
  messages: ['contents', 'message'],
  maxTokens: ['config.maxOutputTokens', 'config.max_output_tokens'],
  temperature: ['config.temperature'],
  tools: ['config.tools', 'tools'],
  stop: ['config.stopSequences', 'config.stop_sequences'],
  format: ['config.responseSchema', 'config.response_schema', 'config.responseMimeType', 'config.response_mime_type', 'config.responseJsonSchema'],
};

/** A Gemini model object's request: `model.generateContent(prompt)` with the model's bound settings. */
const GEMINI_MODEL_ARGS: ArgMap = {
  positional: ['contents'],
  params: undefined,
  messages: ['contents', 'message'],
  maxTokens: ['generationConfig.maxOutputTokens', 'generation_config.max_output_tokens'],
  tools: ['tools'],
  format: ['generationConfig.responseSchema', 'generation_config.response_schema', 'generationConfig.responseMimeType', 'generation_config.response_mime_type'],
};

/** Bedrock's Converse API: keyword arguments (boto3) or one params object (the aggregated JS client). */
const BEDROCK_CONVERSE: ArgMap = { params: 0, model: ['modelId'], system: ['system'], messages: ['messages'], maxTokens: ['inferenceConfig.maxTokens'], temperature: ['inferenceConfig.temperature'], tools: ['toolConfig.tools'] };

const VERCEL_ARGS: ArgMap = {
  params: 0,
  model: ['model'],
  system: ['system', 'instructions'],
  messages: ['messages'],
  prompt: ['prompt'],
  maxTokens: ['maxTokens', 'maxOutputTokens'],
  temperature: ['temperature'],
  tools: ['tools'],
  stop: ['stopSequences'],
  format: ['schema', 'output', 'experimental_output'],
  toolChoice: ['toolChoice'],
};

/** A Mastra agent's run: the input, then an options object (structured output, limits). */
const MASTRA_RUN: ArgMap = { positional: ['input'], params: 1, format: ['output', 'structuredOutput', 'experimental_output'], maxTokens: ['maxTokens', 'modelSettings.maxOutputTokens'] };

const LC_MODEL_BINDS: ArgMap = {
  params: 0,
  model: ['model', 'modelName', 'model_name', 'model_id', 'modelId', 'deployment_name', 'azure_deployment', 'azureOpenAIApiDeploymentName', 'repo_id'],
  maxTokens: ['maxTokens', 'max_tokens', 'maxOutputTokens', 'max_output_tokens', 'num_predict', 'max_new_tokens'],
  temperature: ['temperature'],
  stream: ['streaming'],
  system: ['system', 'system_prompt', 'systemPrompt', 'system_instruction', 'systemInstruction'],
};

const LC_INVOKE: ArgMap = { positional: ['input'] };

/** LangChain's runnable steps, alike in both languages (`RunnablePassthrough()`, `RunnableParallel(…)` …). */
const LC_STEP_EXPORTS = {
  RunnablePassthrough: { kind: 'lc.step' },
  RunnableLambda: { kind: 'lc.step' },
  RunnableParallel: { instance: 'lc.parallel' },
  RunnableMap: { instance: 'lc.parallel' },
};

const LC_RUNNABLE_METHODS = (agent = false): Record<string, Action> => ({
  invoke: { request: { api: 'invoke', agent, args: LC_INVOKE } },
  ainvoke: { request: { api: 'ainvoke', agent, args: LC_INVOKE } },
  stream: { request: { api: 'stream', streaming: true, agent, args: LC_INVOKE } },
  astream: { request: { api: 'astream', streaming: true, agent, args: LC_INVOKE } },
  streamEvents: { request: { api: 'streamEvents', streaming: true, agent, args: LC_INVOKE } },
  astream_events: { request: { api: 'astream_events', streaming: true, agent, args: LC_INVOKE } },
  batch: { request: { api: 'batch', batch: false, agent, args: LC_INVOKE } },
  abatch: { request: { api: 'abatch', agent, args: LC_INVOKE } },
  call: { request: { api: 'call', agent, args: LC_INVOKE } },
  predict: { request: { api: 'predict', agent, args: { positional: ['input'], prompt: ['text'] } } },
  apredict: { request: { api: 'apredict', agent, args: { positional: ['input'], prompt: ['text'] } } },
  // Legacy chat-model calls on a list of messages (LangChain < 0.1): `model.apredict_messages(messages, functions=…)`.
  predict_messages: { request: { api: 'predict_messages', agent, args: { positional: ['messages'], messages: ['messages'], tools: ['functions'] } } },
  apredict_messages: { request: { api: 'apredict_messages', agent, args: { positional: ['messages'], messages: ['messages'], tools: ['functions'] } } },
  run: { request: { api: 'run', agent, args: LC_INVOKE } },
  arun: { request: { api: 'arun', agent, args: LC_INVOKE } },
  // `generate(messages=[[…], …], functions=…)`: a list of conversations (a chain's list of inputs by position).
  generate: { request: { api: 'generate', agent, args: { ...LC_INVOKE, messages: ['messages', 'prompts'], tools: ['functions'] } } },
  agenerate: { request: { api: 'agenerate', agent, args: { ...LC_INVOKE, messages: ['messages', 'prompts'], tools: ['functions'] } } },
  // What a chain's own step sends (`self.llm.generate_prompt(prompts, stop)`): a list of prompt values, one per input.
  generate_prompt: { request: { api: 'generate_prompt', agent, args: { positional: ['prompts'], messages: ['prompts'], tools: ['functions'] } } },
  agenerate_prompt: { request: { api: 'agenerate_prompt', agent, args: { positional: ['prompts'], messages: ['prompts'], tools: ['functions'] } } },
  // Python `chain(inputs)` / `llm(messages)`.
  __call__: { request: { api: '__call__', agent, args: LC_INVOKE } },
  // LangChain JS chains' own step, called directly by some apps (`chain._call({ objective, task })`).
  _call: { request: { api: '_call', agent, args: LC_INVOKE } },
  withStructuredOutput: { returns: '$same', flags: { structured: true }, bind: { positional: ['format'] } },
  with_structured_output: { returns: '$same', flags: { structured: true }, bind: { positional: ['format'] } },
  bindTools: { returns: '$same', flags: { tools: true }, bind: { positional: ['tools'], params: undefined, tools: ['tools'] } },
  bind_tools: { returns: '$same', flags: { tools: true }, bind: { positional: ['tools'], tools: ['tools'] } },
  bind: { returns: '$same' },
  withConfig: { returns: '$same' },
  with_config: { returns: '$same' },
  withRetry: { returns: '$same' },
  with_retry: { returns: '$same' },
  withFallbacks: { returns: '$same' },
  with_fallbacks: { returns: '$same' },
  configurable_fields: { returns: '$same' },
  configurable_alternatives: { returns: '$same' },
  withListeners: { returns: '$same' },
  with_listeners: { returns: '$same' },
});

export const KINDS: Record<string, KindDef> = {
  // --- Anthropic -------------------------------------------------------------------------------------------
  'anthropic.client': { provider: 'anthropic', shapes: true, hostOptions: ['baseURL', 'base_url'], methods: ANTHROPIC_METHODS },
  'anthropic.bedrock': { provider: 'anthropic', methods: ANTHROPIC_METHODS },
  'anthropic.vertex': { provider: 'anthropic', methods: ANTHROPIC_METHODS },
  'anthropic.foundry': { provider: 'anthropic', methods: ANTHROPIC_METHODS },
  // --- OpenAI and every OpenAI-compatible host ---------------------------------------------------------------
  'openai.client': { provider: 'openai', shapes: true, hostOptions: ['baseURL', 'base_url', 'basePath', 'api_base'], methods: OPENAI_METHODS },
  'openai.azure': { provider: 'azure-openai', hostOptions: ['endpoint', 'azure_endpoint', 'baseURL', 'base_url'], methods: OPENAI_METHODS, binds: { params: 0, model: ['deployment', 'azure_deployment', 'deploymentName'] } },
  'openai.v3config': { provider: 'openai', hostOptions: ['basePath'], methods: {} },
  'openai.module': { provider: 'openai', methods: OPENAI_METHODS },
  'groq.client': { provider: 'groq', methods: OPENAI_METHODS },
  'together.client': { provider: 'together', methods: OPENAI_METHODS },
  'fireworks.client': { provider: 'fireworks', methods: OPENAI_METHODS },
  'cerebras.client': { provider: 'cerebras', methods: OPENAI_METHODS },
  'deepseek.client': { provider: 'deepseek', methods: OPENAI_METHODS },
  // Community clients over the OpenAI API: `chatgpt` (ChatGPTAPI: the system message and model fixed when it is made,
  // `sendMessage(text)` per turn) and token.js (one OpenAI-shaped client for many providers, `provider` per request).
  'chatgpt.api': {
    provider: 'openai',
    hostOptions: ['apiBaseUrl'],
    binds: { params: 0, system: ['systemMessage'], model: ['completionParams.model'], maxTokens: ['completionParams.max_tokens'], temperature: ['completionParams.temperature'] },
    methods: { sendMessage: { request: { api: 'sendMessage', args: { positional: ['prompt', 'opts'], prompt: ['prompt'], system: ['opts.systemMessage'], model: ['opts.completionParams.model'] } } } },
  },
  'tokenjs.client': { provider: null, hostOptions: ['baseURL'], methods: OPENAI_METHODS },
  // aider as a library: a coding agent made with `Coder.create(main_model=Model("…"))`, each `coder.run("…")` a job.
  'aider.coder': { provider: null, binds: { model: ['main_model'] }, methods: { create: { returns: 'aider.coder', bind: { model: ['main_model'] } }, run: { request: { api: 'coder.run', agent: true, toolLoop: true, args: { positional: ['prompt'], prompt: ['prompt', 'with_message'] } } } } },
  // --- Google ------------------------------------------------------------------------------------------------
  'google.genai': {
    provider: 'google',
    shapes: true,
    methods: {
      'models.generateContent': { request: { api: 'models.generateContent', args: GOOGLE_GENAI_ARGS } },
      'models.generateContentStream': { request: { api: 'models.generateContentStream', streaming: true, args: GOOGLE_GENAI_ARGS } },
      'models.generate_content': { request: { api: 'models.generate_content', args: GOOGLE_GENAI_ARGS } },
      'models.generate_content_stream': { request: { api: 'models.generate_content_stream', streaming: true, args: GOOGLE_GENAI_ARGS } },
      'aio.models.generate_content': { request: { api: 'aio.models.generate_content', args: GOOGLE_GENAI_ARGS } },
      'aio.models.generate_content_stream': { request: { api: 'aio.models.generate_content_stream', streaming: true, args: GOOGLE_GENAI_ARGS } },
      'chats.create': { returns: 'google.chat', bind: GOOGLE_GENAI_ARGS },
      'aio.chats.create': { returns: 'google.chat', bind: GOOGLE_GENAI_ARGS },
    },
  },
  'google.chat': {
    provider: 'google',
    binds: GOOGLE_GENAI_ARGS,
    methods: {
      sendMessage: { request: { api: 'chats.sendMessage', chat: true, args: { ...GOOGLE_GENAI_ARGS, positional: ['message'], params: 0 } } },
      sendMessageStream: { request: { api: 'chats.sendMessageStream', chat: true, streaming: true, args: { ...GOOGLE_GENAI_ARGS, positional: ['message'], params: 0 } } },
      send_message: { request: { api: 'chats.send_message', chat: true, args: { ...GOOGLE_GENAI_ARGS, positional: ['message'] } } },
      send_message_stream: { request: { api: 'chats.send_message_stream', chat: true, streaming: true, args: { ...GOOGLE_GENAI_ARGS, positional: ['message'] } } },
    },
  },
  'google.generativeai': {
    provider: 'google',
    methods: {
      getGenerativeModel: { returns: 'google.model', bind: { params: 0, model: ['model'], system: ['systemInstruction'], maxTokens: ['generationConfig.maxOutputTokens'], tools: ['tools'], format: ['generationConfig.responseSchema', 'generationConfig.responseMimeType'] } },
      GenerativeModel: {
        returns: 'google.model',
        bind: { positional: ['model_name'], model: ['model_name', 'model'], system: ['system_instruction'], maxTokens: ['generation_config.max_output_tokens'], tools: ['tools'], format: ['generation_config.response_schema', 'generation_config.response_mime_type'] },
      },
    },
  },
  'google.model': {
    provider: 'google',
    binds: { model: ['model', 'model_name'], system: ['systemInstruction', 'system_instruction'], maxTokens: ['generationConfig.maxOutputTokens', 'generation_config.max_output_tokens'], tools: ['tools'], format: ['generationConfig.responseSchema', 'generation_config.response_schema', 'generationConfig.responseMimeType', 'generation_config.response_mime_type'] },
    methods: {
      generateContent: { request: { api: 'generateContent', args: GEMINI_MODEL_ARGS } },
      generateContentStream: { request: { api: 'generateContentStream', streaming: true, args: GEMINI_MODEL_ARGS } },
      generate_content: { request: { api: 'generate_content', args: GEMINI_MODEL_ARGS } },
      generate_content_async: { request: { api: 'generate_content_async', args: GEMINI_MODEL_ARGS } },
      startChat: { returns: 'google.modelchat', bind: { params: 0, messages: ['history'] } },
      start_chat: { returns: 'google.modelchat', bind: { messages: ['history'] } },
    },
  },
  'google.modelchat': {
    provider: 'google',
    methods: {
      sendMessage: { request: { api: 'chat.sendMessage', chat: true, args: { positional: ['message'], messages: ['message'] } } },
      sendMessageStream: { request: { api: 'chat.sendMessageStream', chat: true, streaming: true, args: { positional: ['message'], messages: ['message'] } } },
      send_message: { request: { api: 'chat.send_message', chat: true, args: { positional: ['message'], messages: ['message'] } } },
      send_message_async: { request: { api: 'chat.send_message_async', chat: true, args: { positional: ['message'], messages: ['message'] } } },
    },
  },
  // --- AWS Bedrock -------------------------------------------------------------------------------------------
  'bedrock.client': {
    provider: 'bedrock',
    methods: {
      send: { request: { api: 'send', args: { command: 0, model: ['modelId'], system: ['system'], messages: ['messages'], maxTokens: ['inferenceConfig.maxTokens'], temperature: ['inferenceConfig.temperature'], tools: ['toolConfig.tools'], body: ['body'] } } },
      converse: { request: { api: 'converse', args: BEDROCK_CONVERSE } },
      // The aggregated JS client (`new BedrockRuntime().converseStream({ … })`).
      converseStream: { request: { api: 'converseStream', streaming: true, args: BEDROCK_CONVERSE } },
      invokeModel: { request: { api: 'invokeModel', args: { params: 0, model: ['modelId'], body: ['body'] } } },
      invokeModelWithResponseStream: { request: { api: 'invokeModelWithResponseStream', streaming: true, args: { params: 0, model: ['modelId'], body: ['body'] } } },
      converse_stream: { request: { api: 'converse_stream', streaming: true, args: BEDROCK_CONVERSE } },
      invoke_model: { request: { api: 'invoke_model', args: { model: ['modelId'], body: ['body'] } } },
      invoke_model_with_response_stream: { request: { api: 'invoke_model_with_response_stream', streaming: true, args: { model: ['modelId'], body: ['body'] } } },
    },
  },
  'bedrock.command': { provider: 'bedrock', methods: {} },
  'aws.other': { provider: null, quiet: true, methods: {} },
  /** `boto3.Session(profile_name=…)`: its clients are boto3's. */
  'aws.session': { provider: null, methods: { client: { returns: '$boto3', bind: { positional: ['service_name'] } } } },
  // --- Mistral, Cohere, Ollama -------------------------------------------------------------------------------
  'mistral.client': {
    provider: 'mistral',
    shapes: true,
    hostOptions: ['serverURL', 'server_url', 'endpoint'],
    methods: {
      'chat.complete': { request: { api: 'chat.complete', args: CHAT_COMPLETIONS } },
      'chat.stream': { request: { api: 'chat.stream', streaming: true, args: CHAT_COMPLETIONS } },
      'chat.parse': { request: { api: 'chat.parse', structured: true, args: CHAT_COMPLETIONS } },
      'chat.complete_async': { request: { api: 'chat.complete_async', args: CHAT_COMPLETIONS } },
      'chat.stream_async': { request: { api: 'chat.stream_async', streaming: true, args: CHAT_COMPLETIONS } },
      chat: { request: { api: 'chat', args: CHAT_COMPLETIONS } },
      chat_stream: { request: { api: 'chat_stream', streaming: true, args: CHAT_COMPLETIONS } },
      'fim.complete': { request: { api: 'fim.complete', args: { params: 0, model: ['model'], prompt: ['prompt'] } } },
    },
  },
  'cohere.client': {
    provider: 'cohere',
    methods: {
      chat: { request: { api: 'chat', args: { params: 0, model: ['model'], system: ['preamble'], prompt: ['message'], messages: ['messages', 'chatHistory', 'chat_history'], maxTokens: ['maxTokens', 'max_tokens'], temperature: ['temperature'], tools: ['tools'], format: ['responseFormat', 'response_format'] } } },
      chatStream: { request: { api: 'chatStream', streaming: true, args: { params: 0, model: ['model'], system: ['preamble'], prompt: ['message'], messages: ['messages', 'chatHistory'], maxTokens: ['maxTokens'], tools: ['tools'] } } },
      chat_stream: { request: { api: 'chat_stream', streaming: true, args: { model: ['model'], system: ['preamble'], prompt: ['message'], messages: ['messages', 'chat_history'], maxTokens: ['max_tokens'], tools: ['tools'] } } },
      generate: { request: { api: 'generate', args: { params: 0, model: ['model'], prompt: ['prompt'], maxTokens: ['maxTokens', 'max_tokens'] } } },
      'v2.chat': { request: { api: 'v2.chat', args: { params: 0, model: ['model'], messages: ['messages'], maxTokens: ['maxTokens', 'max_tokens'], tools: ['tools'] } } },
    },
  },
  'ollama.client': {
    provider: 'ollama',
    hostOptions: ['host'],
    methods: {
      // One params object (JS), or `chat(model, messages)` (Python).
      chat: { request: { api: 'chat', args: { params: 0, positional: ['model', 'messages'], model: ['model'], messages: ['messages'], tools: ['tools'], stream: ['stream'], format: ['format'], maxTokens: ['options.num_predict'] } } },
      generate: { request: { api: 'generate', args: { params: 0, positional: ['model', 'prompt'], model: ['model'], system: ['system'], prompt: ['prompt'], stream: ['stream'], format: ['format'], maxTokens: ['options.num_predict'] } } },
    },
  },
  // --- Hugging Face Inference, llama.cpp -------------------------------------------------------------------------
  /** huggingface_hub `InferenceClient(model=…)`: the client may carry the model. */
  'huggingface.client': {
    provider: 'huggingface',
    hostOptions: ['base_url'],
    binds: { positional: ['model'], model: ['model'] },
    methods: {
      chat_completion: { request: { api: 'chat_completion', args: { ...CHAT_COMPLETIONS, params: undefined, positional: ['messages'] } } },
      'chat.completions.create': { request: { api: 'chat.completions.create', args: CHAT_COMPLETIONS } },
      text_generation: { request: { api: 'text_generation', args: { positional: ['prompt'], model: ['model'], prompt: ['prompt'], maxTokens: ['max_new_tokens'], temperature: ['temperature'], stop: ['stop', 'stop_sequences'], stream: ['stream'] } } },
    },
  },
  /** @huggingface/inference `new InferenceClient(token)`: the model is per request. */
  'huggingface.jsclient': {
    provider: 'huggingface',
    hostOptions: ['endpointUrl'],
    methods: {
      chatCompletion: { request: { api: 'chatCompletion', args: CHAT_COMPLETIONS } },
      chatCompletionStream: { request: { api: 'chatCompletionStream', streaming: true, args: CHAT_COMPLETIONS } },
      textGeneration: { request: { api: 'textGeneration', args: { params: 0, model: ['model'], prompt: ['inputs'], maxTokens: ['parameters.max_new_tokens'], temperature: ['parameters.temperature'] } } },
      textGenerationStream: { request: { api: 'textGenerationStream', streaming: true, args: { params: 0, model: ['model'], prompt: ['inputs'], maxTokens: ['parameters.max_new_tokens'] } } },
    },
  },
  /** llama-cpp-python `Llama(model_path=…)`: a model file run in the process (local, no per-token price). */
  'llamacpp.model': {
    provider: 'llamacpp',
    binds: { model: ['model_path', 'repo_id'] },
    methods: {
      create_chat_completion: { request: { api: 'create_chat_completion', args: { ...CHAT_COMPLETIONS, params: undefined, format: ['response_format'] } } },
      from_pretrained: { returns: 'llamacpp.model', bind: { model: ['repo_id'] } },
      create_completion: { request: { api: 'create_completion', args: { positional: ['prompt'], prompt: ['prompt'], maxTokens: ['max_tokens'], temperature: ['temperature'], stop: ['stop'], stream: ['stream'] } } },
    },
    call: { request: { api: '__call__', args: { positional: ['prompt'], prompt: ['prompt'], maxTokens: ['max_tokens'], temperature: ['temperature'], stop: ['stop'], stream: ['stream'] } } },
  },
  /** vLLM's offline engine `LLM(model=…)`: a model run in the process on the app's own GPUs (local, no per-token price). */
  'vllm.model': {
    provider: 'vllm',
    binds: { model: ['model'] },
    methods: {
      // `generate(prompts, sampling_params)`, also `generate(prompt_token_ids=[tokenizer.apply_chat_template(messages)])`.
      generate: { request: { api: 'generate', args: { positional: ['prompt'], prompt: ['prompts', 'prompt_token_ids'], maxTokens: ['sampling_params.max_tokens'] } } },
      chat: { request: { api: 'chat', args: { positional: ['messages'], messages: ['messages'], maxTokens: ['sampling_params.max_tokens'] } } },
    },
  },
  // --- Vercel AI SDK -----------------------------------------------------------------------------------------
  'ai.provider': { provider: null, hostOptions: ['baseURL'], call: { returns: 'ai.model', bind: { positional: ['model'] } }, methods: { chat: { returns: 'ai.model', bind: { positional: ['model'] } }, languageModel: { returns: 'ai.model', bind: { positional: ['model'] } }, responses: { returns: 'ai.model', bind: { positional: ['model'] } }, completion: { returns: 'ai.model', bind: { positional: ['model'] } }, messages: { returns: 'ai.model', bind: { positional: ['model'] } }, chatModel: { returns: 'ai.model', bind: { positional: ['model'] } } } },
  'ai.model': { provider: null, binds: { model: ['model'] }, methods: {} },
  'ai.completionHook': { provider: null, binds: { model: ['model'] }, methods: { complete: { request: { api: 'useCompletion.complete', streaming: true, args: { positional: ['prompt'], prompt: ['prompt'] } } } } },
  'ai.registry': { provider: null, methods: { languageModel: { returns: 'ai.model', bind: { positional: ['model'] } } } },
  /** `customProvider({ languageModels: { fast: openai("gpt-4o-mini") } })`: names of the app's own for models. */
  'ai.custom': { provider: null, binds: { params: 0, model: ['languageModels'] }, methods: { languageModel: { returns: '$pick' } } },
  'ai.agent': {
    provider: null,
    binds: { params: 0, model: ['model'], system: ['system', 'instructions'], tools: ['tools'], maxTokens: ['maxOutputTokens'] },
    methods: {
      generate: { request: { api: 'Agent.generate', agent: true, args: { params: 0, prompt: ['prompt'], messages: ['messages'] } } },
      stream: { request: { api: 'Agent.stream', agent: true, streaming: true, args: { params: 0, prompt: ['prompt'], messages: ['messages'] } } },
    },
  },
  // --- Mastra: an agent with its instructions and an AI SDK model; each generate/stream is one job ------------------
  // `new Mastra({ agents: { agent } }).getAgent('agent')`: the agent registered under that name (its table is kept
  // in the `model` slot, as `$pick` reads it).
  'mastra.mastra': { provider: null, binds: { params: 0, model: ['agents'] }, methods: { getAgent: { returns: '$pick' } } },
  'mastra.agent': {
    provider: null,
    binds: { params: 0, model: ['model'], system: ['instructions'], tools: ['tools'] },
    served: { api: 'Agent (served)', agent: true, args: { params: 0, model: ['model'], system: ['instructions'], tools: ['tools'] } },
    methods: {
      // `agent.generate(input, { output: schema, maxSteps, … })`: the options object is the second argument.
      generate: { request: { api: 'Agent.generate', agent: true, args: MASTRA_RUN } },
      stream: { request: { api: 'Agent.stream', agent: true, streaming: true, args: MASTRA_RUN } },
      generateVNext: { request: { api: 'Agent.generateVNext', agent: true, args: MASTRA_RUN } },
      streamVNext: { request: { api: 'Agent.streamVNext', agent: true, streaming: true, args: MASTRA_RUN } },
    },
  },
  'embedding.quiet': { provider: null, quiet: true, methods: {} },
  // LangGraph: a graph of the app's own functions (`add_node("agent", call_model)`), compiled and run with a state
  // (`graph.ainvoke({"prompt": …, "input_text": …})`). Running it calls each node with that state: the linker reads
  // the nodes' requests with the caller's state (see Linker.linkGraphRuns).
  'lg.graph': { provider: null, methods: { compile: { returns: 'lg.compiled' } } },
  'lg.compiled': { provider: null, methods: {} },
  // --- LangChain -----------------------------------------------------------------------------------------------
  // Python calls a model or a legacy chain directly: `llm(prompt)`, `chain(inputs)`.
  'lc.chat': { provider: null, providerFromClass: true, hostOptions: ['configuration.baseURL', 'base_url', 'baseUrl', 'openai_api_base', 'baseURL'], runnable: 'model', binds: LC_MODEL_BINDS, methods: LC_RUNNABLE_METHODS(), call: { request: { api: '__call__', args: LC_INVOKE } } },
  // `format_prompt(**inputs)`: the prompt value a chain hands its model (the template's text, filled).
  'lc.prompt': { provider: null, runnable: 'prompt', methods: { partial: { returns: '$same' }, format: { returns: 'lc.prompt' }, format_messages: { returns: 'lc.prompt' }, format_prompt: { returns: '$same' }, aformat_prompt: { returns: '$same' } } },
  'lc.parser': { provider: null, runnable: 'parser', methods: {} },
  // `RunnablePassthrough()`, `RunnableLambda(fn)`: steps that reshape the input, no request of their own.
  'lc.step': { provider: null, runnable: 'parser', methods: {} },
  // `RunnableParallel(answer=prompt | llm | parser, documents=…)`: its branches run on the same input; the branch
  // that asks a model is what a run of it sends (see Evaluator.runAction, `$parallel`).
  'lc.parallel': { provider: null, methods: {}, call: { returns: '$parallel' } },
  'lc.chain': { provider: null, runnable: 'chain', methods: LC_RUNNABLE_METHODS(), call: { request: { api: '__call__', args: LC_INVOKE } } },
  'lc.agent': { provider: null, runnable: 'chain', methods: LC_RUNNABLE_METHODS(true) },
  // --- spice (one client over OpenAI and Anthropic: `Spice().get_response(model=…, messages=…)`) ------------------
  'spice.client': {
    provider: null,
    methods: {
      get_response: { request: { api: 'get_response', args: { model: ['model'], messages: ['messages'], temperature: ['temperature'], format: ['response_format'] } } },
      stream_response: { request: { api: 'stream_response', streaming: true, args: { model: ['model'], messages: ['messages'], temperature: ['temperature'], format: ['response_format'] } } },
      get_embeddings: { returns: 'embedding.quiet' },
      get_embeddings_sync: { returns: 'embedding.quiet' },
      get_transcription: { returns: 'embedding.quiet' },
      count_prompt_tokens: { returns: 'embedding.quiet' },
    },
  },
  // --- llmx (one text-generation interface over OpenAI, PaLM, Cohere, Hugging Face: `llm(provider="openai")`) --------
  'llmx.gen': {
    provider: null,
    binds: { positional: ['provider'], model: ['model'] },
    methods: {
      generate: { request: { api: 'generate', args: { positional: ['messages', 'config'], messages: ['messages'], model: ['config.model'], maxTokens: ['config.max_tokens'], temperature: ['config.temperature'] } } },
    },
  },
  // --- LlamaIndex -----------------------------------------------------------------------------------------------
  'li.llm': {
    provider: null,
    providerFromClass: true,
    hostOptions: ['api_base', 'base_url', 'baseURL'],
    binds: { params: 0, model: ['model', 'model_name'], maxTokens: ['max_tokens', 'maxTokens'], temperature: ['temperature'], system: ['system_prompt', 'systemPrompt'] },
    methods: {
      complete: { request: { api: 'complete', args: { params: 0, positional: ['prompt'], prompt: ['prompt'] } } },
      acomplete: { request: { api: 'acomplete', args: { positional: ['prompt'], prompt: ['prompt'] } } },
      stream_complete: { request: { api: 'stream_complete', streaming: true, args: { positional: ['prompt'], prompt: ['prompt'] } } },
      astream_complete: { request: { api: 'astream_complete', streaming: true, args: { positional: ['prompt'], prompt: ['prompt'] } } },
      chat: { request: { api: 'chat', args: { params: 0, positional: ['messages'], messages: ['messages'] } } },
      achat: { request: { api: 'achat', args: { positional: ['messages'], messages: ['messages'] } } },
      stream_chat: { request: { api: 'stream_chat', streaming: true, args: { positional: ['messages'], messages: ['messages'] } } },
      astream_chat: { request: { api: 'astream_chat', streaming: true, args: { positional: ['messages'], messages: ['messages'] } } },
      predict: { request: { api: 'predict', args: { positional: ['prompt'], prompt: ['prompt'] } } },
      apredict: { request: { api: 'apredict', args: { positional: ['prompt'], prompt: ['prompt'] } } },
      structured_predict: { request: { api: 'structured_predict', structured: true, args: { positional: ['format', 'prompt'], prompt: ['prompt'], format: ['format'] } } },
      astructured_predict: { request: { api: 'astructured_predict', structured: true, args: { positional: ['format', 'prompt'], prompt: ['prompt'], format: ['format'] } } },
      as_structured_llm: { returns: '$same', flags: { structured: true } },
    },
  },
  // An index answers questions through a query or chat engine: retrieval, then the LLM writes the answer from what it
  // retrieved (`index.as_query_engine(llm=llm).query(q)`, `RetrieverQueryEngine.from_args(retriever, llm=llm)`). The
  // model is the engine's `llm`, else the index's or the app's `Settings.llm` (not read here).
  'li.index': {
    provider: null,
    binds: { model: ['llm', 'service_context'] },
    methods: {
      from_documents: { returns: 'li.index', bind: { model: ['llm', 'service_context'] } },
      from_vector_store: { returns: 'li.index', bind: { model: ['llm', 'service_context'] } },
      as_query_engine: { returns: 'li.engine', bind: { model: ['llm', 'service_context'], system: ['text_qa_template', 'summary_template'], format: ['output_cls'] } },
      as_chat_engine: { returns: 'li.chatengine', bind: { model: ['llm', 'service_context'], system: ['system_prompt', 'context_prompt'] } },
      as_retriever: { returns: 'embedding.quiet' },
      insert: { returns: 'embedding.quiet' },
      refresh_ref_docs: { returns: 'embedding.quiet' },
    },
  },
  'li.engine': {
    provider: null,
    binds: { model: ['llm', 'service_context'], system: ['text_qa_template', 'summary_template'] },
    methods: {
      from_args: { returns: 'li.engine', bind: { model: ['llm', 'service_context'], system: ['text_qa_template', 'summary_template'] } },
      from_defaults: { returns: 'li.engine', bind: { model: ['llm', 'service_context'], system: ['text_qa_template', 'summary_template'] } },
      query: { request: { api: 'query', args: { positional: ['prompt'], prompt: ['prompt', 'str_or_query_bundle', 'query_str', 'query'] } } },
      aquery: { request: { api: 'aquery', args: { positional: ['prompt'], prompt: ['prompt', 'str_or_query_bundle', 'query_str', 'query'] } } },
    },
  },
  'li.chatengine': {
    provider: null,
    binds: { model: ['llm', 'service_context'], system: ['system_prompt', 'context_prompt'] },
    methods: {
      from_defaults: { returns: 'li.chatengine', bind: { model: ['llm', 'service_context'], system: ['system_prompt', 'context_prompt'] } },
      chat: { request: { api: 'chat', args: { positional: ['prompt'], prompt: ['prompt', 'message'] } } },
      achat: { request: { api: 'achat', args: { positional: ['prompt'], prompt: ['prompt', 'message'] } } },
      stream_chat: { request: { api: 'stream_chat', streaming: true, args: { positional: ['prompt'], prompt: ['prompt', 'message'] } } },
      astream_chat: { request: { api: 'astream_chat', streaming: true, args: { positional: ['prompt'], prompt: ['prompt', 'message'] } } },
    },
  },
  // --- Agents and multi-agent frameworks ------------------------------------------------------------------------
  'oa.agent': { provider: 'openai', binds: { params: 0, positional: [], model: ['model'], system: ['instructions'], tools: ['tools'], format: ['output_type', 'outputType'] }, methods: {} },
  'oa.runner': {
    provider: null,
    methods: {
      run: { request: { api: 'Runner.run', agent: true, args: { positional: ['agent', 'input'], prompt: ['input'] } } },
      run_sync: { request: { api: 'Runner.run_sync', agent: true, args: { positional: ['agent', 'input'], prompt: ['input'] } } },
      run_streamed: { request: { api: 'Runner.run_streamed', agent: true, streaming: true, args: { positional: ['agent', 'input'], prompt: ['input'] } } },
    },
    call: { request: { api: 'run', agent: true, args: { positional: ['agent', 'input'], prompt: ['input'] } } },
  },
  'pydantic.agent': {
    provider: null,
    binds: { positional: ['model'], model: ['model'], system: ['system_prompt', 'instructions'], format: ['output_type', 'result_type'], tools: ['tools'] },
    methods: {
      run: { request: { api: 'Agent.run', agent: true, args: { positional: ['prompt'], prompt: ['user_prompt', 'prompt'] } } },
      run_sync: { request: { api: 'Agent.run_sync', agent: true, args: { positional: ['prompt'], prompt: ['user_prompt', 'prompt'] } } },
      run_stream: { request: { api: 'Agent.run_stream', agent: true, streaming: true, args: { positional: ['prompt'], prompt: ['user_prompt', 'prompt'] } } },
    },
  },
  'autogen.agent': {
    provider: null,
    binds: { positional: ['name'], system: ['system_message'], model: ['llm_config.model', 'llm_config.config_list.0.model', 'model_client.model'] },
    methods: {
      initiate_chat: { request: { api: 'initiate_chat', agent: true, args: { positional: ['recipient', 'message'], prompt: ['message'] } } },
      a_initiate_chat: { request: { api: 'a_initiate_chat', agent: true, args: { positional: ['recipient', 'message'], prompt: ['message'] } } },
      generate_reply: { request: { api: 'generate_reply', agent: true, args: { messages: ['messages'] } } },
      run: { request: { api: 'run', agent: true, args: { prompt: ['task'] } } },
      run_stream: { request: { api: 'run_stream', agent: true, streaming: true, args: { prompt: ['task'] } } },
    },
  },
  'autogen.modelclient': { provider: null, binds: { params: 0, model: ['model'] }, methods: { create: { request: { api: 'create', args: { positional: ['messages'], messages: ['messages'] } } } } },
  'crewai.part': { provider: null, binds: { system: ['role', 'goal', 'backstory', 'description', 'expected_output'], model: ['llm'] }, methods: {} },
  'crewai.crew': {
    provider: null,
    // The crew's tasks are its instructions; its agents carry the model (the first agent's stands for the crew).
    binds: { system: ['tasks'], model: ['agents'] },
    methods: {
      kickoff: { request: { api: 'Crew.kickoff', agent: true, args: { prompt: ['inputs'] } } },
      kickoff_async: { request: { api: 'Crew.kickoff_async', agent: true, args: { prompt: ['inputs'] } } },
    },
  },
  // browser-use: an agent that drives a browser toward its task, with the model it is given (`Agent(task=…, llm=…).run()`).
  'browseruse.agent': {
    provider: null,
    binds: { positional: ['task', 'llm'], prompt: ['task'], model: ['llm'], system: ['extend_system_message', 'override_system_message'] },
    methods: {
      run: { request: { api: 'Agent.run', agent: true, args: {} } },
      run_sync: { request: { api: 'Agent.run_sync', agent: true, args: {} } },
    },
  },
  'dspy.lm': { provider: null, binds: { positional: ['model'], model: ['model'], maxTokens: ['max_tokens'] }, methods: {}, call: { request: { api: 'LM.__call__', args: { positional: ['prompt'], prompt: ['prompt'], messages: ['messages'] } } } },
  'dspy.module': {
    provider: null,
    binds: { positional: ['signature'], system: ['signature'] },
    methods: { forward: { request: { api: 'forward', args: {} } }, acall: { request: { api: 'acall', args: {} } } },
    call: { request: { api: '__call__', args: {} } },
  },
  'claude.agent': { provider: 'anthropic', methods: {}, call: { request: { api: 'query', agent: true, args: { params: 0, prompt: ['prompt'], system: ['options.systemPrompt', 'options.system_prompt'], model: ['options.model'] } } } },
  'lc.prompt.class': {
    provider: null,
    methods: {
      fromMessages: { returns: 'lc.prompt', bind: { positional: ['messages'] } },
      from_messages: { returns: 'lc.prompt', bind: { positional: ['messages'] } },
      fromPromptMessages: { returns: 'lc.prompt', bind: { positional: ['messages'] } },
      fromTemplate: { returns: 'lc.prompt', bind: { positional: ['prompt'], params: 1 } },
      from_template: { returns: 'lc.prompt', bind: { positional: ['prompt'], prompt: ['template'] } },
      from_file: { returns: 'lc.prompt', bind: { positional: ['prompt'] } },
    },
    call: { returns: 'lc.prompt', bind: { params: 0, prompt: ['template'], messages: ['messages'] } },
  },
  // `RunnableSequence.from([…])` (JS), `RunnableSequence(first, …, last)` (Python).
  'lc.sequence': { provider: null, methods: { from: { returns: '$sequence' } }, call: { returns: '$sequence' } },
  'lc.agentexecutor': {
    provider: null,
    methods: { fromAgentAndTools: { returns: 'lc.agent', bind: { params: 0, model: ['agent'], tools: ['tools'] } }, from_agent_and_tools: { returns: 'lc.agent', bind: { model: ['agent'], system: ['agent'], tools: ['tools'] } } },
    call: { returns: 'lc.agent', bind: { params: 0, model: ['agent'], tools: ['tools'] } },
  },
  'lc.llmchain': { provider: null, methods: {}, call: { returns: 'lc.chain', bind: { params: 0, model: ['llm'], system: ['prompt'] } } },
  // The legacy ReAct agent: `ZeroShotAgent.create_prompt(tools, prefix=…, suffix=…)`, `ZeroShotAgent(llm_chain=…)`,
  // `ZeroShotAgent.from_llm_and_tools(llm, tools, prefix=…)`; an AgentExecutor over it runs the steps.
  'lc.zeroshot': {
    provider: null,
    methods: {
      create_prompt: { returns: 'lc.prompt', bind: { positional: ['tools'], prompt: ['prefix'] } },
      from_llm_and_tools: { returns: 'lc.agent', bind: { positional: ['llm', 'tools'], model: ['llm'], system: ['prefix'], tools: ['tools'] } },
    },
    call: { returns: 'lc.agent', bind: { model: ['llm_chain'], system: ['llm_chain'], tools: ['allowed_tools'] } },
  },
  'instructor.client': { provider: null, binds: { model: ['model'] }, methods: { ...OPENAI_METHODS, ...ANTHROPIC_METHODS } },
  'litellm.router': {
    provider: null,
    binds: { model: ['model_list'] },
    aliases: { name: 'model_name', model: 'litellm_params.model' },
    methods: {
      completion: { request: { api: 'router.completion', args: LITELLM } },
      acompletion: { request: { api: 'router.acompletion', args: LITELLM } },
    },
  },
};

// --- packages ---------------------------------------------------------------------------------------------------

// Message classes (`ChatMessage`, `ChatMessageChunk`) and prompt templates are not chat models.
// LangChain JS's legacy `OpenAIChat` (`langchain/llms`, a chat-completions model called as an LLM) is one too.
// LangChain's base classes (`BaseChatModel`, `SimpleChatModel`, `BaseLanguageModel`, `BaseLLM`) are chat models too: a
// value typed with one (`model: BaseChatModel`, `getChatModel(): BaseChatModel`) and an app's own model class that
// extends one (`class ChatLocal extends SimpleChatModel`) send requests through the same methods.
const lcChatPattern = { re: '^(?!\\w*(Message|MessageChunk|PromptTemplate|History)$)(Chat[A-Z]\\w*|BaseChatModel|SimpleChatModel|BaseLanguageModel|BaseLLM|AzureChatOpenAI|BedrockChat|OpenAI|OpenAIChat|PromptLayerOpenAIChat|AzureOpenAI|Ollama|OllamaLLM|Anthropic|VertexAI|GoogleGenerativeAI|HuggingFaceEndpoint|Bedrock|Cohere|Together|Fireworks|MistralAI)$', kind: 'lc.chat' };

export const PACKAGES: PackageDef[] = [
  // Anthropic
  { lang: 'ts', modules: ['@anthropic-ai/sdk'], exports: { default: { kind: 'anthropic.client' }, Anthropic: { kind: 'anthropic.client' } } },
  { lang: 'ts', modules: ['@anthropic-ai/bedrock-sdk'], exports: { default: { kind: 'anthropic.bedrock' }, AnthropicBedrock: { kind: 'anthropic.bedrock' } } },
  { lang: 'ts', modules: ['@anthropic-ai/vertex-sdk'], exports: { default: { kind: 'anthropic.vertex' }, AnthropicVertex: { kind: 'anthropic.vertex' } } },
  { lang: 'ts', modules: ['@anthropic-ai/foundry-sdk'], exports: { default: { kind: 'anthropic.foundry' }, AnthropicFoundry: { kind: 'anthropic.foundry' } } },
  { lang: 'ts', modules: ['@anthropic-ai/claude-agent-sdk', '@anthropic-ai/claude-code'], exports: { query: { instance: 'claude.agent' } } },
  {
    lang: 'py',
    modules: ['anthropic'],
    exports: { Anthropic: { kind: 'anthropic.client' }, AsyncAnthropic: { kind: 'anthropic.client' }, AnthropicBedrock: { kind: 'anthropic.bedrock' }, AsyncAnthropicBedrock: { kind: 'anthropic.bedrock' }, AnthropicVertex: { kind: 'anthropic.vertex' }, AsyncAnthropicVertex: { kind: 'anthropic.vertex' }, AnthropicFoundry: { kind: 'anthropic.foundry' } },
  },
  { lang: 'py', modules: ['claude_agent_sdk', 'claude_code_sdk'], exports: { query: { instance: 'claude.agent' } } },
  // OpenAI
  { lang: 'ts', modules: ['openai'], exports: { default: { kind: 'openai.client' }, OpenAI: { kind: 'openai.client' }, AzureOpenAI: { kind: 'openai.azure' }, OpenAIApi: { kind: 'openai.client' }, Configuration: { kind: 'openai.v3config' } } },
  {
    lang: 'py',
    modules: ['openai'],
    namespace: 'openai.module',
    exports: { OpenAI: { kind: 'openai.client' }, AsyncOpenAI: { kind: 'openai.client' }, AzureOpenAI: { kind: 'openai.azure' }, AsyncAzureOpenAI: { kind: 'openai.azure' } },
  },
  { lang: 'ts', modules: ['@openai/agents'], exports: { Agent: { kind: 'oa.agent' }, run: { instance: 'oa.runner' }, Runner: { kind: 'oa.runner' } } },
  { lang: 'py', modules: ['agents'], exports: { Agent: { kind: 'oa.agent' }, Runner: { instance: 'oa.runner' } } },
  { lang: 'ts', modules: ['chatgpt'], exports: { ChatGPTAPI: { kind: 'chatgpt.api' } } },
  { lang: 'ts', modules: ['token.js'], exports: { TokenJS: { kind: 'tokenjs.client' }, default: { kind: 'tokenjs.client' } } },
  { lang: 'py', modules: ['aider.coders', 'aider.coders.*'], exports: { Coder: { kind: 'aider.coder' } } },
  // `Model("name")` only names the model: read as the name.
  { lang: 'py', modules: ['aider.models'], exports: { Model: { passThrough: 0 } } },
  // Groq, Together, Fireworks, Cerebras, DeepSeek SDKs (OpenAI-shaped)
  { lang: 'ts', modules: ['groq-sdk'], exports: { default: { kind: 'groq.client' }, Groq: { kind: 'groq.client' } } },
  { lang: 'py', modules: ['groq'], exports: { Groq: { kind: 'groq.client' }, AsyncGroq: { kind: 'groq.client' } } },
  { lang: 'ts', modules: ['together-ai'], exports: { default: { kind: 'together.client' }, Together: { kind: 'together.client' } } },
  { lang: 'py', modules: ['together'], exports: { Together: { kind: 'together.client' }, AsyncTogether: { kind: 'together.client' } } },
  { lang: 'py', modules: ['fireworks.client'], exports: { Fireworks: { kind: 'fireworks.client' }, AsyncFireworks: { kind: 'fireworks.client' } } },
  { lang: 'ts', modules: ['@cerebras/cerebras_cloud_sdk'], exports: { default: { kind: 'cerebras.client' }, Cerebras: { kind: 'cerebras.client' } } },
  { lang: 'py', modules: ['cerebras.cloud.sdk'], exports: { Cerebras: { kind: 'cerebras.client' } } },
  // Google
  { lang: 'ts', modules: ['@google/genai'], exports: { GoogleGenAI: { kind: 'google.genai' } } },
  { lang: 'ts', modules: ['@google/generative-ai'], exports: { GoogleGenerativeAI: { kind: 'google.generativeai' } } },
  { lang: 'ts', modules: ['@google-cloud/vertexai'], exports: { VertexAI: { kind: 'google.generativeai' } } },
  { lang: 'py', modules: ['google.genai'], exports: { Client: { kind: 'google.genai' } } },
    {
    lang: 'py',
    modules: ['google.generativeai'],
    exports: { GenerativeModel: { returns: 'google.model', bind: { positional: ['model_name'], model: ['model_name', 'model'], system: ['system_instruction'], maxTokens: ['generation_config.max_output_tokens'], tools: ['tools'], format: ['generation_config.response_schema', 'generation_config.response_mime_type'] } } },
  },
  { lang: 'py', modules: ['vertexai.generative_models', 'vertexai.preview.generative_models'], exports: { GenerativeModel: { returns: 'google.model', bind: { positional: ['model_name'], model: ['model_name'], system: ['system_instruction'] } } } },
  // AWS Bedrock
  {
    lang: 'ts',
    modules: ['@aws-sdk/client-bedrock-runtime'],
    exports: {
      BedrockRuntimeClient: { kind: 'bedrock.client' },
      BedrockRuntime: { kind: 'bedrock.client' },
      ConverseCommand: { returns: 'bedrock.command', bind: { params: 0, model: ['modelId'] } },
      ConverseStreamCommand: { returns: 'bedrock.command', bind: { params: 0, model: ['modelId'] }, flags: { streaming: true } },
      InvokeModelCommand: { returns: 'bedrock.command', bind: { params: 0, model: ['modelId'] } },
      InvokeModelWithResponseStreamCommand: { returns: 'bedrock.command', bind: { params: 0, model: ['modelId'] }, flags: { streaming: true } },
    },
  },
  {
    lang: 'py',
    modules: ['boto3', 'boto3.session'],
    exports: { client: { returns: '$boto3', providerFrom: ['service_name'], bind: { positional: ['service_name'] } }, Session: { kind: 'aws.session' }, 'session.Session': { kind: 'aws.session' } },
  },
  // Mistral, Cohere, Ollama
  { lang: 'ts', modules: ['@mistralai/mistralai'], exports: { Mistral: { kind: 'mistral.client' }, default: { kind: 'mistral.client' }, MistralClient: { kind: 'mistral.client' } } },
  { lang: 'py', modules: ['mistralai', 'mistralai.client'], exports: { Mistral: { kind: 'mistral.client' }, MistralClient: { kind: 'mistral.client' } } },
  { lang: 'py', modules: ['mistralai.async_client'], exports: { MistralAsyncClient: { kind: 'mistral.client' } } },
  { lang: 'ts', modules: ['cohere-ai'], exports: { CohereClient: { kind: 'cohere.client' }, CohereClientV2: { kind: 'cohere.client' } } },
  { lang: 'py', modules: ['cohere'], exports: { Client: { kind: 'cohere.client' }, ClientV2: { kind: 'cohere.client' }, AsyncClient: { kind: 'cohere.client' }, AsyncClientV2: { kind: 'cohere.client' } } },
  { lang: 'ts', modules: ['ollama', 'ollama/browser'], exports: { default: { instance: 'ollama.client' }, ollama: { instance: 'ollama.client' }, Ollama: { kind: 'ollama.client' } } },
  { lang: 'py', modules: ['ollama'], exports: { Client: { kind: 'ollama.client' }, AsyncClient: { kind: 'ollama.client' }, chat: { request: { api: 'chat', args: { positional: ['model', 'messages'], model: ['model'], messages: ['messages'], tools: ['tools'], stream: ['stream'], format: ['format'] } } }, generate: { request: { api: 'generate', args: { positional: ['model', 'prompt'], model: ['model'], system: ['system'], prompt: ['prompt'], stream: ['stream'], format: ['format'] } } } } },
  // Hugging Face Inference, llama.cpp
  { lang: 'py', modules: ['huggingface_hub', 'huggingface_hub.inference._client'], exports: { InferenceClient: { kind: 'huggingface.client' }, AsyncInferenceClient: { kind: 'huggingface.client' } } },
  { lang: 'ts', modules: ['@huggingface/inference'], exports: { InferenceClient: { kind: 'huggingface.jsclient' }, HfInference: { kind: 'huggingface.jsclient' } } },
  { lang: 'py', modules: ['llama_cpp'], exports: { Llama: { kind: 'llamacpp.model' } } },
  { lang: 'py', modules: ['vllm'], exports: { LLM: { kind: 'vllm.model' } } },
  // chainlite (LangChain over LiteLLM): `llm_generation_chain("query.prompt", engine="gpt-4o", max_tokens=200)` is a
  // chain over a prompt file of the app's prompt folders, run with `.invoke` / `.ainvoke` / `.abatch`.
  { lang: 'py', modules: ['chainlite'], exports: { llm_generation_chain: { returns: 'lc.chain', bind: { positional: ['prompt', 'model', 'max_tokens'], prompt: ['template_file'], model: ['engine'], maxTokens: ['max_tokens'] } } } },
  // LiteLLM
  {
    lang: 'py',
    modules: ['litellm'],
    exports: {
      completion: { request: { api: 'completion', args: LITELLM } },
      acompletion: { request: { api: 'acompletion', args: LITELLM } },
      // The same request retried by LiteLLM, and several conversations (`messages=[[…], […]]`) sent at once.
      completion_with_retries: { request: { api: 'completion_with_retries', args: LITELLM } },
      acompletion_with_retries: { request: { api: 'acompletion_with_retries', args: LITELLM } },
      batch_completion: { request: { api: 'batch_completion', args: LITELLM } },
      batch_completion_models: { request: { api: 'batch_completion_models', args: { ...LITELLM, model: ['models', 'model'] } } },
      responses: { request: { api: 'responses', args: RESPONSES } },
      aresponses: { request: { api: 'aresponses', args: RESPONSES } },
      text_completion: { request: { api: 'text_completion', args: COMPLETIONS } },
      Router: { kind: 'litellm.router' },
      embedding: { kind: 'embedding.quiet' },
      // Drops the oldest turns to fit the model's window: the conversation given, as far as the prompt is concerned.
      trim_messages: { passThrough: 0 },
    },
  },
  { lang: 'py', modules: ['litellm.utils'], exports: { trim_messages: { passThrough: 0 } } },
  // Vercel AI SDK
  {
    lang: 'ts',
    modules: ['ai'],
    exports: {
      generateText: { request: { api: 'generateText', args: VERCEL_ARGS } },
      streamText: { request: { api: 'streamText', streaming: true, args: VERCEL_ARGS } },
      generateObject: { request: { api: 'generateObject', structured: true, args: VERCEL_ARGS } },
      streamObject: { request: { api: 'streamObject', streaming: true, structured: true, args: VERCEL_ARGS } },
      streamUI: { request: { api: 'streamUI', streaming: true, args: VERCEL_ARGS } },
      Agent: { kind: 'ai.agent' },
      Experimental_Agent: { kind: 'ai.agent' },
      ToolLoopAgent: { kind: 'ai.agent' },
      createProviderRegistry: { returns: 'ai.registry' },
      experimental_createProviderRegistry: { returns: 'ai.registry' },
      customProvider: { returns: 'ai.custom', bind: { params: 0, model: ['languageModels'] } },
      wrapLanguageModel: { passThrough: 0 },
      embed: { kind: 'embedding.quiet' },
      embedMany: { kind: 'embedding.quiet' },
    },
  },
  // The Vercel AI SDK's UI hook for one-shot completions: `const { complete } = useCompletion({ api, body: { model } })`
  // then `complete(\`…the whole prompt…\`)` from a component. The prompt is written there; the route it posts to
  // (`app/api/completion/route.ts`) passes it on. `useChat` is not here: its messages are the user's.
  { lang: 'ts', modules: ['@ai-sdk/react', 'ai/react', '@ai-sdk/vue', 'ai/vue', '@ai-sdk/svelte', 'ai/svelte', '@ai-sdk/solid', 'ai/solid'], exports: { useCompletion: { returns: 'ai.completionHook', bind: { params: 0, model: ['body.model', 'body.modelId'] } } } },
  { lang: 'ts', modules: ['@mastra/core', '@mastra/core/agent'], exports: { Agent: { kind: 'mastra.agent' }, Mastra: { kind: 'mastra.mastra' } } },
  { lang: 'ts', modules: ['ai/rsc'], exports: { streamUI: { request: { api: 'streamUI', streaming: true, args: VERCEL_ARGS } } } },
  ...(
    [
      ['@ai-sdk/anthropic', 'anthropic', 'createAnthropic'],
      ['@ai-sdk/openai', 'openai', 'createOpenAI'],
      ['@ai-sdk/google', 'google', 'createGoogleGenerativeAI'],
      ['@ai-sdk/google-vertex', 'google', 'createVertex', 'vertex'],
      ['@ai-sdk/google-vertex/anthropic', 'anthropic', 'createVertexAnthropic', 'vertexAnthropic'],
      ['@ai-sdk/amazon-bedrock', 'bedrock', 'createAmazonBedrock', 'bedrock'],
      ['@ai-sdk/mistral', 'mistral', 'createMistral'],
      ['@ai-sdk/cohere', 'cohere', 'createCohere'],
      ['@ai-sdk/groq', 'groq', 'createGroq'],
      ['@ai-sdk/xai', 'xai', 'createXai'],
      ['@ai-sdk/deepseek', 'deepseek', 'createDeepSeek'],
      ['@ai-sdk/togetherai', 'together', 'createTogetherAI', 'togetherai'],
      ['@ai-sdk/fireworks', 'fireworks', 'createFireworks'],
      ['@ai-sdk/perplexity', 'perplexity', 'createPerplexity'],
      ['@ai-sdk/azure', 'azure-openai', 'createAzure', 'azure'],
      ['@ai-sdk/cerebras', 'cerebras', 'createCerebras'],
      ['@openrouter/ai-sdk-provider', 'openrouter', 'createOpenRouter', 'openrouter'],
      ['ollama-ai-provider', 'ollama', 'createOllama', 'ollama'],
      ['ollama-ai-provider-v2', 'ollama', 'createOllama', 'ollama'],
      ['ai-sdk-ollama', 'ollama', 'createOllama', 'ollama'],
      ['@ai-sdk/openai-compatible', null, 'createOpenAICompatible'],
      ['@ai-sdk/gateway', null, 'createGateway', 'gateway'],
    ] as [string, string | null, string, string?][]
  ).map(([module, provider, factory, instance]): PackageDef => ({
    lang: 'ts',
    modules: [module],
    exports: {
      [instance ?? provider ?? 'provider']: { instance: `ai.provider:${provider ?? ''}` },
      [factory]: { returns: `ai.provider:${provider ?? ''}` },
    },
  })),
  // LangChain (JS)
  {
    lang: 'ts',
    modules: ['@langchain/*', 'langchain/*', 'langchain'],
    exports: {
      ChatPromptTemplate: { instance: 'lc.prompt.class' },
      PromptTemplate: { instance: 'lc.prompt.class' },
      SystemMessagePromptTemplate: { instance: 'lc.prompt.class' },
      HumanMessagePromptTemplate: { instance: 'lc.prompt.class' },
      RunnableSequence: { instance: 'lc.sequence' },
      ...LC_STEP_EXPORTS,
      StringOutputParser: { kind: 'lc.parser' },
      JsonOutputParser: { kind: 'lc.parser' },
      StructuredOutputParser: { kind: 'lc.parser' },
      initChatModel: { returns: 'lc.chat', bind: { ...LC_MODEL_BINDS, positional: ['model'], params: 1 }, providerFrom: ['modelProvider'] },
      createReactAgent: { returns: 'lc.agent', bind: { params: 0, model: ['llm', 'model'], system: ['prompt', 'messageModifier', 'stateModifier'], tools: ['tools'] } },
      createAgent: { returns: 'lc.agent', bind: { params: 0, model: ['model', 'llm'], system: ['systemPrompt', 'prompt'], tools: ['tools'] } },
      createToolCallingAgent: { returns: 'lc.agent', bind: { params: 0, model: ['llm'], system: ['prompt'], tools: ['tools'] } },
      createOpenAIToolsAgent: { returns: 'lc.agent', bind: { params: 0, model: ['llm'], system: ['prompt'], tools: ['tools'] } },
      AgentExecutor: { instance: 'lc.agentexecutor' },
      LLMChain: { instance: 'lc.llmchain' },
      ConversationChain: { instance: 'lc.llmchain' },
      loadSummarizationChain: { returns: 'lc.chain', bind: { positional: ['model'] } },
      createStuffDocumentsChain: { returns: 'lc.chain', bind: { params: 0, model: ['llm'], system: ['prompt'] } },
      createRetrievalChain: { returns: 'lc.chain', bind: { params: 0, model: ['combineDocsChain'] } },
      OpenAIEmbeddings: { kind: 'embedding.quiet' },
    },
    patterns: [lcChatPattern],
  },
  // LangChain / LangGraph (Python). A positional prompt template is named `system` (not `prompt`): bound once, as the
  // instructions, not a second time as the user's text.
  {
    lang: 'py',
    modules: ['langchain*', 'langgraph*'],
    exports: {
      ChatPromptTemplate: { instance: 'lc.prompt.class' },
      PromptTemplate: { instance: 'lc.prompt.class' },
      SystemMessagePromptTemplate: { instance: 'lc.prompt.class' },
      HumanMessagePromptTemplate: { instance: 'lc.prompt.class' },
      StrOutputParser: { kind: 'lc.parser' },
      JsonOutputParser: { kind: 'lc.parser' },
      PydanticOutputParser: { kind: 'lc.parser' },
      RunnableSequence: { instance: 'lc.sequence' },
      ...LC_STEP_EXPORTS,
      init_chat_model: { returns: 'lc.chat', bind: { ...LC_MODEL_BINDS, params: undefined, positional: ['model'] }, providerFrom: ['model_provider'] },
      create_react_agent: { returns: 'lc.agent', bind: { positional: ['model', 'tools'], model: ['model', 'llm'], system: ['prompt', 'state_modifier', 'messages_modifier'], tools: ['tools'] } },
      create_agent: { returns: 'lc.agent', bind: { positional: ['model', 'tools'], model: ['model'], system: ['system_prompt', 'prompt'], tools: ['tools'] } },
      create_tool_calling_agent: { returns: 'lc.agent', bind: { positional: ['llm', 'tools', 'system'], model: ['llm'], system: ['prompt'], tools: ['tools'] } },
      create_openai_tools_agent: { returns: 'lc.agent', bind: { positional: ['llm', 'tools', 'system'], model: ['llm'], system: ['prompt'], tools: ['tools'] } },
      create_openai_functions_agent: { returns: 'lc.agent', bind: { positional: ['llm', 'tools', 'system'], model: ['llm'], system: ['prompt'], tools: ['tools'] } },
      initialize_agent: { returns: 'lc.agent', bind: { positional: ['tools', 'llm'], model: ['llm'], system: ['agent_kwargs.system_message', 'agent_kwargs.prefix'], tools: ['tools'] } },
      AgentExecutor: { instance: 'lc.agentexecutor' },
      ZeroShotAgent: { instance: 'lc.zeroshot' },
      LLMChain: { instance: 'lc.llmchain' },
      ConversationChain: { instance: 'lc.llmchain' },
      load_summarize_chain: { returns: 'lc.chain', bind: { positional: ['llm'], model: ['llm'] } },
      load_qa_chain: { returns: 'lc.chain', bind: { positional: ['llm'], model: ['llm'] } },
      create_stuff_documents_chain: { returns: 'lc.chain', bind: { positional: ['llm', 'system'], model: ['llm'], system: ['prompt'] } },
      create_retrieval_chain: { returns: 'lc.chain', bind: { positional: ['retriever', 'combine_docs_chain'], model: ['combine_docs_chain'] } },
      'RetrievalQA.from_chain_type': { returns: 'lc.chain', bind: { model: ['llm'] } },
      'RetrievalQA.from_llm': { returns: 'lc.chain', bind: { model: ['llm'] } },
      'ConversationalRetrievalChain.from_llm': { returns: 'lc.chain', bind: { positional: ['llm'], model: ['llm'] } },
      OpenAIEmbeddings: { kind: 'embedding.quiet' },
    },
    patterns: [lcChatPattern],
  },
  { lang: 'py', modules: ['langchain_core.messages', 'langchain_core.messages.*', 'langchain.schema', 'langchain.schema.*'], exports: {} },
  // LlamaIndex
  // LLM classes live in the provider packages; `llama_index.core.llms` also holds ChatMessage and the LLM base class.
  { lang: 'py', modules: ['llama_index.llms.*', 'llama_index.llms'], exports: {}, patterns: [{ re: '^[A-Z]\\w*$', kind: 'li.llm' }] },
  { lang: 'py', modules: ['llama_index.core.llms', 'llama_index.core.base.llms.types'], exports: {} },
  { lang: 'py', modules: ['langgraph.graph', 'langgraph.graph.state', 'langgraph.graph.message'], exports: { StateGraph: { kind: 'lg.graph' }, MessageGraph: { kind: 'lg.graph' } } },
  // Indices and their query and chat engines (LlamaIndex ≥ 0.10 under `llama_index.core`, older ones at the top level).
  {
    lang: 'py',
    modules: ['llama_index', 'llama_index.core', 'llama_index.core.indices', 'llama_index.core.query_engine', 'llama_index.core.chat_engine', 'llama_index.indices', 'llama_index.query_engine', 'llama_index.chat_engine', 'llama_index.indices.query.query_transform.base', 'gpt_index'],
    exports: {
      VectorStoreIndex: { kind: 'li.index' },
      GPTVectorStoreIndex: { kind: 'li.index' },
      SummaryIndex: { kind: 'li.index' },
      ListIndex: { kind: 'li.index' },
      GPTListIndex: { kind: 'li.index' },
      TreeIndex: { kind: 'li.index' },
      GPTTreeIndex: { kind: 'li.index' },
      KeywordTableIndex: { kind: 'li.index' },
      GPTKeywordTableIndex: { kind: 'li.index' },
      SimpleKeywordTableIndex: { kind: 'li.index' },
      GPTSimpleKeywordTableIndex: { kind: 'li.index' },
      KnowledgeGraphIndex: { kind: 'li.index' },
      PropertyGraphIndex: { kind: 'li.index' },
      DocumentSummaryIndex: { kind: 'li.index' },
      GPTDocumentSummaryIndex: { kind: 'li.index' },
      RetrieverQueryEngine: { kind: 'li.engine' },
      MultiStepQueryEngine: { kind: 'li.engine' },
      RouterQueryEngine: { kind: 'li.engine' },
      SubQuestionQueryEngine: { kind: 'li.engine' },
      RetryQueryEngine: { kind: 'li.engine' },
      CitationQueryEngine: { kind: 'li.engine' },
      TransformQueryEngine: { kind: 'li.engine' },
      CondenseQuestionChatEngine: { kind: 'li.chatengine' },
      ContextChatEngine: { kind: 'li.chatengine' },
      CondensePlusContextChatEngine: { kind: 'li.chatengine' },
      SimpleChatEngine: { kind: 'li.chatengine' },
      load_index_from_storage: { returns: 'li.index', bind: { model: ['llm', 'service_context'] } },
      load_indices_from_storage: { returns: 'li.index', bind: { model: ['llm', 'service_context'] } },
    },
  },
  { lang: 'ts', modules: ['llamaindex', '@llamaindex/*'], exports: { OpenAI: { kind: 'li.llm' }, Anthropic: { kind: 'li.llm' }, Gemini: { kind: 'li.llm' }, Ollama: { kind: 'li.llm' }, Groq: { kind: 'li.llm' }, MistralAI: { kind: 'li.llm' } } },
  // spice
  { lang: 'py', modules: ['spice'], exports: { Spice: { kind: 'spice.client' } } },
  // llmx
  { lang: 'py', modules: ['llmx'], exports: { llm: { returns: 'llmx.gen', bind: { positional: ['provider'], model: ['model'] } }, TextGenerator: { kind: 'llmx.gen' } } },
  // Instructor
  {
    lang: 'py',
    modules: ['instructor'],
    exports: {
      from_openai: { passThrough: 0, flags: { instructor: true, structured: true } },
      from_anthropic: { passThrough: 0, flags: { instructor: true, structured: true } },
      from_gemini: { passThrough: 0, flags: { instructor: true, structured: true } },
      from_litellm: { passThrough: 0, flags: { instructor: true, structured: true } },
      from_mistral: { passThrough: 0, flags: { instructor: true, structured: true } },
      from_groq: { passThrough: 0, flags: { instructor: true, structured: true } },
      patch: { passThrough: 0, flags: { instructor: true, structured: true } },
      apatch: { passThrough: 0, flags: { instructor: true, structured: true } },
      from_provider: { returns: 'instructor.client', bind: { positional: ['model'], model: ['model'] } },
    },
  },
  { lang: 'ts', modules: ['@instructor-ai/instructor'], exports: { default: { passThrough: 0, key: 'client', flags: { instructor: true, structured: true } }, Instructor: { passThrough: 0, key: 'client', flags: { instructor: true, structured: true } } } },
  // DSPy
  {
    lang: 'py',
    modules: ['dspy'],
    exports: {
      configure: { configures: 'dspy.module', bind: { model: ['lm'] } },
      'settings.configure': { configures: 'dspy.module', bind: { model: ['lm'] } },
      LM: { kind: 'dspy.lm' },
      Predict: { kind: 'dspy.module' }, ChainOfThought: { kind: 'dspy.module' }, ReAct: { kind: 'dspy.module' }, ProgramOfThought: { kind: 'dspy.module' }, MultiChainComparison: { kind: 'dspy.module' },
    },
  },
  // Agents
  { lang: 'py', modules: ['pydantic_ai'], exports: { Agent: { kind: 'pydantic.agent' } } },
  { lang: 'py', modules: ['browser_use'], exports: { Agent: { kind: 'browseruse.agent' } } },
  { lang: 'py', modules: ['autogen', 'pyautogen', 'autogen_agentchat.agents', 'ag2'], exports: { AssistantAgent: { kind: 'autogen.agent' }, UserProxyAgent: { kind: 'autogen.agent' }, ConversableAgent: { kind: 'autogen.agent' } } },
  { lang: 'py', modules: ['autogen_ext.models.openai'], exports: { OpenAIChatCompletionClient: { kind: 'autogen.modelclient' } } },
  { lang: 'py', modules: ['crewai'], exports: { Agent: { kind: 'crewai.part' }, Task: { kind: 'crewai.part' }, Crew: { kind: 'crewai.crew' }, LLM: { kind: 'dspy.lm' } } },
];

/**
 * Model ids that generate no text (embeddings, rerankers, speech, images, moderation): a request to one is a near
 * miss, whatever method sends it (`invoke_model(modelId="amazon.titan-embed-text-v2:0")`, an embedding through a
 * generic HTTP helper).
 */
export const NON_GENERATING_MODEL = /embed|rerank|whisper|(?:^|[-/.])tts(?:$|[-.])|dall-e|gpt-image|imagen-|gemini-[\w.-]*-image|titan-image|nova-(?:canvas|reel|sonic)|stable-diffusion|sdxl|moderation|transcribe/i;

/**
 * The `sdk` a kind's requests report, by the kind name's prefix when it is not the prefix itself (`lc.chat` →
 * `langchain`; `mistral.client` → `mistral`).
 */
export const KIND_SDKS: Readonly<Record<string, string>> = { ai: 'vercel-ai', lc: 'langchain', li: 'llamaindex', oa: 'openai-agents', pydantic: 'pydantic-ai', claude: 'claude-agent-sdk', browseruse: 'browser-use' };

/** The `sdk` a module's functions report (`generateText` from `ai`), when it is not the module's first segment. */
export const MODULE_SDKS: [RegExp, string][] = [
  [/^ai($|\/)/, 'vercel-ai'],
  [/^litellm/, 'litellm'],
  [/^ollama/, 'ollama'],
  [/langchain|langgraph/, 'langchain'],
];

/** SDKs that reach many providers (frameworks): a call's provider is its model's (`providerOf`). */
export const FRAMEWORK_SDKS: ReadonlySet<string> = new Set(['vercel-ai', 'langchain', 'litellm', 'llamaindex', 'dspy', 'crewai', 'autogen', 'pydantic-ai', 'openai-agents', 'browser-use', 'instructor', 'mastra', 'aider', 'tokenjs', 'llmx', 'spice']);

/** Providers that run the model on the user's own machine: no per-token price (a local model costs $0). */
export const LOCAL_PROVIDERS: ReadonlySet<string> = new Set(['ollama', 'lmstudio', 'vllm', 'llamacpp']);

/**
 * Provider prefixes of model ids → provider: LiteLLM `groq/llama-3.1-8b-instant`, PydanticAI `google-gla:gemini-2.5-flash`,
 * LangChain `init_chat_model("mistralai:mistral-large-latest")` and `model_provider="bedrock_converse"`, OpenRouter
 * `anthropic/claude-3.5-sonnet`. A key ending in `:` is a prefix only before a colon (and a provider name as given):
 * `mistralai/Mixtral-8x7B-Instruct-v0.1` is a Hugging Face organisation, part of the model's id on Together and vLLM.
 */
export const MODEL_PREFIXES: Readonly<Record<string, string>> = {
  anthropic: 'anthropic',
  openai: 'openai',
  azure: 'azure-openai',
  'azure_openai:': 'azure-openai',
  gemini: 'google',
  google: 'google',
  'google-gla': 'google',
  'google-vertex': 'google',
  'google_genai:': 'google',
  'google_vertexai:': 'google',
  vertex: 'google',
  vertex_ai: 'google',
  bedrock: 'bedrock',
  'bedrock_converse:': 'bedrock',
  mistral: 'mistral',
  'mistralai:': 'mistral',
  cohere: 'cohere',
  groq: 'groq',
  ollama: 'ollama',
  ollama_chat: 'ollama',
  deepseek: 'deepseek',
  together_ai: 'together',
  'together:': 'together',
  fireworks_ai: 'fireworks',
  'fireworks:': 'fireworks',
  openrouter: 'openrouter',
  xai: 'xai',
  'perplexity:': 'perplexity',
  huggingface: 'huggingface',
};

/**
 * The provider a model id's prefix or a framework's provider name stands for (`MODEL_PREFIXES`); `sep` is what
 * follows the prefix in the id (`""` for a name given on its own: `model_provider="mistralai"`).
 */
export function providerOfPrefix(head: string, sep: ':' | '/' | ''): string | null {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(MODEL_PREFIXES, k);
  if (sep !== '/' && has(`${head}:`)) return MODEL_PREFIXES[`${head}:`];
  return has(head) ? MODEL_PREFIXES[head] : null;
}

/** Hosts of OpenAI-compatible APIs → provider. */
export const HOSTS: [RegExp, string][] = [
  [/openrouter\.ai/, 'openrouter'],
  [/api\.groq\.com/, 'groq'],
  [/api\.together\.(xyz|ai)/, 'together'],
  [/api\.deepseek\.com/, 'deepseek'],
  [/api\.fireworks\.ai/, 'fireworks'],
  [/api\.x\.ai/, 'xai'],
  [/api\.mistral\.ai/, 'mistral'],
  [/api\.perplexity\.ai/, 'perplexity'],
  [/api\.cerebras\.ai/, 'cerebras'],
  [/generativelanguage\.googleapis\.com/, 'google'],
  [/openai\.azure\.com|azure/, 'azure-openai'],
  [/api\.anthropic\.com/, 'anthropic'],
  [/api\.openai\.com/, 'openai'],
  [/dashscope/, 'alibaba'],
  [/api\.moonshot/, 'moonshot'],
  [/:11434|ollama/i, 'ollama'],
  [/:1234\b|lmstudio|lm-studio/i, 'lmstudio'],
  [/:8000\b|vllm/i, 'vllm'],
  [/localhost|127\.0\.0\.1/, 'local'],
];

export function providerOfHost(url: string): string | null {
  for (const [re, p] of HOSTS) if (re.test(url)) return p;
  return null;
}

/**
 * The provider a model class names (LangChain `ChatMistralAI`, `AzureChatOpenAI`; LlamaIndex `Ollama`, `Gemini`):
 * for kinds with `providerFromClass`. Null when the class does not say (a LiteLLM class: its model id does).
 */
export function providerOfClassName(name: string): string | null {
  const n = name.replace(/^Chat/, '');
  if (/^AzureChatOpenAI|^AzureOpenAI/.test(name)) return 'azure-openai';
  if (/OpenRouter/.test(n)) return 'openrouter';
  if (/LMStudio|LmStudio/.test(n)) return 'lmstudio';
  if (/^Vllm|^VLLM/.test(n)) return 'vllm';
  if (/Anthropic/.test(n)) return 'anthropic';
  if (/^OpenAI|OpenAI$/.test(n)) return 'openai';
  if (/Google|Gemini|Vertex/.test(n)) return 'google';
  if (/Bedrock/.test(n)) return 'bedrock';
  if (/Mistral/.test(n)) return 'mistral';
  if (/Cohere/.test(n)) return 'cohere';
  if (/Groq/.test(n)) return 'groq';
  if (/Ollama/.test(n)) return 'ollama';
  if (/DeepSeek/.test(n)) return 'deepseek';
  if (/Together/.test(n)) return 'together';
  if (/Fireworks/.test(n)) return 'fireworks';
  if (/XAI|Xai/.test(n)) return 'xai';
  if (/Perplexity/.test(n)) return 'perplexity';
  if (/Cerebras/.test(n)) return 'cerebras';
  if (/HuggingFace/.test(n)) return 'huggingface';
  return null;
}

/** boto3 service names → catalogue kind. */
export const BOTO3_SERVICES: Record<string, string> = { 'bedrock-runtime': 'bedrock.client' };

/**
 * Functions that call the function they are given with the arguments after it, on another thread or later:
 * `executor.submit(fn, *args)`, `asyncio.to_thread(fn, *args)`, `loop.run_in_executor(pool, fn, *args)`. By the name
 * of the callee's last member; `fnArg` is where the function is. A call of one is a call of that function (when it is
 * a workspace function): plumbing reached this way has its callers.
 */
export const RUNNERS: { lang: 'ts' | 'py'; name: string; fnArg: number }[] = [
  { lang: 'py', name: 'submit', fnArg: 0 },
  { lang: 'py', name: 'to_thread', fnArg: 0 },
  { lang: 'py', name: 'run_in_executor', fnArg: 1 },
  { lang: 'py', name: 'run_sync', fnArg: 0 },
  { lang: 'py', name: 'run_in_threadpool', fnArg: 0 },
  { lang: 'py', name: 'apply_async', fnArg: 0 },
  // Map-style runners: the function is called with each item of the list after it (chainlite, tqdm.contrib.concurrent).
  { lang: 'py', name: 'run_async_in_parallel', fnArg: 0 },
  { lang: 'py', name: 'thread_map', fnArg: 0 },
  { lang: 'py', name: 'process_map', fnArg: 0 },
];

/**
 * LangChain's base model types. A value annotated with one (a function's return, a variable, a parameter) is a chat
 * model whichever class is built at run time (`async def provision_model(…) -> BaseChatModel: … return
 * chosen.to_langchain()`); `Runnable[…, BaseMessage]` is a model too (a runnable answering with a message).
 */
export const LC_MODEL_TYPES = /^(BaseChatModel|BaseLanguageModel|BaseLLM|LLM|SimpleChatModel|LanguageModelLike)$/;
export const LC_MODEL_RUNNABLE = { type: /^Runnable(Serializable)?$/, answers: /^(BaseMessage|AIMessage|BaseMessageChunk|AIMessageChunk)$/ };

/**
 * Calls that hand back what the coroutine they are given returns (`asyncio.run(make())`,
 * `loop.run_until_complete(make())`, `await asyncio.wait_for(make(), 10)`): by the name of the callee's last member.
 */
export const AWAITERS: { lang: 'ts' | 'py'; name: string }[] = [
  { lang: 'py', name: 'run' },
  { lang: 'py', name: 'run_until_complete' },
  { lang: 'py', name: 'wait_for' },
  { lang: 'py', name: 'shield' },
];

/** LLM HTTP endpoints (requests made without an SDK). */
export const ENDPOINTS: {
  re: RegExp;
  provider: string;
  api: string;
  path: (m: RegExpExecArray) => string;
  args: ArgMap;
  streaming?: boolean;
  /** The model named in the URL (Gemini's `models/gemini-2.0-flash:generateContent`), when the body has none. */
  modelInPath?: (m: RegExpExecArray) => string | undefined;
  /** The model as a hole of the URL as written (`models/${model}:generateContent`): the text before and after it. */
  modelHole?: [before: RegExp, after: RegExp];
}[] = [
  { re: /\/v1\/messages$/, provider: 'anthropic', api: 'messages.create', path: () => '/v1/messages', args: ANTHROPIC_MESSAGES },
  { re: /\/v1\/messages\/batches$/, provider: 'anthropic', api: 'messages.batches.create', path: () => '/v1/messages/batches', args: { params: 0 } },
  { re: /(\/v\d[\w.-]*)?\/chat\/completions$/, provider: 'openai', api: 'chat.completions.create', path: (m) => m[0], args: CHAT_COMPLETIONS },
  { re: /\/v1\/responses$/, provider: 'openai', api: 'responses.create', path: () => '/v1/responses', args: RESPONSES },
  { re: /\/api\/chat$/, provider: 'ollama', api: 'chat', path: () => '/api/chat', args: { params: 0, model: ['model'], messages: ['messages'], stream: ['stream'], format: ['format'] } },
  { re: /\/api\/generate$/, provider: 'ollama', api: 'generate', path: () => '/api/generate', args: { params: 0, model: ['model'], system: ['system'], prompt: ['prompt'], stream: ['stream'] } },
  ...(['generateContent', 'streamGenerateContent'] as const).map((method) => ({
    re: new RegExp(`models/([\\w.-]*):${method}$`),
    provider: 'google',
    api: method,
    path: () => `models/{model}:${method}`,
    args: { params: 0, system: ['systemInstruction', 'system_instruction'], messages: ['contents'], maxTokens: ['generationConfig.maxOutputTokens', 'generation_config.max_output_tokens'], temperature: ['generationConfig.temperature'], format: ['generationConfig.responseSchema', 'generationConfig.responseMimeType'] },
    streaming: method === 'streamGenerateContent',
    modelInPath: (m: RegExpExecArray) => m[1] || undefined,
    modelHole: [/models\/$/, /^:/] as [RegExp, RegExp],
  })),
  { re: /\/v[12]\/chat$/, provider: 'cohere', api: 'chat', path: (m) => m[0], args: { params: 0, model: ['model'], system: ['preamble'], prompt: ['message'], messages: ['messages', 'chat_history'] } },
];

/** Words whose presence makes a file worth parsing at once (the first pass of a workspace scan). */
export function mayMatterPattern(lang: 'ts' | 'py'): RegExp {
  const modules = new Set<string>();
  for (const p of PACKAGES) if (p.lang === lang) for (const m of p.modules) modules.add(m.replace(/\*$/, '').replace(/[./-]$/, ''));
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const moduleAlt = [...modules].filter((m) => m.length > 1).map(esc).join('|');
  const modulePart = lang === 'ts' ? `['"](?:${moduleAlt})(?:['"/])` : `(?:^|\\n)\\s*(?:from|import)\\s+(?:${moduleAlt})\\b`;
  // Provider and framework words anywhere (a client made elsewhere and held under its name: `litellm.completion`).
  const words = lang === 'py'
    ? '\\b(?:anthropic|openai|litellm|langchain\\w*|langgraph|instructor|ollama|genai|generativeai|bedrock-runtime|mistralai|cohere|groq|dspy|llama_index|crewai|autogen\\w*|pydantic_ai|browser_use|vertexai|huggingface_hub|llama_cpp)\\b'
    : 'anthropic|Anthropic|openai|OpenAI|@ai-sdk|langchain|ollama|Ollama|GoogleGenAI|GoogleGenerativeAI|BedrockRuntime|mistralai|cohere-ai|groq-sdk|llamaindex|generateText|streamText|generateObject|streamObject|@huggingface/inference';
  const common = [
    words,
    'MODEL_REGISTRY',
    'modelFor',
    'model_for',
    'claude-',
    'gpt-[345o]',
    'gemini-',
    'tierwise:',
    '\\/v1\\/messages',
    '\\/chat\\/completions',
    '\\/v1\\/responses',
    '\\/api\\/(?:chat|generate)\\b',
    ':generateContent',
    'messages\\.(?:create|stream|parse)',
    'completions\\.(?:create|stream|parse)',
    'responses\\.create',
    // A chat request's body written out (`{"model": m, "messages": [{"role": "user", …}]}` posted to a URL from the
    // settings).
    '["\']?messages["\']?\\s*:\\s*\\[\\s*\\{\\s*["\']?role["\']?\\s*:',
  ];
  return new RegExp(`${modulePart}|${common.join('|')}`);
}
