// The cross-file step: finds every LLM request (catalogue calls, calls recognised by their method path, HTTP
// requests to LLM endpoints), follows the app's own LLM layer up to where each job's instructions are written, and
// turns each job into a ScannedCall.
//
// What a call site is (docs/contracts.md): where one job's instructions are written. A function that fixes its
// instructions and takes only data is one site (its SDK call). A function, method, class or factory that takes the
// instructions, the prompt or the whole request from its callers is plumbing: each caller that supplies a job is a
// site, however many layers up, and the SDK call inside is not counted again.
import { isGenericPersona, isMediaJob, isProbe, isReattach } from './probe';
import { ENDPOINTS, KIND_SDKS, MODULE_SDKS, NON_GENERATING_MODEL, RUNNERS, providerOfHost, type ArgMap, type RequestDef } from '../catalogue';
import { TOP, own, type CallIR, type ClassIR, type Expr, type FnIR, type ModuleIR, type ParamIR, type TypeIR } from '../ir';
import { parseAnnotation } from '../../usage/annotations';
import { lineStartsOf } from '../../lines';
import type { Annotation, ModelRef, PromptPart, ScannedCall, Signal, SkippedFile } from '../../types';
import { Evaluator, isBindCall, type Ctx } from './evaluate';
import { Renderer, cleanModelId, providerFromModelId, templateHoles, type Flags } from './render';
import { outputUses } from './outputUse';
import type { Resolver } from './resolve';
import { holeText, type ArgVals, type V, type VOf } from './values';
import { paramsIn } from './taint';
import { readsStoredInstructions } from './stored';
import { attrsReturned, enclosingMethod, pushesBetween, selfMethodPassed, stateAttrs } from './convoState';
import { providerOfModel } from '../provider';
import { handlerArgs, ownPath, postedBody, reachesRoute, routesOf, type Route } from './routes';

export interface LinkOutput {
  calls: ScannedCall[];
  skipped: SkippedFile[];
  /** Files that make requests, hold plumbing, clients or the interfaces plumbing implements: their importers may hold jobs. */
  relevant: Set<string>;
  /** Files holding the sites: what they import may hold their prompts. */
  siteFiles: Set<string>;
  /** Names of plumbing functions and methods, for finding their callers in files not read yet. */
  plumbingNames: string[];
  /**
   * Keys of the app's own message channels whose handlers are in the LLM layer (`call(_, command, params)` running
   * `_callSendLLMMessage`, `ipcMain.handle("llm:chat", …)`), normalized (`keyOf`): files sending them hold the callers.
   */
  messageKeys?: string[];
  /** Paths of the app's own HTTP routes in the LLM layer (handlers in files the jobs pass through): files posting to them hold the callers. */
  routePaths?: string[];
}

interface Req {
  mod: ModuleIR;
  call: CallIR;
  def: RequestDef;
  /** The catalogue object the request is made on, when there is one (its bound model, prompt, tools). */
  target: VOf<'sdk'> | null;
  provider: string | null;
  sdk: string;
  /** A request to an HTTP API without an SDK: the endpoint as written, and where its params are. */
  http?: {
    written: string;
    paramsArg: number;
    provider: string | null;
    /** The model written into the URL; or, as a hole of it, the URL as written and where the hole sits. */
    model?: VOf<'str'>;
    modelHole?: { url: Expr; around: [RegExp, RegExp] };
    /**
     * The branch read when the URL and the options are each one of several, made together (`const { url, options } =
     * typeof prompt === "string" ? completionRequest(…) : chatRequest(…)`): its place among them.
     */
    option?: number;
  };
  /** Recognised by its method path on a receiver whose type is not known. */
  shape?: boolean;
  /**
   * The parameter the request's receiver is, when the callers hand in chains with instructions of their own
   * (`process_community_info(community, chain)` given a community chain and a parent-community chain).
   */
  fromParam?: Owner;
}

interface Edge {
  mod: ModuleIR;
  call: CallIR;
  /** The function this call reaches. */
  target: string;
}

interface Site {
  req: Req;
  /** Edges from the site down to the owner of the parameters the request reads (empty: the request's own call). */
  chain: Edge[];
  /**
   * The job is written into a conversation kept on the object before this call asks for the answer (convoState.ts):
   * the site, and the texts it adds. `chain` then starts where the conversation is read back.
   */
  at?: { mod: ModuleIR; call: CallIR; target: string; texts: V[]; /** The conversation the caller wrote into the object (its system turn). */ convo?: V | null };
}

interface View {
  get: (field: string) => V | undefined;
  /** Any key of the request's arguments or params object, as written (`modalities`). */
  raw: (key: string) => V | undefined;
  ctx: Ctx;
  args: ArgVals;
  /** `acompletion(**kwargs)` with `kwargs` a parameter not known here: the whole request passed in. */
  kwParams?: VOf<'param'>[];
}

const STREAM_TO_RESPONSE =
  /toDataStreamResponse|toTextStreamResponse|toUIMessageStreamResponse|\.toUIMessageStream\(|\.mergeIntoDataStream\(|createUIMessageStreamResponse|createDataStreamResponse|pipeDataStreamToResponse|pipeTextStreamToResponse|pipeUIMessageStreamToResponse|StreamingTextResponse|\bres\.write\(|\.pipe\(\s*res\b|new Response\(\s*\w*[sS]tream|controller\.enqueue\(|reply\.raw\.write\(|text\/event-stream|\bsocket\.(emit|send)\(|\bws\.send\(|StreamingResponse|EventSourceResponse|\byield\b/;
const TOOL_LOOP = /tool_use|tool_result|tool_calls|stop_reason|finish_reason\s*===?\s*['"]tool|functionCall|function_call|toolUse|tool_call/;
const JOIN_DOCS = /\.map\s*\([\s\S]*?\)\s*\.join\s*\(/;
const DOC_WORDS = /doc|chunk|passage|context|snippet|source|page|retriev|hit|article|excerpt|search|result|record|note|ticket|review|comment|email|feedback|transcript|paper|report|file|entries|items/i;
const IRREVERSIBLE_TOOL = /(^|[_\-.]|[a-z](?=[A-Z]))(send|delete|remove|pay|payment|charge|refund|deploy|transfer|drop|destroy|purchase|wire|cancel|publish|execute|exec|transact|withdraw|post_message|merge|rm)(?![a-z])/i;
/** Method paths recognised on a receiver whose type is unknown (a parameter, an untyped field). */
const SHAPES: { path: string[]; provider: string; sdk: string; def: RequestDef }[] = [];
/** Method names reached by duck typing (Python): an LLM layer's, not a common one. */
const DUCK_METHOD = /complet|chat|ask|llm|prompt|generat|send|query|call_?ai|call_?model|invoke|summar|classif|extract|translat|review|answer/i;
const COMMON_METHOD = /^(send|query|invoke|ask|chat|answer|review|generate|sendall|send_message|extract|extractall|run|get|post|create|complete|__\w+__)$/;
/** The OpenAI-compatible chat endpoint, for a chat-shaped POST to a URL known only at run time. */
const CHAT_COMPLETIONS_ENDPOINT = ENDPOINTS.find((e) => e.api === 'chat.completions.create')!;
/** Text of a module that builds a chat request's body (`"messages": …` beside `"model": …`). */
const CHAT_BODY_HINT = /["']?messages["']?\s*:[\s\S]{0,400}?["']?model["']?\s*:|["']?model["']?\s*:[\s\S]{0,400}?["']?messages["']?\s*:/;
/** Text that an endpoint of a model API is written with (see ENDPOINTS). */
const ENDPOINT_HINT = /\/messages|completions|\/responses|\/api\/(?:chat|generate)|enerateContent|\/v[12]\/chat/;
/** Whether a module's text names a model endpoint, once per text: a module imported by many is asked by each (and in every round). */
const endpointWritten = new WeakMap<ModuleIR, boolean>();
function writesEndpoint(m: ModuleIR): boolean {
  let yes = endpointWritten.get(m);
  if (yes === undefined) endpointWritten.set(m, (yes = ENDPOINT_HINT.test(m.text)));
  return yes;
}
/** Method names no LLM layer is reached through. */
/** Most functions one runner is found handed (`retry_with_fallback_models(f)` called by every tool of an app). */
const MAX_PASSED_FNS = 32;
/** A prompt read from the app's settings by section and key (`get_settings().pr_help_prompts.system`, `settings["triage_prompt"]["user"]`). */
const SETTINGS_PROMPT = /\w*prompts?\w*["']?\]?\s*(?:\.|\[\s*["'])(?:system|user|prompt|instructions?|template)["']?\]?\s*$/i;
const NEVER_DUCK = /^(get|set|post|put|patch|delete|close|open|connect|init|setup|map|filter|push|append|pop|update|keys|values|items|toString|toJSON|valueOf|then|catch|emit|on|off|log|debug|info|warn|error|write|read|save|load|copy|clone|dispose|destroy|reset|clear|start|stop)$/;
/** Receivers named like a model or its client (`llm`, `self.chat_model`, `input.config.llm`, `aiClient`). */
/** A function given to an SDK client as its HTTP transport (its `fetch` option). */
const TRANSPORT_FN = /^(?:fetch|customFetch|fetchFn|fetchImpl|fetchWithRetry|fetcher)$/;
const LLM_RECEIVER = /^(llm|_?llm_?\w*|\w*_llm|\w*LLM|\w*Llm|model|chat_?model|chatModel|\w*_model|\w*Model|\w*_mdl|mdl|\w*Mdl|ai|aiClient|ai_client|llm_?client|llmClient|provider|llmProvider|llm_provider|lm|agent_llm|completer|chat_?client|chatClient|agent|\w*Agent|\w*_agent)$/;
const MAX_SITES = 20_000;
/** Methods of an object passed in that may be the app's own LLM function (`this.deps.generateText(…)`). */
const PASSED_LLM_FN = /^(generate\w*|complete\w*|completion|chat\w*|stream\w*|invoke|ask\w*|prompt\w*|summari[sz]e\w*|llm\w*|callLlm|callModel|runModel|runPrompt)$/;
/** Methods that send a keyed message to another process or worker: `channel.call("sendLLMMessage", params)`, `ipcRenderer.invoke("llm:chat", req)`. */
export const SEND_KEYED_METHODS = 'call|invoke|request|send|sendSync|sendMessage|sendRequest|postMessage|emit|callMethod';
const SEND_KEYED = new RegExp(`^(${SEND_KEYED_METHODS})$`);
/** Registering the handler of a keyed message: `ipcMain.handle("llm:chat", async (event, req) => …)`, `messenger.on("llm/complete", …)`. */
const REGISTER_KEYED = /^(handle|handleOnce|on|once|register|registerHandler|addHandler|addListener|onRequest|onMessage|listen)$/;
/** The parameter a dispatcher reads the message's key from (`call(_, command, params)`, `handle(type, payload)`). */
const COMMAND_PARAM = /^(command|cmd|method|methodName|action|actionType|type|msgType|messageType|channel|event|eventName|route|op|operation)$/;

/** A message key as handlers and senders name it, compared loosely: `llm/sendLLMMessage`, `_callSendLLMMessage` → `sendllmmessage`. */
export function keyOf(name: string): string {
  const last = name.split(/[/:.]/).filter(Boolean).pop() ?? '';
  let k = last.toLowerCase().replace(/[^a-z0-9]/g, '');
  for (;;) {
    const m = /^(call|handle|on|do|process|exec|execute)(.{5,})$/.exec(k);
    if (!m) break;
    k = m[2];
  }
  return k;
}
/** Methods that make a request on a model or client object passed in (LangChain runnables, LlamaIndex LLMs). */
/**
 * An attribute or call that reads one job's prompt or template (`self.strings.prompt_header`, `getTitlePrompt()`,
 * `prompts.summary_template`): a name qualified beyond `prompt`/`template` (a bare `prompt` is most often a parameter:
 * `settings.get(prompt)` picks the template its callers name), and not a converter (`from_template`).
 */
function opaquePromptRead(text: string): boolean {
  for (const m of text.matchAll(/(\.|\b)\s*([A-Za-z_]\w*)\s*(\()?/g)) {
    const name = m[2];
    const call = !!m[3];
    if (/^(from|to|as|with|is|has)_|^(from|to)[A-Z]/.test(name)) continue;
    if (call && /^(get|load|read|render|build|fetch)_?\w*(prompt|template|instruction)s?$/i.test(name) && !/^(get|load|read|render|build|fetch)_?(prompt|template|instruction)s?$/i.test(name)) return true;
    if (m[1] === '.' && !call && NAMED_TEMPLATE.test(name) && !GENERIC_PROMPT_FIELD.test(name)) return true;
  }
  return false;
}
/** A prompt named for one job (`prompt_header`, `summary_template`), not a generic slot (`system_prompt`, `template`). */
const NAMED_TEMPLATE = /^(prompt|template|instruction)s?_\w+$|^\w+_(prompt|template|instruction)s?$/i;
const GENERIC_PROMPT_FIELD = /^(system|user|base|default|custom|main|extra|task|agent|chat)_(prompt|template|instruction)s?$|^(prompt|template)_(text|str|string|template)$/i;
/**
 * Output comparisons that are not with a label: with the empty string, of the value's type, or of a field the API
 * sets beside the answer (`res.model === 'custom'`, `r.status !== 200`, `msg.role === 'assistant'`).
 */
const NOT_A_LABEL_TEST = /\btypeof\b|(===?|!==?)\s*(""|'')|(""|'')\s*(===?|!==?)|\.(model|type|status|statusCode|status_code|role|finish_reason|finishReason|stop_reason|stopReason|id|error|ok|code|object|provider)\s*(===?|!==?|==|!=)/;
/** Request methods of SDK clients by their last name (`models.generateContent`, `client.send(new ConverseCommand(…))`). */
const SDK_METHOD = /^(create|parse|generateContent|generateContentStream|sendMessage|sendMessageStream|send|converse|converseStream|stream)$/;
const MODEL_METHOD = /^(a?invoke|a?stream|a?batch|a?predict|a?predict_messages|a?generate|a?complete|a?chat|stream_chat|astream_chat|stream_complete|astream_complete|a?run|astream_events)$/;
/**
 * Calls in one function that send the same instructions the same way (a retry with another token limit, a fallback to
 * another model in an `except`): one job, at its first call. The same means the same text from the same place (two
 * prompts built by one builder with other options are two jobs). Calls without written instructions are all kept.
 */
/** The word telling a method's streamed or whole variant (`genCommitStream`, `genCommitNonStream`, `chat_stream`). */
const STREAM_WORD = /_?(?:non_?)?stream(?:ing)?_?/i;

/** What a request asks, as written (its prompt texts in order). */
function askedText(c: ScannedCall): string {
  return c.prompt.map((p) => `${p.role}:${p.text.replace(/\s+/g, ' ').trim()}`).join('\n');
}

function sameJobOnce(calls: ScannedCall[], passed: (c: ScannedCall) => string, textOf: (file: string) => string): ScannedCall[] {
  const seen = new Set<string>();
  /** The first call of each unwritten request, by what it passes. */
  const firstOf = new Map<string, ScannedCall>();
  /** The first call of each written request, by what it sends (whatever else it passes). */
  const writtenFirst = new Map<string, ScannedCall>();
  /** Per wrapper call's arguments as written: the plumbing methods called with them, and the first such call. */
  const byArgs = new Map<string, { apis: Set<string>; first: ScannedCall }>();
  /** Per wrapper method's name but its streaming word and first argument: the first call. */
  const streamTwin = new Map<string, ScannedCall>();
  const isWritten = (c: ScannedCall) => c.prompt.some((p) => p.text.trim().length >= 20);
  const apart = (a: ScannedCall, b: ScannedCall) => {
    const [x, y] = a.span.start < b.span.start ? [a, b] : [b, a];
    const between = textOf(x.file).slice(x.span.end, y.span.start);
    if (!BRANCHES_APART.test(between)) return false;
    // What both pass, changed between them (`convo.user("Now write the spec")`, `messages = …`): not the same request.
    const values = `|${passed(y)}`.replace(/([{,|]\s*)[\w$]+\s*[:=](?!=)/g, '$1');
    // (Unless it is made again the same way as before the first: `diff = "\n".join(chunk)` on each branch.)
    const before = textOf(x.file).slice(Math.max(0, x.span.start - 4000), x.span.start);
    const statements = (text: string, name: string) => {
      const assigns = new RegExp(`^${name.replace(/\$/g, '\\$')}\\s*[-+*]?=(?!=)`);
      return text.split('\n').map((l) => l.trim()).filter((l) => assigns.test(l));
    };
    for (const name of new Set(values.match(/(?<![\w$.])[A-Za-z_$][\w$]*/g) ?? [])) {
      if (name.length < 2 || /^(self|this|await|true|false|null|None|True|False)$/.test(name)) continue;
      if (new RegExp(`(^|[^\\w$.])${name.replace(/\$/g, '\\$')}\\s*(\\.\\s*\\w+\\s*\\(|\\[[^\\]]*\\]\\s*=(?!=)|[-+*]?=(?!=))`).test(between)) {
        const again = statements(between, name);
        const earlier = new Set(statements(before, name));
        if (!again.length || !again.every((l) => earlier.has(l))) return false;
      }
    }
    return true;
  };
  const dropped = new Set<ScannedCall>();
  /** A call kept for one dropped later whose instructions read better: the kept call with those instructions. */
  const better = new Map<ScannedCall, ScannedCall>();
  for (const c of calls) {
    const written = isWritten(c);
    // Branches on the provider calling each provider's plumbing with the same arguments (`if kind == OPENAI:
    // converse_openai(messages, …) elif …: converse_anthropic(messages, …)`), or the streamed and the whole variant of
    // one request (`stream…()` or not): one job. Each backend reshapes the conversation its own way, so the
    // arguments as written tell it is the same job — when another method is called with them. The same method
    // called twice with the same names (`generate({ system, messages })` after `system` was given another prompt)
    // is two jobs unless what it sends is the same. A call whose instructions were not read is one of them only on
    // another branch (`if args.tools: codegen_w_tool(message) else: codegen(message)`).
    if (c.sdk === 'wrapper' && passed(c)) {
      const argsKey = `${c.file}\0${c.enclosingFunction}\0${passed(c)}`;
      const seenArgs = byArgs.get(argsKey);
      // (Two written requests asking different things of the same data — a title, then a summary of one text — are
      // two jobs unless on branches apart.)
      const sameAsk = (a: ScannedCall, b: ScannedCall) => askedText(a) === askedText(b);
      if (seenArgs && !seenArgs.apis.has(c.api) && (isWritten(seenArgs.first) ? (written && sameAsk(seenArgs.first, c)) || apart(seenArgs.first, c) : apart(seenArgs.first, c))) {
        dropped.add(c);
        // The job stays at its first call; what it asks is read where it reads best.
        if (written && !isWritten(seenArgs.first)) better.set(seenArgs.first, { ...seenArgs.first, prompt: c.prompt });
        continue;
      }
      if (!seenArgs) byArgs.set(argsKey, { apis: new Set([c.api]), first: c });
      // The streamed and the whole variant of one request on two branches, the streamed one given its callbacks too
      // (`if (stream) this.genCommitStream(messages, onMessage) else this.genCommitNonStream(messages)`): one job.
      const name = c.api.slice(c.api.lastIndexOf('.') + 1);
      const stem = name.replace(STREAM_WORD, '').toLowerCase();
      const twinKey = `${c.file}\0${c.enclosingFunction}\0${stem}\0${passed(c).split('|')[0]}`;
      const twin = streamTwin.get(twinKey);
      if (twin && twin.api !== c.api && (STREAM_WORD.test(name) || STREAM_WORD.test(twin.api)) && apart(twin, c)) {
        dropped.add(c);
        continue;
      }
      if (!twin) streamTwin.set(twinKey, c);
    }
    if (!written) {
      // Branches on the provider sending what the function was given the same way (`if (provider === 'openai')
      // openai.chat.completions.create({ model: A, messages, stream: true }) else if … custom.chat…create({ model: B,
      // messages, stream: true })`): one job, when what they pass is the same and names the conversation.
      const args = passed(c);
      if (!args || (c.sdk !== 'wrapper' && !/messages|prompt|contents|input/i.test(args))) continue;
      // Each provider's plumbing called with the same arguments reads them its own way: the arguments tell.
      const key = `${c.file}\0${c.enclosingFunction}\0${args}\0${c.sdk === 'wrapper' ? '' : JSON.stringify(c.prompt.map((p) => [p.role, p.origin, p.holes ?? []]))}`;
      const first = firstOf.get(key);
      if (!first) firstOf.set(key, c);
      // Only when one or the other runs (another branch, a fallback): two requests made one after the other (the same
      // question to two models) are two.
      else if (apart(first, c)) dropped.add(c);
      continue;
    }
    // (A turn of data only, holes without text: what fills it does not make another job — the same template sent with
    // the topic on one branch and the passage on another is one.)
    // (Only through the same call: `generateTextService(…)` and `generateObjectService(…)` on two branches are two.)
    const dataOnly = c.prompt.some((p) => !p.text.trim());
    const sent = JSON.stringify([dataOnly ? c.api : '', ...c.prompt.map((p) => (p.text.trim() ? [p.role, p.text, p.holes ?? [], p.origin, p.file, p.line] : [p.role, p.origin]))]);
    const promptKey = `${c.file}\0${c.enclosingFunction}\0${c.sdk}\0${passed(c)}\0${sent}`;
    // The same written instructions sent on two branches with other options (`if isinstance(parser, Pydantic):
    // acompletion(…, response_format=…) else: acompletion(…)`): one request, set up two ways — one job.
    const sentKey = `${c.file}\0${c.enclosingFunction}\0${c.sdk}\0${sent}`;
    const sameSent = writtenFirst.get(sentKey);
    if (seen.has(promptKey) || (sameSent && apart(sameSent, c))) dropped.add(c);
    else seen.add(promptKey);
    if (!sameSent) writtenFirst.set(sentKey, c);
  }
  return calls.filter((c) => !dropped.has(c)).map((c) => better.get(c) ?? c);
}

/**
 * A system turn that names no job (`You are a helpful assistant.` and the like): a layer that adds it to whatever its
 * callers ask is still plumbing — the callers write the job.
 */
function genericTurn(p: { role: string; text: string; dynamicSlots: number }): boolean {
  return p.role === 'system' && p.dynamicSlots === 0 && isGenericPersona(p.text);
}

/** Helpers that await several things at once: handed chains, they do not run them. */
const AWAIT_ALL = /^(gather|all|allSettled|any|race|wait|as_completed|create_task|ensure_future)$/;

/** An attribute that holds a job's instructions (`prompt_template`, `system_prompt`, `instructions`, `PROMPT`). */
const PROMPT_ATTR = /prompt|template|instruction/i;

/** Whether a function is `ancestor` or nested in it (a closure of it, a few levels deep). */
function nestedIn(mod: ModuleIR, key: string, ancestor: string): boolean {
  for (let k: string | null = key, i = 0; k && i < 6; k = own(mod.fns, k)?.parent ?? null, i++) if (k === ancestor) return true;
  return false;
}

/** A class or file of the app's named for the provider it talks to (`AzureOpenAIService`, `ollama_client.py`). */
const PROVIDER_NAMED = /openai|azure|ollama|anthropic|claude|gemini|google|vertex|bedrock|mistral|groq|cohere|deepseek|together|fireworks|openrouter|huggingface|lm_?studio|litellm|xai|grok|perplexity|qwen|dashscope|zhipu|moonshot|custom|local/i;
/**
 * Names of the app's classes (or files) that are one thing for several providers: each names a provider and, without
 * it, they are the same name (`OpenAIService`, `AzureOpenAIService`, `OllamaService`: `Service`). `GoogleSearchTool`
 * and `GoogleSerpTool` are two tools.
 */
const PROVIDER_WORDS = new RegExp(PROVIDER_NAMED.source, 'gi');
function providerNamedAlike(names: string[]): boolean {
  const rest = new Set<string>();
  for (const n of names) {
    if (!PROVIDER_NAMED.test(n)) return false;
    rest.add(n.replace(PROVIDER_WORDS, '').replace(/^[_.-]+/, '').toLowerCase());
  }
  return rest.size === 1;
}
/** Providers whose own API the price list prices. */
const HOSTED_PROVIDER = /^(openai|anthropic|google|gemini|vertex|bedrock|mistral|cohere|groq|deepseek|xai)$/;

/** Code between two requests that puts them in different branches: `} else`, `elif`, `except`, `catch`, `case …:`. */
const BRANCHES_APART = /\}\s*else\b|^\s*else\s*:|\belif\b|\bexcept\b|\bcatch\b|\bcase\b[^:\n]*:|\bdefault\s*:/m;

/** Arguments that tune a request without changing its job: the model, the token limit, sampling, the provider. */
const TUNING_ARG = /^(n|num_samples|best_of|prompt_cache|experimental_transform|model|model_name|modelName|api_key|apiKey|api_base_url|base_url|baseURL|baseUrl|api_version|max_tokens|maxTokens|max_completion_tokens|max_output_tokens|maxOutputTokens|temperature|top_p|topP|llm_provider|provider|reasoning_effort|reasoningEffort|timeout|max_retries|maxRetries|cost_callback|abortSignal|signal)$/;

/** Arguments that keep books on a request (telemetry, cost tracking, logging, ids), not part of its job. */
const BOOKKEEPING_ARG = /^(metadata|meta|tags|telemetry|experimental_telemetry|tracing|trace\w*|span\w*|run_?name|runName|callbacks|cost\w*|logger|log\w*|user_?id|userId|session_?id|sessionId|request_?id|requestId|extra_?headers|extraHeaders|headers|functionId|function_id)$/;

/** `**name` parameters that hold a whole request (`acompletion(**kwargs)`), not extra options. */
const WHOLE_REQUEST_KW = /^(kwargs|kw|params|request_params|request|req|payload|body|call_kwargs|completion_kwargs|chat_kwargs|request_kwargs)$/;

/** Parameters holding a request's options, handed from layer to layer (`llm_kwargs`, `generation_config`). */
const OPTIONS_PARAM = /^(llm_?kwargs|llm_?options|llm_?config|model_?kwargs|gen(eration)?_?(kwargs|config|options))$/i;
/** Parameters that carry a job's instructions (not its data). */
const INSTRUCTION_PARAM = /system|instruction|prompt|messages|template|persona|task/i;
/** Parameters that carry a job's question or instruction, as a caller writes it. */
const QUESTION_PARAM = /^(question|query|instruction|instructions|task|ask|prompt|request|directive|command)$/i;
/** A sentence that tells the model what to do. */
const IMPERATIVE = /^(list|write|extract|summari[sz]e|give|provide|describe|explain|find|identify|classify|generate|create|tell|answer|rewrite|translate|return|name|pick|choose|determine|decide|suggest|compare|rate|score|check|evaluate|analy[sz]e|convert|format|make|draft|propose|fix|review|output|produce|select|label|categori[sz]e|assess|detect|predict|estimate|infer|outline|plan|state|respond|reply|count|rank|split|group|map|condense|shorten|improve|correct|paraphrase|simplify)\b/i;
/** Parameters named as the message a user typed (data, not a job). */
/** Python classes that run a function given as `target=` with `args=` / `kwargs=` (`threading.Thread`, `multiprocessing.Process`). */
const THREAD_CLASS = /^(?:Thread|Process|Timer)$/;
/** The methods that run a compiled LangGraph graph. */
const GRAPH_RUN = /^(?:a?invoke|a?stream|a?batch|astream_events)$/;
const USER_MESSAGE_PARAM = /^(user_?message|user_?msg|user_?input|user_?query|user_?question|user_?text|query|question|query_?str)$/i;
/** Parameters named as the instructions themselves (not the conversation). */
const INSTRUCTION_NAME = /system|instruction|prompt|template|persona/i;
const MAX_CHAIN = 8;
/** Instructions written at a request that are a job's whole instructions when its callers pass data only. */
const SHORT_INSTRUCTIONS = 20;
/** Keyword arguments that carry a prompt's text. */
const PROMPT_KEYWORD = /content|prompt|system|user|message|instruction|query|question|text|input/i;
/** Parameters that may carry a job through plumbing: its instructions, its conversation, the user's query. */
/** Keys of a request's options object that carry its instructions or conversation. */
const REQUEST_PART_KEY = /^(messages|system|prompt|input|contents|instructions|system_?[pP]rompt|user_?[pP]rompt)$/;
const CARRIES_JOB = /system|instruction|prompt|messages|msgs|msg|template|query|question|history|conversation|contents|turns|chat|input/i;

/** Parameters naming a record by its key (`chat_id`, `sessionId`, `thread_key`): never the job's text. */
const ID_PARAM = /(?:^|_)(?:id|ids|key|uuid)$|[a-z](?:Id|Ids|Key|Uuid)$/;

type Owner = { owner: string; index: number; name: string };

/** How much text written in the code a value holds. */
/** A prompt file the app ships (a path written in the code, or a LangChain Hub prompt), not a file named at run time. */
function isPromptFile(v: V): boolean {
  return v.t === 'file' && (!!v.hub || v.path.t === 'str' || (v.path.t === 'alt' && v.path.options.every((o) => o.t === 'str')));
}

/** Prompt files in the instructions of a request (see `isPromptFile`), 40 characters each, like a written text. */
function promptFileLength(ev: Evaluator, v: V | undefined, depth: number): number {
  if (!v || depth > 6) return 0;
  switch (v.t) {
    case 'file':
      return isPromptFile(v) ? 40 : 0;
    case 'arr':
      return v.items.slice(0, 30).reduce((n, it) => n + promptFileLength(ev, it, depth + 1), 0);
    case 'alt':
      return Math.max(0, ...v.options.map((o) => promptFileLength(ev, o, depth + 1)));
    case 'spread':
      return promptFileLength(ev, v.of, depth + 1);
    case 'obj':
    case 'inst': {
      const o = ev.messageObj(v);
      return o ? [...o.props].slice(0, 30).reduce((n, [, it]) => n + promptFileLength(ev, it, depth + 1), 0) : 0;
    }
    default:
      return 0;
  }
}

/** A constructor (TS `constructor`, Python `__init__`) of a class. */
function isCtor(fn: FnIR | undefined): boolean {
  return !!fn?.cls && (fn.kind === 'ctor' || !!fn.name?.endsWith('.__init__'));
}

/** A method called on a parameter (`llm.invoke`, one of several parameters): that parameter, the method its one step. */
/** TypeScript: a method of a parameter named as a model (`runnable.stream(…)`, `{ llm }.invoke(…)`), untyped or `any`. */
const MODEL_RECEIVER = /^(?:llm|model|chatModel|chat_model|languageModel|runnable|boundModel|chain)$/;
function modelNamedReceiver(f: V): boolean {
  return f.t === 'param' && MODEL_RECEIVER.test(f.name) && (f.path.length === 1 || (f.path.length === 2 && f.path[0] === f.name));
}

function methodOfParam(f: V): VOf<'param'> | null {
  const p = f.t === 'param' ? f : f.t === 'alt' && f.options[0]?.t === 'param' ? f.options[0] : null;
  return p && p.path.length === 1 ? p : null;
}

function writtenLength(ev: Evaluator, v: V, depth: number, filesOnly = false): number {
  if (depth > 6) return 0;
  switch (v.t) {
    case 'str':
      return filesOnly ? 0 : v.text.replace(/\s+/g, ' ').trim().length;
    case 'arr':
      return v.items.slice(0, 30).reduce((n, it) => n + writtenLength(ev, it, depth + 1, filesOnly), 0);
    case 'alt':
      return Math.max(0, ...v.options.map((o) => writtenLength(ev, o, depth + 1, filesOnly)));
    case 'spread':
      return writtenLength(ev, v.of, depth + 1, filesOnly);
    case 'file':
      // A prompt file the app ships, read into a constant at import (`PLAN_PROMPT = _read_prompt("plan.txt")`):
      // instructions written, though not in the code. A path known only at run time is data, not the app's.
      return isPromptFile(v) ? 40 : 0;
    case 'sdk':
      // A prompt template (`PromptTemplate.from_template("…").format(…)`): its texts.
      return ['system', 'prompt', 'messages'].reduce((n, k) => n + writtenLength(ev, v.bound.get(k) ?? { t: 'null', src: v.src }, depth + 1, filesOnly), 0);
    case 'obj':
    case 'inst': {
      const o = ev.messageObj(v);
      // Roles and part types (`"system"`, `"text"`) are labels, not instructions.
      return o ? [...o.props].filter(([k]) => !/^(role|type|message_type|name|id)$/.test(k)).slice(0, 30).reduce((n, [, it]) => n + writtenLength(ev, it, depth + 1, filesOnly), 0) : 0;
    }
    default:
      return 0;
  }
}

/** Text written into a list of turns made of the app's own records built positionally (`Note("system", "You …")`). */
function turnsText(v: V, depth: number): number {
  if (depth > 4) return 0;
  switch (v.t) {
    case 'str':
      return v.text.length >= 20 ? v.text.replace(/\s+/g, ' ').trim().length : 0;
    case 'arr':
      return v.items.slice(0, 30).reduce((n, it) => n + turnsText(it, depth + 1), 0);
    case 'alt':
      return Math.max(0, ...v.options.map((o) => turnsText(o, depth + 1)));
    case 'inst':
      return v.ctor ? [...v.ctor.pos, ...v.ctor.kw.values()].slice(0, 8).reduce((n, it) => n + turnsText(it, depth + 1), 0) : 0;
    default:
      return 0;
  }
}

function kindSdk(kind: string, provider: string | null): string {
  const prefix = kind.split(':')[0].split('.')[0];
  return own(KIND_SDKS, prefix) ?? (prefix || provider || 'unknown');
}

function moduleSdk(module: string): string {
  for (const [re, sdk] of MODULE_SDKS) if (re.test(module)) return sdk;
  return module.split(/[/.]/)[0].replace(/^@/, '');
}

export function linkModules(modules: ReadonlyMap<string, ModuleIR>, resolver: Resolver): LinkOutput {
  return new Linker(modules, resolver).run();
}

class Linker {
  readonly ev: Evaluator;
  private readonly render: Renderer;
  private readonly callIndex = new Map<string, Edge[]>();
  private readonly instIndex = new Map<string, Edge[]>();
  private readonly requests: Req[] = [];
  private readonly relevant = new Set<string>();
  private readonly plumbingNames = new Set<string>();
  private readonly skipped: SkippedFile[] = [];

  constructor(
    readonly modules: ReadonlyMap<string, ModuleIR>,
    resolver: Resolver,
  ) {
    this.ev = new Evaluator(modules, resolver);
    this.render = new Renderer(this.ev);
    this.ev.ctorArgument = (file, cls, param) => this.ctorArgument(file, cls, param);
    this.ev.callsOf = (fnId) => this.callIndex.get(fnId) ?? [];
    if (!SHAPES.length) initShapes();
  }

  run(): LinkOutput {
    const mods = [...this.modules.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    for (const mod of mods) {
      if (mod.problems.length) this.skipped.push({ file: mod.file, reason: mod.problems.join('; ') });
      if (mod.ignored) continue;
      for (const call of mod.calls) {
        try {
          this.index(mod, call);
        } catch (e) {
          if (process.env.TIERWISE_DEBUG) console.error((e as Error).stack?.split('\n').slice(0, 60).join('\n'));
          this.skipped.push({ file: mod.file, reason: `call at offset ${call.p[0]} could not be read: ${(e as Error).message}` });
        }
      }
    }
    this.ev.forgetFields();
    this.linkPassedFunctionCalls();
    this.linkParamMethodCalls();
    this.linkComputedMethodCalls();
    this.linkKeyedMessages(mods);
    this.linkRoutes(mods);
    this.linkGraphRuns();
    this.requestsOnParamReceivers();
    this.requests.push(...this.servedMade.filter((m) => !this.requests.some((r) => r.target?.src.file === m.mod.file && r.target.src.s >= m.call.p[0] && r.target.src.s < m.call.p[1]) && this.givesInstructions(m)));
    const sites: Site[] = [];
    for (const req of this.requests) {
      try {
        this.relevant.add(req.mod.file);
        this.markTypesOf(req.mod, req.call.fn);
        for (const s of this.ev.budgeted(() => this.expand(req), undefined, req.mod.file)) {
          sites.push(s);
          if (sites.length >= MAX_SITES) break;
        }
      } catch (e) {
        this.skipped.push({ file: req.mod.file, reason: `request at line ${this.render.line(req.mod.file, req.call.at).line} could not be followed: ${(e as Error).message}` });
      }
    }
    this.propagateByAnnotations();
    if (process.env.TIERWISE_DEBUG === 'link') process.stderr.write(`tierwise: debug: link: ${this.modules.size} modules, ${this.requests.length} requests, ${sites.length} sites\n`);
    // The call sites are built when asked for: the project's rounds that only look for more files to read do not.
    const siteFiles = new Set(sites.map((x) => (x.chain.length ? x.chain[0].mod : x.req.mod).file));
    let built: ScannedCall[] | null = null;
    const build = (): ScannedCall[] => (built ??= this.build(sites));
    const skipped = this.skipped;
    return {
      get calls() {
        return build();
      },
      get skipped() {
        build();
        return skipped;
      },
      relevant: this.relevant,
      siteFiles,
      plumbingNames: [...this.plumbingNames],
      messageKeys: [...new Set([...this.keyedHandlers, ...this.dispatchKeys].filter((h) => ('target' in h && this.calleeless.has(h.target)) || (h.via && this.calleeless.has(h.via))).map((h) => h.key))].slice(0, 50),
      routePaths: [...new Set(this.routes.filter((r) => this.relevant.has(r.target.slice(0, r.target.indexOf('#')))).map((r) => r.path))].slice(0, 50),
    };
  }

  // --- the call index and requests -------------------------------------------------------------------------

  private index(mod: ModuleIR, given: CallIR): void {
    let call = given;
    const ctx = this.ev.abstractCtx(mod, call.fn);
    let f = this.ev.budgeted(() => this.ev.eval(ctx, call.f), 20_000, mod.file);
    // `executor.submit(model.inference, name, prompt)`: a call of the function given, with the arguments after it.
    const runner = call.f.k === 'get' || call.f.k === 'name' ? RUNNERS.find((r) => r.lang === this.ev.lang(mod) && r.name === (call.f.k === 'get' ? call.f.n : (call.f as { n: string }).n)) : undefined;
    if (runner && f.t !== 'fn' && call.a.length > runner.fnArg && !call.a.some((a) => a.k === 'spread')) {
      const fnExpr = call.a[runner.fnArg];
      const g = this.ev.budgeted(() => this.ev.eval(ctx, fnExpr), 20_000);
      // (Also a model's or chain's own method handed over: `run_async_in_parallel(self.llm_chain.ainvoke, inputs)`.)
      if (g.t === 'fn' || (g.t === 'alt' && g.options.some((o) => o.t === 'fn')) || (g.t === 'sdk' && g.path.length === 1)) {
        call = { ...call, f: fnExpr, a: call.a.slice(runner.fnArg + 1) };
        f = g;
      }
    }
    // `Thread(target=self.stream_agent_steps, args=(question, agent_executor, …))`: a call of the target with those
    // arguments, made on another thread.
    const calleeLast = call.f.k === 'get' ? call.f.n : call.f.k === 'name' ? call.f.n : null;
    if (calleeLast && THREAD_CLASS.test(calleeLast) && this.ev.lang(mod) === 'py' && call.kw?.target && f.t !== 'fn' && f.t !== 'cls') {
      const targetExpr = call.kw.target;
      const g = this.ev.budgeted(() => this.ev.eval(ctx, targetExpr), 20_000);
      const argsExpr = call.kw.args;
      const a = argsExpr && argsExpr.k === 'arr' ? argsExpr.items : [];
      const kwExpr = call.kw.kwargs;
      const kw = kwExpr && kwExpr.k === 'obj' && !kwExpr.spreads.length ? Object.fromEntries(kwExpr.props) : undefined;
      // Only a thread handed the model or agent it runs (`args=(question, agent_executor, queue)`): a worker started
      // on whatever messages come in (a server's payload) stays plumbing without a job of its own.
      // …or a thread handed what its function's callers gave (`args=(text, temperature, res_l, i)` for each `text` of
      // the prompts given): the function is plumbing, its callers' prompts go through the thread.
      const handsModel = a.some((x) => x.k !== 'spread' && this.ev.budgeted(() => this.ev.eval(ctx, x), 5_000).t === 'sdk');
      const fnIR = own(mod.fns, call.fn);
      const handsCallers = () => !!fnIR && paramsIn(mod, fnIR, a.filter((x) => x.k !== 'spread'), [], call.p[0]).some((p) => !TUNING_ARG.test(p.name));
      if ((g.t === 'fn' || g.t === 'sdk') && (handsModel || handsCallers()) && (!argsExpr || argsExpr.k === 'arr') && !a.some((x) => x.k === 'spread')) {
        call = { ...call, f: targetExpr, a, kw };
        f = g;
      }
    }
    // `openai_error_handler(func=model.apredict_messages, messages=…)`, `with_retries(chain.arun, inputs)`: a workspace
    // function that calls the function it is given with the other arguments (`func(*args, **kwargs)`). Given an SDK
    // method, the call is that method's request, with the arguments the runner passes on.
    const throughRunner = () => {
      if (f.t !== 'fn') return;
      const runnerMod = this.modules.get(f.file);
      const runnerFn = own(runnerMod?.fns, f.key);
      const k = runnerMod && runnerFn ? this.runnerParam(runnerMod, runnerFn) : null;
      if (k !== null && runnerFn) {
        const p = runnerFn.params.find((x) => x.index === k && !x.path) ?? runnerFn.params[k];
        const fnExpr = call.kw?.[p.name] ?? (call.a.slice(0, k).some((a) => a.k === 'spread') ? undefined : call.a[k]);
        const g = fnExpr ? this.ev.budgeted(() => this.ev.eval(ctx, fnExpr), 20_000) : null;
        // An SDK method, or a function of the app's (`_run_async_safely(UnifiedLLMService.generate_text, **kwargs)`).
        const isFn = !!g && (g.t === 'fn' || (g.t === 'alt' && g.options.every((o) => o.t === 'fn')));
        // The runner is handed another runner (`capture_stdout(loop.run_in_executor, None, agent.run, prompt)`): the
        // function that one runs, with the arguments after it.
        const inner = fnExpr && g && g.t !== 'sdk' && !isFn && (fnExpr.k === 'get' || fnExpr.k === 'name') ? RUNNERS.find((r) => r.lang === this.ev.lang(mod) && r.name === (fnExpr.k === 'get' ? fnExpr.n : (fnExpr as { n: string }).n)) : undefined;
        if (inner && fnExpr && call.kw?.[p.name] === undefined) {
          const rest = call.a.slice(k + 1);
          const fn2 = rest[inner.fnArg];
          const g2 = fn2 && !rest.slice(0, inner.fnArg + 1).some((a) => a.k === 'spread') ? this.ev.budgeted(() => this.ev.eval(ctx, fn2), 20_000) : null;
          if (fn2 && g2 && (g2.t === 'sdk' || g2.t === 'fn')) {
            call = { ...call, f: fn2, a: rest.slice(inner.fnArg + 1), kw: undefined };
            f = g2;
            return;
          }
        }
        if (fnExpr && g && (g.t === 'sdk' || isFn)) {
          // What the runner keeps for itself (its own named parameters) is not passed on.
          const forwards = this.runnerForwards.get(`${f.file}#${f.key}`);
          const own = new Set(runnerFn.params.filter((x) => !x.rest && !x.kwrest && !forwards?.has(x.name)).map((x) => x.name));
          const kw = Object.fromEntries(Object.entries(call.kw ?? {}).filter(([name]) => !own.has(name)));
          const passed = runnerFn.params.filter((x) => !x.rest && !x.kwrest && !x.kwOnly).length;
          const list = this.runnerLists.get(`${f.file}#${f.key}`);
          const listed = list !== undefined ? call.a[list] : undefined;
          if (list !== undefined) {
            // The list as written (`[prompt, params, model]`), else the list handed on whole.
            if (!listed || call.a.slice(0, list).some((a) => a.k === 'spread')) return;
            call = { ...call, f: fnExpr, a: listed.k === 'arr' ? listed.items : [{ k: 'spread', o: listed, p: listed.p }], kw: undefined };
          } else call = { ...call, f: fnExpr, a: call.a.slice(Math.max(k + 1, passed)), ...(Object.keys(kw).length ? { kw } : { kw: undefined }) };
          f = g;
        }
      }
    };
    throughRunner();
    // `self._run_step("_raw_gen", wrappers, model, messages)` (the method it looks up by name, `getattr(self, name)`),
    // `self._with_backup(self.client.chat.completions.create, params)` (`create(**params)`): the call it forwards.
    if (call === given && f.t === 'fn') {
      const fwd = this.forwardedCall(call, f);
      if (fwd) {
        const g = this.ev.budgeted(() => this.ev.eval(ctx, fwd.f), 20_000);
        if (g.t === 'fn' || g.t === 'sdk' || (g.t === 'alt' && g.options.some((o) => o.t === 'fn' || o.t === 'sdk'))) {
          call = fwd;
          f = g;
          // A method forwarding to a runner (`def _run_async_safely(self, coro_func, *args, **kwargs): return
          // _run_async_safely(coro_func, *args, **kwargs)`): the function the runner is given.
          throughRunner();
        }
      }
    }
    // `StreamingResponse.from_chain(chain, inputs)`: a library that is handed a chain (or a chat model) and its inputs
    // runs it — a request of that chain, streamed when the library's name says so.
    // Not awaiting helpers handed the chains themselves (`asyncio.gather(make_a(), make_b())`, `Promise.all([…])`).
    if ((f.t === 'pkg' || f.t === 'dyn' || f.t === 'resp') && call.a.length >= 2 && call.a[0].k !== 'spread' && call.f.k === 'get' && !AWAIT_ALL.test(call.f.n)) {
      const g = this.ev.budgeted(() => this.ev.eval(ctx, call.a[0]), 20_000);
      const kind = g.t === 'sdk' && !g.path.length ? this.ev.kindDef(g.kind) : null;
      if (g.t === 'sdk' && kind && (kind.def.runnable === 'chain' || kind.def.runnable === 'model')) {
        // `StreamingResponse.from_chain(…)`, `…, media_type="text/event-stream")`.
        const streams = /stream/i.test(this.render.text(this.ev.src(mod, call.p), 400));
        call = { ...call, a: call.a.slice(1), kw: undefined };
        f = this.ev.member(g, streams ? 'astream' : 'invoke', g.src);
      }
    }
    // LangGraph: `graph.add_node("agent", call_model)` registers a node; `compiled.ainvoke(state)` runs them all.
    if (f.t === 'sdk' && f.kind === 'lg.graph' && f.path.join('.') === 'add_node' && call.a.length && !call.a.some((a) => a.k === 'spread')) {
      const node = this.ev.budgeted(() => this.ev.eval(ctx, call.a[call.a.length >= 2 ? 1 : 0]), 20_000);
      if (node.t === 'fn') {
        const list = this.graphNodes.get(f.src.file) ?? [];
        if (list.length < 40 && !list.includes(`${node.file}#${node.key}`)) list.push(`${node.file}#${node.key}`);
        this.graphNodes.set(f.src.file, list);
      }
    }
    if (f.t === 'sdk' && f.kind === 'lg.compiled' && f.path.length === 1 && GRAPH_RUN.test(f.path[0]) && call.a.length && call.a[0].k !== 'spread') this.graphRuns.push({ mod, call, graphFile: f.src.file });
    // `this.chat = this.chat.bind(this)`: a function bound, not called.
    if (isBindCall(call) && (f.t === 'fn' || (f.t === 'alt' && f.options.every((o) => o.t === 'fn')))) return;
    const targets: V[] = f.t === 'alt' ? [...f.options] : [f];
    // `self.chat_stream(…)` in a base class's method, read for any instance: the subclasses' overrides run too (which
    // one a caller reaches is checked on the way up, see dispatchesTo).
    if (call.f.k === 'get' && call.f.o.k === 'this' && f.t === 'fn' && f.self?.t === 'inst' && ctx.self?.t === 'inst' && ctx.self.cls === f.self.cls && ctx.self.file === f.self.file) {
      for (const m of this.ev.subclassMethods(f.self.file, f.self.cls, call.f.n)) targets.push({ t: 'fn', file: m.file, key: m.key, env: null, self: { t: 'inst', file: m.clsFile, cls: m.cls, src: f.src }, src: f.src });
    }
    this.noteAlternatives(targets);
    // `new Agent({ instructions, model })` of a framework that serves its agents: a job unless a request is made on it.
    if (call.isNew && f.t === 'sdkclass') {
      const served = this.ev.kindDef(f.kind)?.def.served;
      if (served && this.servedMade.length < MAX_SITES) this.servedMade.push({ mod, call, def: served, target: null, provider: f.provider ?? null, sdk: kindSdk(f.kind, f.provider ?? null) });
    }
    for (const t of targets) {
      if (t.t === 'fn') this.addEdge(this.callIndex, `${t.file}#${t.key}`, { mod, call, target: `${t.file}#${t.key}` });
      else if (t.t === 'cls') {
        this.addEdge(this.instIndex, `${t.file}#${t.key}`, { mod, call, target: `${t.file}#${t.key}` });
        // `new CustomChatOpenAI({…})` (the app's own class over a model of the catalogue), made in a factory whose
        // callers make the requests: the factory's file is part of the LLM layer, so its importers are read.
        if (this.sdkBased(t.file, t.key)) this.relevant.add(mod.file);
      }
      else if (t.t === 'inst') {
        // A component of a framework whose `__call__` (outside the workspace) runs the class's `run` or `forward`
        // (theflow, DSPy, PyTorch-style modules): `self.llm(messages)` is `self.llm.run(messages)`.
        // (An app's own LangChain chain: its `_call`.)
        const m =
          this.ev.findMethod(t.file, t.cls, '__call__') ??
          this.ev.ownChainStep(t.file, t.cls, false) ??
          (this.ev.lang(mod) === 'py' && this.externalBase(t.file, t.cls) ? (this.ev.findMethod(t.file, t.cls, 'run') ?? this.ev.findMethod(t.file, t.cls, 'forward')) : null);
        if (m) this.addEdge(this.callIndex, `${m.file}#${m.key}`, { mod, call, target: `${m.file}#${m.key}` });
        // An object known by its base (`self.llm_service: BaseService`, each service a subclass with its own
        // `__call__`): the subclasses' `__call__` run too.
        if (m) this.callSubclasses(mod, call, t.file, t.cls);
      } else if (t.t === 'param' && !t.path.length && (t.typed?.t === 'iface' || t.typed?.t === 'inst') && t.typed.cls) {
        // A parameter of a base type called (`self.llm_service(prompt, …)` with `llm_service: BaseService` whose
        // `__call__` only raises): the implementations' `__call__`.
        this.callSubclasses(mod, call, t.typed.file, t.typed.cls);
      }
      if (t.t === 'sdk' || t.t === 'sdkclass' || t.t === 'action') this.relevant.add(mod.file);
      if (t.t === 'action' && 'configures' in t.action) this.configured.push({ kind: t.action.configures, map: t.action.bind, mod, call });
    }
    // Duck typing: `self.main_model.send_completion(…)` on an object of unknown type reaches the one workspace
    // class that defines a method of that (LLM-like) name; `input.llm.generateObject(…)` on a receiver named like a
    // model reaches every workspace method of that name (the app's backends).
    // (Also on a field set on one branch to an object known here and on another to what a call not read here returns,
    // `self.agent = WebChat()` or `self.agent = dynamic_import(name)`: it may be any of the app's classes.)
    const partlyOpaque = () => call.f.k === 'get' && call.f.o.k === 'get' && call.f.o.o.k === 'this' && ctx.self?.t === 'inst' && this.ev.fieldPartlyOpaque(ctx.self, call.f.o.n);
    if (call.f.k === 'get' && (targets.every((t) => t.t === 'param' || t.t === 'dyn' || t.t === 'resp') || partlyOpaque())) {
      for (const m of this.duckMethods(mod.language, call.f.n, receiverName(call.f.o))) if (this.canBind(call, m)) this.addEdge(this.callIndex, m, { mod, call, target: m });
      // `analyzer.analyze_images(…)` on a parameter (`analyzer: Any`): the method of the objects the callers pass,
      // read once every call is indexed (a method some workspace class defines).
      if (!NEVER_DUCK.test(call.f.n) && this.paramMethodCalls.length < 3000) this.paramMethodCalls.push({ mod, call });
    }
    // Keyed messages between the app's processes or workers: linked to their handlers once every file is indexed.
    if (call.f.k === 'get' && call.a.length >= 2 && call.a[0].k === 'str') {
      const key = call.a[0].v;
      if (SEND_KEYED.test(call.f.n) && keyOf(key).length >= 5 && targets.every((t) => t.t === 'param' || t.t === 'dyn' || t.t === 'pkg' || t.t === 'resp')) this.keyedSends.push({ mod, call, key });
      else if (REGISTER_KEYED.test(call.f.n) && call.a[1].k === 'fn' && keyOf(key).length >= 5) this.keyedHandlers.push({ key: keyOf(key), target: `${mod.file}#${call.a[1].key}`, mod, dispatchIndex: null });
    }
    // `provider[serviceType](params)`: the method is named by a string the callers pass, read once they are known.
    if (call.f.k === 'idx' && targets.every((t) => t.t === 'param' || t.t === 'dyn')) this.computedMethodCalls.push({ mod, call });
    // `serviceHandler(config, prompts)`, `this.deps.generateText(…)` (a function in an object handed to the
    // constructor): a function the callers pass in, read once they are known (`fn(...args)` is a runner, read above).
    else if (call.a.length && !call.a.some((a) => a.k === 'spread') && ((f.t === 'param' && call.f.k === 'name' && f.path.length <= 1) || (call.f.k === 'get' && PASSED_LLM_FN.test(call.f.n) && (f.t === 'param' || (f.t === 'dyn' && this.ctorFieldParam(mod, call)))))) this.paramFnCalls.push({ mod, call });
    const req = this.ev.budgeted(() => this.requestOf(ctx, mod, call, f), 20_000, mod.file);
    // `chain = prompt | llm.bind_tools(tools)` with `llm` passed in: the chain over the model the callers pass.
    if (req?.target?.kind === 'lc.chain' && req.target.parts?.some((p) => p.t === 'param') && call.f.k === 'get') this.paramReceivers.push({ mod, call, chain: req });
    else if (req) this.requests.push(req);
    else if ((mod.language === 'python' || this.baseTypedReceiver(f) || modelNamedReceiver(f)) && call.f.k === 'get' && MODEL_METHOD.test(call.f.n) && (f.t === 'param' || (f.t === 'alt' && f.options.every((o) => o.t === 'param')))) this.paramReceivers.push({ mod, call });
    // TS: `this.inner.generateContent(req)` on a constructor's parameter (`constructor(private inner: Generator)`, built
    // as `new LoggingGenerator(genai.models)`): what the instantiations pass, when that is an SDK object.
    else if (mod.language !== 'python' && call.f.k === 'get' && (MODEL_METHOD.test(call.f.n) || SDK_METHOD.test(call.f.n)) && (this.ctorParamReceiver(f) || this.ctorFieldParam(mod, call))) this.paramReceivers.push({ mod, call });
  }

  /** Whether a workspace class, or a workspace base of it, extends a class of the catalogue (`class X extends ChatOpenAI`). */
  private sdkBased(file: string, key: string): boolean {
    for (let c: { file: string; key: string } | null = { file, key }, i = 0; c && i < 6; c = this.ev.baseOf(c.file, c.key), i++) {
      if (this.ev.sdkBaseOf(c.file, c.key)) return true;
    }
    return false;
  }

  /** Whether an agent's construction gives it instructions (not an empty text): what makes it a job of its own. */
  private givesInstructions(m: Req): boolean {
    const v = this.ev.budgeted(() => this.view(m, this.ev.abstractCtx(m.mod, m.call.fn)).get('system'), 20_000);
    return !!v && v.t !== 'null' && !(v.t === 'str' && !v.text.trim());
  }

  /** Agents made for a framework to serve (KindDef.served): jobs at their construction when nothing runs them here. */
  private readonly servedMade: Req[] = [];

  /** Calls of a method on a parameter (`llm.invoke(…)`, `self.llm.invoke(…)` kept from a constructor), read once the callers are known. */
  private readonly paramReceivers: { mod: ModuleIR; call: CallIR; chain?: Req }[] = [];

  /**
   * `def make_node(llm): … llm.invoke(f"…")`, `class Reviewer: def __init__(self, llm): self.llm = llm`: a model or
   * client passed in untyped is what the callers (or the instantiations) pass, when that is an SDK object; the call on
   * it is that object's request.
   */
  private requestsOnParamReceivers(): void {
    for (const { mod, call, chain } of this.paramReceivers.slice(0, 2000)) {
      if (call.f.k !== 'get') continue;
      const callee = call.f;
      let req: Req | null = null;
      try {
        req = this.ev.budgeted(() => {
          const ctx = this.ev.abstractCtx(mod, call.fn);
          if (chain?.target?.parts) {
            const parts = chain.target.parts.map((p) => {
              if (p.t !== 'param') return p;
              const given = this.passedIn(p, 0);
              // (With the tools this function binds to it: `prompt | llm.bind_tools(tools)`.)
              if (given?.t === 'sdk' && p.tools) return { ...given, bound: new Map([...given.bound, ['tools', p.tools]]), flags: { ...given.flags, tools: true } };
              return given ?? p;
            });
            if (parts.every((p, i) => p === chain.target!.parts![i])) return chain;
            const piped = parts.slice(1).reduce((l, r) => this.ev.pipe(l, r, chain.target!.src), parts[0]);
            return this.requestOf(ctx, mod, call, this.ev.member(piped, callee.n, piped.src, ctx)) ?? chain;
          }
          const recv = this.ev.eval(ctx, callee.o);
          let given = this.passedIn(recv, 0);
          // `this.inner` kept from the constructor, whose first instantiation passed something else (a fake, a
          // recorder): the SDK object another instantiation passes.
          if (!given && mod.language !== 'python') {
            const p = this.ctorFieldParam(mod, call);
            if (p) given = this.passedIn(p, 0);
          }
          // `llm: BaseChatModel` that no caller read here passes: a chat model, its model the parameter.
          if (!given && recv.t === 'param' && !recv.path.length && this.baseModelTyped(recv)) {
            given = { t: 'sdk', kind: 'lc.chat', provider: null, bound: new Map<string, V>([['model', recv]]), path: [], flags: {}, label: 'BaseChatModel', src: recv.src };
          }
          if (!given) return null;
          const made = this.requestOf(ctx, mod, call, this.ev.member(given, callee.n, given.src, ctx));
          if (made && recv.t === 'param' && !recv.path.length && this.callersPassOwnPrompts(recv)) made.fromParam = { owner: recv.owner, index: recv.index, name: recv.name };
          return made;
        }, 20_000);
      } catch (e) {
        if (process.env.TIERWISE_DEBUG) console.error((e as Error).stack?.split('\n').slice(0, 20).join('\n'));
      }
      if (req) {
        this.requests.push(req);
        this.relevant.add(mod.file);
      }
    }
  }

  /** Calls of a method named at run time (`backend[method](params)`), linked once every call is indexed. */
  private readonly computedMethodCalls: { mod: ModuleIR; call: CallIR }[] = [];

  /**
   * `backend[method](callParams)` in a runner whose callers name the method (`run('generateObject', params)`) and
   * pick the object from a table of the app's classes (`BACKENDS[name]`): a call of that method of each of those
   * classes. Edges are added for the method names the callers write and the instances the receiver can be.
   */
  /**
   * A message sent by key to another process or worker (`this.channel.call("sendLLMMessage", params)` in the renderer,
   * `call(_, command, params) { if (command === "sendLLMMessage") this._callSendLLMMessage(params) }` in the main
   * process; `ipcRenderer.invoke("llm:chat", req)` and `ipcMain.handle("llm:chat", (event, req) => …)`): a call of its
   * handler with the message's arguments, so the plumbing behind the channel reaches the callers that write the jobs.
   */
  private linkKeyedMessages(mods: readonly ModuleIR[]): void {
    const sent = new Set(this.keyedSends.map((s) => keyOf(s.key)));
    // Dispatchers: a function reading a command parameter and calling a method named like a key. Their keys are kept
    // (files sending them are read next); the branch method is looked up only for a key some file sends.
    for (const mod of mods) {
      if (mod.ignored) continue;
      const byFn = new Map<string, number>();
      for (const call of mod.calls) {
        let idx = byFn.get(call.fn);
        if (idx === undefined) {
          const fn = own(mod.fns, call.fn);
          const p = fn?.params.find((x) => !x.rest && !x.kwrest && !x.path && COMMAND_PARAM.test(x.name));
          byFn.set(call.fn, (idx = p ? p.index : -1));
        }
        if (idx < 0) continue;
        const name = call.f.k === 'get' ? call.f.n : call.f.k === 'name' ? call.f.n : null;
        const key = name ? keyOf(name) : '';
        if (key.length < 5 || this.keyedHandlers.length >= 2000) continue;
        const via = `${mod.file}#${call.fn}`;
        if (!sent.has(key)) {
          this.dispatchKeys.push({ key, via });
          continue;
        }
        // The branch's own method is the handler (the dispatcher itself would pass every key to every branch).
        const f = this.ev.budgeted(() => this.ev.eval(this.ev.abstractCtx(mod, call.fn), call.f), 5_000, mod.file);
        for (const o of (f.t === 'alt' ? f.options : [f]).slice(0, 4)) {
          if (o.t !== 'fn') continue;
          const tmod = this.modules.get(o.file);
          if (tmod) this.keyedHandlers.push({ key, target: `${o.file}#${o.key}`, mod: tmod, dispatchIndex: idx, via });
        }
      }
    }
    if (!this.keyedHandlers.length) return;
    const byKey = new Map<string, typeof this.keyedHandlers>();
    for (const h of this.keyedHandlers) {
      const list = byKey.get(h.key);
      if (!list) byKey.set(h.key, [h]);
      else if (!list.some((x) => x.target === h.target)) list.push(h);
    }
    for (const { mod, call, key } of this.keyedSends.slice(0, 2000)) {
      const handlers = byKey.get(keyOf(key)) ?? [];
      if (!handlers.length || handlers.length > 4) continue;
      for (const h of handlers) {
        const i = h.target.indexOf('#');
        const fn = own(h.mod.fns, h.target.slice(i + 1));
        if (!fn || fn.key === call.fn) continue;
        const hole: Expr = { k: 'null', p: call.p };
        // The message's arguments after its key. A registered handler's leading parameters the sender does not pass
        // (Electron's `event`): the message fills the last ones. A dispatcher's branch method takes the message as sent.
        const payload = call.a.slice(1);
        const n = fn.params.filter((x) => !x.rest && !x.kwrest && !x.path).length;
        const a = h.dispatchIndex === null ? [...Array<Expr>(Math.max(0, n - payload.length)).fill(hole), ...payload] : payload;
        this.addEdge(this.callIndex, h.target, { mod, call: { ...call, a, kw: undefined }, target: h.target });
        if (h.via) this.bridgedDispatchers.add(h.via);
      }
    }
  }

  /** Route handlers of the app's own HTTP API (see routes.ts), by the function serving them. */
  private readonly routes: (Route & { target: string })[] = [];
  /** The posts to those routes, as the calls of their handlers that `linkRoutes` made of them. */
  private readonly routePosts = new Set<CallIR>();

  /**
   * A body posted to the app's own route (`axios.post("/api/v1/completions", data)`, `fetch(`${API}/chat`, { body:
   * JSON.stringify(payload) })`, `requests.post(url, json=payload)`): a call of the route's handler with that body, so
   * the handler passing it to the model is plumbing and the code writing the body is the job.
   */
  private linkRoutes(mods: readonly ModuleIR[]): void {
    for (const mod of mods) if (!mod.ignored) for (const r of routesOf(mod)) this.routes.push({ ...r, target: `${mod.file}#${r.fnKey}` });
    if (!this.routes.length) return;
    let posts = 0;
    for (const mod of mods) {
      if (mod.ignored) continue;
      for (const call of mod.calls) {
        const sent = postedBody(mod, call);
        if (!sent || ++posts > 3000) continue;
        const url = this.ev.budgeted(() => this.ev.eval(this.ev.abstractCtx(mod, call.fn), sent.url), 5_000, mod.file);
        const path = url.t === 'str' ? ownPath(url.text, url.slots) : null;
        if (!path) continue;
        // The longest route the path reaches (`/completions/stream` before `/completions`).
        const hits = this.routes.filter((r) => reachesRoute(path, r.path) && r.target !== `${mod.file}#${call.fn}`);
        const longest = Math.max(0, ...hits.map((r) => r.path.length));
        for (const r of hits.filter((x) => x.path.length === longest).slice(0, 4)) {
          const asHandler: CallIR = { ...call, a: handlerArgs(r.body, sent.data, call), kw: undefined };
          this.routePosts.add(asHandler);
          this.addEdge(this.callIndex, r.target, { mod, call: asHandler, target: r.target });
        }
      }
    }
  }

  private linkComputedMethodCalls(): void {
    for (const { mod, call } of this.computedMethodCalls.slice(0, 500)) {
      if (call.f.k !== 'idx') continue;
      const callee = call.f;
      try {
        this.ev.budgeted(() => {
          const ctx = this.ev.abstractCtx(mod, call.fn);
          const names = new Set<string>();
          this.stringsOf(this.ev.eval(ctx, callee.i), names, 0);
          if (!names.size || names.size > 12) return;
          const insts: VOf<'inst'>[] = [];
          this.instancesOf(this.ev.eval(ctx, callee.o), insts, 0);
          for (const inst of insts.slice(0, 40)) {
            for (const name of names) {
              const m = this.ev.findMethod(inst.file, inst.cls, name);
              if (!m) continue;
              this.addEdge(this.callIndex, `${m.file}#${m.key}`, { mod, call, target: `${m.file}#${m.key}` });
              this.computedEdgeCalls.add(call);
            }
          }
        }, 20_000, mod.file);
      } catch (e) {
        if (process.env.TIERWISE_DEBUG) console.error((e as Error).stack?.split('\n').slice(0, 20).join('\n'));
      }
    }
  }

  /** Calls of a function the callers pass in (`handler(config, prompts)`, `this.deps.generateText(…)`): edges to those functions. */
  private linkPassedFunctionCalls(): void {
    for (const { mod, call } of this.paramFnCalls.slice(0, 3000)) {
      try {
        this.ev.budgeted(() => {
          const fns: VOf<'fn'>[] = [];
          // `this.deps.generateText` with `deps` given to the constructor (typed by an interface nothing implements).
          const field = call.f.k === 'get' ? this.ctorFieldParam(mod, call) : null;
          const f = field && call.f.k === 'get' ? { ...field, path: [call.f.n] } : this.ev.eval(this.ev.abstractCtx(mod, call.fn), call.f);
          this.functionsOf(f, fns, 0);
          for (const fv of fns.slice(0, MAX_PASSED_FNS)) this.addEdge(this.callIndex, `${fv.file}#${fv.key}`, { mod, call, target: `${fv.file}#${fv.key}` });
        }, 5_000, mod.file);
      } catch (e) {
        if (process.env.TIERWISE_DEBUG) console.error((e as Error).stack?.split('\n').slice(0, 20).join('\n'));
      }
    }
  }

  /**
   * A method called on a parameter (`analyzer.analyze_images(…)` in a function handed `analyzer=create_analyzer(…)`):
   * linked to that method of the workspace objects the callers pass, one layer up.
   */
  private linkParamMethodCalls(): void {
    for (const { mod, call } of this.paramMethodCalls) {
      if (call.f.k !== 'get' || !this.methodIds(mod.language, call.f.n).length) continue;
      const name = call.f.n;
      const recv = call.f.o;
      try {
        this.ev.budgeted(() => {
          const r = this.ev.eval(this.ev.abstractCtx(mod, call.fn), recv);
          if (r.t !== 'param' || r.path.length > 1 || r.path.includes('[]')) return;
          for (const x of this.passedFor(r, 12, true)) {
            for (const o of x.t === 'alt' ? x.options : [x]) {
              if (o.t !== 'inst') continue;
              const m = this.ev.findMethod(o.file, o.cls, name);
              if (m) this.addEdge(this.callIndex, `${m.file}#${m.key}`, { mod, call, target: `${m.file}#${m.key}` });
            }
          }
        }, 5_000, mod.file);
      } catch (e) {
        if (process.env.TIERWISE_DEBUG) console.error((e as Error).stack?.split('\n').slice(0, 20).join('\n'));
      }
    }
  }

  /** Calls of a method on a parameter, linked by linkParamMethodCalls. */
  private readonly paramMethodCalls: { mod: ModuleIR; call: CallIR }[] = [];

  /** Calls of a function parameter (`handler(config, prompts)`), linked to the functions the callers pass. */
  private readonly paramFnCalls: { mod: ModuleIR; call: CallIR }[] = [];
  /** Calls linked by `linkComputedMethodCalls` to the methods their callers name. */
  private readonly computedEdgeCalls = new Set<CallIR>();
  /** Plumbing reached from a request whose callers were not found (a handler of messages from another process). */
  private readonly calleeless = new Set<string>();
  /**
   * Methods of one name that one call reaches, one of them picked at run time (`AIServiceFactory.getService()
   * .analyzeDocument(…)` over an OpenAI, an Azure and an Ollama service): by method id, the ids of the group.
   */
  private readonly alternatives = new Map<string, Set<string>>();

  private noteAlternatives(targets: V[]): void {
    const fns = [...new Set(targets.flatMap((t) => (t.t === 'fn' ? [`${t.file}#${t.key}`] : [])))];
    if (fns.length < 2 || fns.length > 12) return;
    const method = (id: string) => id.slice(id.indexOf('#') + 1).split('.').pop();
    if (new Set(fns.map(method)).size !== 1) return;
    const group = new Set(fns);
    for (const id of fns) for (const other of this.alternatives.get(id) ?? []) group.add(other);
    for (const id of group) this.alternatives.set(id, group);
  }
  /** Keyed messages sent to a receiver of unknown type (`this.channel.call("sendLLMMessage", params)`). */
  private readonly keyedSends: { mod: ModuleIR; call: CallIR; key: string }[] = [];
  /** LangGraph nodes by the file whose graph registers them, and the runs of compiled graphs (see linkGraphRuns). */
  private readonly graphNodes = new Map<string, string[]>();
  private readonly graphRuns: { mod: ModuleIR; call: CallIR; graphFile: string }[] = [];

  /**
   * A compiled LangGraph run with a state (`graph.ainvoke({"prompt": …, "input_text": …})`): a call of each node the
   * graph's file registers, with that state as its first argument. A node reading its instructions from the state is
   * plumbing; the run that writes them is the job.
   */
  private linkGraphRuns(): void {
    for (const { mod, call, graphFile } of this.graphRuns.slice(0, 500)) {
      for (const target of this.graphNodes.get(graphFile) ?? []) this.addEdge(this.callIndex, target, { mod, call: { ...call, a: [call.a[0]], kw: undefined }, target });
    }
  }
  /** Handlers of keyed messages: registered for a key, or dispatching on a command parameter to a method named like it. */
  private readonly keyedHandlers: { key: string; target: string; mod: ModuleIR; dispatchIndex: number | null; via?: string }[] = [];
  /** Keys of dispatchers' branches that no file read so far sends: the next round looks for their senders. */
  private readonly dispatchKeys: { key: string; via: string }[] = [];
  /** Dispatchers whose branches were linked to the senders of their keys: the channel calls them, not the app. */
  private readonly bridgedDispatchers = new Set<string>();

  /** The workspace functions a value can be: written here, or passed by the callers for a parameter. */
  private functionsOf(v: V, out: VOf<'fn'>[], depth: number): void {
    if (depth > 3 || out.length >= MAX_PASSED_FNS) return;
    if (v.t === 'fn') {
      if (!out.some((x) => x.file === v.file && x.key === v.key)) out.push(v);
    } else if (v.t === 'alt') for (const o of v.options) this.functionsOf(o, out, depth + 1);
    // An object of a class with `__call__` handed to a runner (`retry_with_fallback_models(Preparator(…))`): that method.
    else if (v.t === 'inst') {
      const m = this.ev.findMethod(v.file, v.cls, '__call__');
      if (m && !out.some((x) => x.file === m.file && x.key === m.key)) out.push({ t: 'fn', file: m.file, key: m.key, env: null, self: v, src: v.src });
    }
    // A constructor's parameter: what the instantiations pass.
    else if (v.t === 'param' && v.path.length <= 2 && !v.path.includes('[]')) for (const x of this.passedFor(v, 2 * MAX_PASSED_FNS, true)) this.functionsOf(x, out, depth + 1);
  }

  /**
   * A chain through a call of a method named at run time (`backend[method](params)`) whose callers, as written, name
   * another method (`run("generateText", …)` reaching `generateObject`): not a path the job takes.
   */
  private namesOtherMethod(chain: Edge[]): boolean {
    for (let k = chain.length - 1; k >= 0; k--) {
      const e = chain[k];
      if (!this.computedEdgeCalls.has(e.call) || e.call.f.k !== 'idx') continue;
      const name = this.fnName(e.target)?.split('.').pop();
      // Read as written: the name, or the parameter it is, followed up the chain to the text a caller writes.
      let x: Expr | undefined = e.call.f.i;
      for (let at = k; x && at >= 0; at--) {
        if (x.k === 'str') {
          if (x.v !== name) return true;
          break;
        }
        if (x.k !== 'name' || at === 0) break;
        const n: string = x.n;
        const mod = chain[at].mod;
        const fn = own(mod.fns, chain[at].call.fn);
        const p = fn?.params.find((q) => q.name === n && !q.path && !q.rest);
        const up = chain[at - 1];
        if (!p || up.target !== `${mod.file}#${chain[at].call.fn}`) break;
        x = own(up.call.kw ?? {}, p.name) ?? (up.call.a.slice(0, p.index).some((a) => a.k === 'spread') ? undefined : up.call.a[p.index]);
      }
    }
    return false;
  }

  /** The plain texts a value can be: written here, or passed by the callers for a parameter (a few layers up). */
  private stringsOf(v: V, out: Set<string>, depth: number): void {
    if (depth > 4 || out.size > 12) return;
    if (v.t === 'str' && !v.slots && /^\w+$/.test(v.text)) out.add(v.text);
    else if (v.t === 'alt') for (const o of v.options) this.stringsOf(o, out, depth + 1);
    else if (v.t === 'param' && !v.path.length) for (const x of this.passedFor(v, 24, false)) this.stringsOf(x, out, depth + 1);
  }

  /** The instances of workspace classes a value can be: made here, or passed by the callers for a parameter. */
  private instancesOf(v: V, out: VOf<'inst'>[], depth: number): void {
    if (depth > 4 || out.length > 40) return;
    if (v.t === 'inst') {
      if (!out.some((x) => x.file === v.file && x.cls === v.cls)) out.push(v);
    } else if (v.t === 'alt') for (const o of v.options) this.instancesOf(o, out, depth + 1);
    else if (v.t === 'param' && !v.path.length) for (const x of this.passedFor(v, 24, false)) this.instancesOf(x, out, depth + 1);
  }

  /** TS: `this.inner.m(…)` where `inner` is a parameter property of the class's constructor: that parameter. */
  private ctorFieldParam(mod: ModuleIR, call: CallIR): VOf<'param'> | null {
    if (call.f.k !== 'get' || call.f.o.k !== 'get' || call.f.o.o.k !== 'this') return null;
    const name = call.f.o.n;
    let fn = own(mod.fns, call.fn);
    // From a callback inside the method (`inSpan(async () => this.inner.m(…))`): the method's class.
    for (let i = 0; fn && !fn.cls && fn.parent && i < 8; i++) fn = own(mod.fns, fn.parent);
    const cls = fn?.cls ? own(mod.classes, fn.cls) : undefined;
    const ctorKey = cls ? own(cls.methods, 'constructor') : undefined;
    const ctor = ctorKey ? own(mod.fns, ctorKey) : undefined;
    const p = ctor?.params.find((q) => q.name === name && !q.path);
    if (!ctor || !p) return null;
    return { t: 'param', owner: `${mod.file}#${ctor.key}`, index: p.index, name: p.name, path: [], src: { file: mod.file, s: call.f.o.p[0], e: call.f.o.p[1] } };
  }

  /** TS: a method of a constructor's parameter (`this.inner.generateContent`, `inner` given to the constructor). */
  private ctorParamReceiver(f: V): boolean {
    const p = methodOfParam(f);
    return !!p && isCtor(this.ownerFn(p.owner));
  }

  /** TS: a method of a parameter annotated with LangChain's base model class (`model: BaseChatModel`, `model.invoke`). */
  private baseTypedReceiver(f: V): boolean {
    const p = methodOfParam(f);
    return !!p && this.baseModelTyped({ ...p, path: [] });
  }

  /** The function a parameter value belongs to (its `owner`, `file#key`). */
  private ownerFn(owner: string): FnIR | undefined {
    const at = owner.indexOf('#');
    return own(this.modules.get(owner.slice(0, at))?.fns, owner.slice(at + 1));
  }

  /** Whether a parameter is annotated with LangChain's base chat model class (`llm: BaseChatModel`). */
  private baseModelTyped(p: VOf<'param'>): boolean {
    const fn = this.ownerFn(p.owner);
    const t = fn?.params.find((x) => x.name === p.name && !x.path)?.type;
    return !!fn && !!this.ev.modelOfType(this.modules.get(p.owner.slice(0, p.owner.indexOf('#')))!, t, p, p.src);
  }

  /** The SDK object (or objects) the callers pass for a parameter, a few layers up; null when it is not one. */
  /**
   * Whether the callers hand a parameter chains or models made apart (`community_chain`, `parent_community_chain`),
   * each carrying a prompt: the same object handed in from two places is one job, at the request.
   */
  private callersPassOwnPrompts(p: VOf<'param'>): boolean {
    const written = new Set<string>();
    for (const e of (this.callIndex.get(p.owner) ?? []).slice(0, 12)) {
      const x = own(e.call.kw ?? {}, p.name) ?? (e.call.a.slice(0, p.index).some((a) => a.k === 'spread') ? undefined : e.call.a[p.index]);
      if (!x || x.k === 'spread') continue;
      const v = this.ev.eval(this.ev.abstractCtx(e.mod, e.call.fn), x);
      if (v.t !== 'sdk' || !['messages', 'prompt', 'system'].some((k) => v.bound.has(k))) continue;
      written.add(this.render.text(this.ev.src(e.mod, x.p), 200));
    }
    return written.size >= 2;
  }

  private passedIn(v: V, depth: number): V | null {
    if (depth > 3) return null;
    if (v.t === 'sdk') return v;
    if (v.t === 'alt') {
      const options = v.options.map((o) => this.passedIn(o, depth + 1)).filter((o): o is V => !!o);
      return options.length ? (options.length === 1 ? options[0] : this.ev.alt(options, v.src)) : null;
    }
    // A parameter, or a key destructured from one (`({ runnable, messages }) => runnable.stream(messages)`).
    if (v.t !== 'param' || (v.path.length && !(v.path.length === 1 && v.path[0] === v.name))) return null;
    const fn = this.ownerFn(v.owner);
    if (!fn) return null;
    const given = isCtor(fn) ? this.ctorArgument(v.owner.slice(0, v.owner.indexOf('#')), fn.cls!, v) : this.paramByCallers(v);
    return given ? this.passedIn(given, depth + 1) : null;
  }

  private readonly runnerParams = new Map<string, number | null>();
  /** Runners given their function's arguments as one list (`func(...args)` of a parameter `args`): its place. */
  private readonly runnerLists = new Map<string, number>();
  /** A runner's own parameters it passes on to the function by the same keyword (`call(messages=messages, **kwargs)`). */
  private readonly runnerForwards = new Map<string, Set<string>>();

  /**
   * The parameter of a function that it calls with the rest of its arguments (`func(*args, **kwargs)`,
   * `fn(...args)`): a runner (an error handler, a retry loop), or null.
   */
  private runnerParam(mod: ModuleIR, fn: FnIR): number | null {
    const key = `${mod.file}#${fn.key}`;
    if (this.runnerParams.has(key)) return this.runnerParams.get(key)!;
    let found: number | null = null;
    const rests = new Set(fn.params.filter((x) => x.rest || x.kwrest).map((x) => x.name));
    // The arguments given as one list (`exponentialRetryWrapper(func, args, retries)` calling `func(...args)`).
    const lists = new Map(fn.params.filter((x) => !x.rest && !x.kwrest && !x.path).map((x) => [x.name, x.index]));
    if (rests.size || lists.size >= 2) {
      // In the function, or in a closure of it that runs the call (`def run_in_new_loop(): return
      // loop.run_until_complete(coro_func(*args, **kwargs))`).
      // Settled as not a runner while it is being read (a runner calling itself).
      this.runnerParams.set(key, null);
      for (const c of mod.calls) {
        if (c.f.k !== 'name' || !nestedIn(mod, c.fn, fn.key)) continue;
        const spreadsRest = c.a.some((a) => a.k === 'spread' && a.o.k === 'name' && rests.has((a.o as { n: string }).n));
        const name = (c.f as { n: string }).n;
        const p = fn.params.find((x) => x.name === name && !x.rest && !x.kwrest && !x.path);
        const list = c.a.length === 1 && c.a[0].k === 'spread' && !c.a[0].kw && c.a[0].o.k === 'name' ? lists.get((c.a[0].o as { n: string }).n) : undefined;
        if (p && list !== undefined && !spreadsRest && list !== p.index) {
          found = p.index;
          this.runnerLists.set(key, list);
          break;
        }
        if (!spreadsRest) continue;
        if (p) {
          found = p.index;
          // Its own parameters it hands on by the same name (`call(messages=messages, …, **kwargs)`).
          const same = Object.entries(c.kw ?? {}).filter(([k, v]) => v.k === 'name' && v.n === k).map(([k]) => k);
          if (same.length) this.runnerForwards.set(key, new Set(same));
          break;
        }
        // Handing its function and its arguments on to a runner (`def _run_async_safely(self, coro_func, *args,
        // **kwargs): return _run_async_safely(coro_func, *args, **kwargs)`): a runner of that function too.
        const g = this.ev.budgeted(() => this.ev.eval(this.ev.abstractCtx(mod, c.fn), c.f), 5_000, mod.file);
        const gMod = g.t === 'fn' ? this.modules.get(g.file) : undefined;
        const gFn = g.t === 'fn' && gMod ? own(gMod.fns, g.key) : undefined;
        const k = gMod && gFn && gFn !== fn ? this.runnerParam(gMod, gFn) : null;
        const handed = k !== null ? c.a[k] : undefined;
        const q = handed?.k === 'name' ? fn.params.find((x) => x.name === (handed as { n: string }).n && !x.rest && !x.kwrest && !x.path) : undefined;
        if (q) {
          found = q.index;
          break;
        }
      }
    }
    this.runnerParams.set(key, found);
    return found;
  }

  private readonly forwarders = new Map<string, Forwarder | null>();

  /**
   * A workspace function that calls what it is given, or the method of `self` it is given the name of, with the
   * arguments it was given (`step = getattr(self, name); …; return step(self, *args, **kwargs)`; `create(**params)`):
   * the call it makes, in the caller's terms. Null when it is not such a function or the caller's call cannot be read.
   */
  private forwardedCall(call: CallIR, f: VOf<'fn'>): CallIR | null {
    const key = `${f.file}#${f.key}`;
    if (!this.forwarders.has(key)) {
      const fmod = this.modules.get(f.file);
      const fn = own(fmod?.fns, f.key);
      this.forwarders.set(key, fmod && fn ? findForwarder(fmod, fn) : null);
    }
    const fw = this.forwarders.get(key);
    if (!fw) return null;
    // The caller's own `*args` / `**kwargs` may go on only into the forwarder's (`gen(…)` calling
    // `self._run("_raw_gen", wrappers, model=model, *args, **kwargs)`).
    const restAt = fw.fn.params.find((q) => q.rest)?.index;
    const hasKwrest = fw.fn.params.some((q) => q.kwrest);
    const spreadOk = (x: Expr, i: number) => x.k !== 'spread' || (x.kw ? hasKwrest : restAt !== undefined && i >= restAt);
    if (!call.a.every(spreadOk)) return null;
    const argOf = (p: ParamIR): Expr | undefined => {
      const v = call.kw?.[p.name] ?? (p.kwOnly ? undefined : call.a[p.index]);
      return v?.k === 'spread' ? undefined : v;
    };
    let callee: Expr;
    if (fw.byName) {
      const name = argOf(fw.callee);
      if (name?.k !== 'str' || !/^\w+$/.test(name.v) || call.f.k !== 'get') return null;
      callee = { k: 'get', o: call.f.o, n: name.v, p: call.f.p };
    } else {
      const given = argOf(fw.callee);
      if (!given) return null;
      callee = given;
    }
    const named = new Set(fw.fn.params.filter((x) => !x.rest && !x.kwrest).map((x) => x.name));
    const a: Expr[] = [];
    let kw: Record<string, Expr> | undefined;
    for (const x of fw.args) {
      if (x.k === 'this') {
        if (call.f.k === 'get') a.push(call.f.o);
        else return null;
      } else if (x.k === 'name') {
        const p = fw.fn.params.find((q) => q.name === x.n && !q.rest && !q.kwrest);
        const v = p ? argOf(p) : undefined;
        if (!v) return null;
        a.push(v);
      } else if (x.k === 'spread' && x.o.k === 'name') {
        const n = x.o.n;
        const p = fw.fn.params.find((q) => q.name === n);
        if (!p) return null;
        if (p.rest) a.push(...call.a.slice(p.index).filter((y) => !(y.k === 'spread' && y.kw)));
        else if (p.kwrest) {
          kw = { ...kw, ...Object.fromEntries(Object.entries(call.kw ?? {}).filter(([k]) => !named.has(k))) };
          a.push(...call.a.filter((y) => y.k === 'spread' && y.kw));
        }
        else {
          const v = argOf(p);
          if (!v) return null;
          a.push({ k: 'spread', o: v, kw: x.kw, p: v.p });
        }
      } else return null;
    }
    return { ...call, f: callee, a, kw };
  }

  private methodIndex: Map<string, string[]> | null = null;
  /** Program-wide defaults set by a catalogue `configures` call (`dspy.configure(lm=…)`). */
  private readonly configured: { kind: string; map: ArgMap; mod: ModuleIR; call: CallIR }[] = [];

  /** What the first call configuring `kind` binds to `field` (the model of every DSPy module). */
  private configuredValue(kind: string, field: string): V | undefined {
    const c = this.configured.find((x) => x.kind === kind);
    if (!c) return undefined;
    return this.ev.bind(this.ev.args(this.ev.abstractCtx(c.mod, c.call.fn), c.call), c.map).get(field);
  }

  /**
   * Workspace methods an untyped receiver may reach: the one method of that name when the name looks like an LLM
   * layer's and is not common, or every method of that name (up to 12) when the receiver is named like a model.
   */
  /** The workspace methods of a name (`file#key`), in a language. */
  private methodIds(language: ModuleIR['language'], name: string): string[] {
    if (!this.methodIndex) {
      this.methodIndex = new Map();
      for (const m of this.modules.values()) {
        if (m.ignored) continue;
        const lang = m.language === 'python' ? 'py' : 'ts';
        for (const cls of Object.values(m.classes)) {
          for (const [n, key] of Object.entries(cls.methods)) {
            if (!key) continue;
            const list = this.methodIndex.get(`${lang}:${n}`) ?? [];
            list.push(`${m.file}#${key}`);
            this.methodIndex.set(`${lang}:${n}`, list);
          }
        }
      }
    }
    return this.methodIndex.get(`${language === 'python' ? 'py' : 'ts'}:${name}`) ?? [];
  }

  private duckMethods(language: ModuleIR['language'], name: string, receiver: string | null): string[] {
    if (/^__\w+__$/.test(name) || NEVER_DUCK.test(name)) return [];
    let list = this.methodIds(language, name);
    // A plugin base's stub (`def chat_parse(self, items, **kwargs): raise NotImplementedError`) beside the one
    // implementation: the implementation.
    if (list.length > 1 && list.length <= 6 && DUCK_METHOD.test(name) && !COMMON_METHOD.test(name)) {
      const real = list.filter((id) => {
        const { file, fn } = this.methodOf(id);
        const mod = this.modules.get(file);
        return !!mod && !!fn && !this.ev.isAbstractMethod(mod, fn);
      });
      if (real.length === 1) return real;
    }
    if (list.length === 1 && DUCK_METHOD.test(name) && !COMMON_METHOD.test(name)) return list;
    if (!receiver || !LLM_RECEIVER.test(receiver)) return [];
    // Dozens of provider classes overriding one base's method: the base's stands for them (and the subclasses that
    // do not extend another class of the list).
    if (list.length > 12) list = this.withoutOverrides(list);
    return list.length <= 12 ? list : [];
  }

  /** Methods whose class extends (directly or not) the class of another method of the list are left out. */
  private withoutOverrides(list: string[]): string[] {
    const classes = list.map((id) => {
      const { file, cls } = this.methodOf(id);
      return cls ? { file, key: cls.key } : null;
    });
    const listed = new Set(classes.flatMap((c) => (c ? [`${c.file}#${c.key}`] : [])));
    const extendsListed = (c: { file: string; key: string }): boolean => {
      for (let b = this.ev.baseOf(c.file, c.key), i = 0; b && i < 8; b = this.ev.baseOf(b.file, b.key), i++) if (listed.has(`${b.file}#${b.key}`)) return true;
      return false;
    };
    return list.filter((_id, i) => !classes[i] || !extendsListed(classes[i]!));
  }

  /**
   * Whether a call could be a call of a method reached by duck typing: it gives at least the method's required
   * parameters (`model.generate(**inputs)` of a local Hugging Face model is not a call of the app's
   * `generate(self, history)`).
   */
  private canBind(call: CallIR, fnId: string): boolean {
    const at = fnId.indexOf('#');
    const fn = own(this.modules.get(fnId.slice(0, at))?.fns, fnId.slice(at + 1));
    if (!fn) return true;
    const required = fn.params.filter((p) => !p.d && !p.rest && !p.kwrest && !p.path);
    if (call.a.some((a) => a.k === 'spread' && !a.kw)) return true;
    const positional = call.a.filter((a) => a.k !== 'spread').length;
    const named = new Set(Object.keys(call.kw ?? {}));
    const missing = required.filter((p) => !(p.index < positional && !p.kwOnly) && !named.has(p.name));
    return missing.length === 0 || (call.a.some((a) => a.k === 'spread') && positional + named.size > 0);
  }

  private addEdge(index: Map<string, Edge[]>, key: string, e: Edge): void {
    const list = index.get(key);
    if (list) {
      if (!list.some((x) => x.call === e.call && x.mod === e.mod)) list.push(e);
    } else index.set(key, [e]);
  }

  private requestOf(ctx: Ctx, mod: ModuleIR, call: CallIR, f: V): Req | null {
    const options = f.t === 'alt' ? f.options : [f];
    for (const o of options) {
      if (o.t === 'sdk') {
        const k = this.ev.kindDef(o.kind);
        if (!k || k.def.quiet) continue;
        const action = o.path.length ? own(k.def.methods, o.path.join('.')) : k.def.call;
        if (action && 'request' in action) return { mod, call, def: action.request, target: o, provider: o.provider, sdk: kindSdk(o.kind, o.provider) };
      } else if (o.t === 'action' && 'request' in o.action) {
        return { mod, call, def: o.action.request, target: null, provider: o.provider, sdk: moduleSdk(o.module) };
      }
    }
    // A known method path on a receiver whose type is not known here (a parameter, an untyped client).
    const path = memberNames(call.f);
    if (path && (f.t === 'param' || f.t === 'dyn' || f.t === 'resp' || (f.t === 'alt' && f.options.every((x) => x.t === 'param' || x.t === 'dyn')))) {
      for (const s of SHAPES) {
        if (path.length < s.path.length + 1) continue;
        let ok = true;
        for (let i = 0; i < s.path.length; i++) if (path[path.length - s.path.length + i] !== s.path[i]) ok = false;
        if (!ok) continue;
        const receiverIsParam = f.t === 'param' || this.receiverIsParam(ctx, call.f);
        if (!receiverIsParam && !this.looksLikeLlmParams(ctx, call, s.def.args ?? {})) continue;
        // A client passed in, sent a message of another kind (Twilio's `messages.create(to=…, body=…)`).
        if (receiverIsParam && this.notLlmParams(ctx, call, s.def.args ?? {})) continue;
        return { mod, call, def: s.def, target: null, provider: s.provider, sdk: s.sdk, shape: true };
      }
    }
    // `litellm.completion(…)` on a module stand-in (a lazy proxy named like the package): the package's function.
    if (path && path.length === 2 && mod.language === 'python' && (f.t === 'dyn' || f.t === 'resp')) {
      const ex = own(this.ev.packageOf('py', path[0])?.exports, path[1]);
      if (ex && 'request' in ex) return { mod, call, def: ex.request, target: null, provider: null, sdk: moduleSdk(path[0]) };
    }
    return this.httpRequest(ctx, mod, call);
  }

  private receiverIsParam(ctx: Ctx, callee: Expr): boolean {
    let e: Expr = callee;
    while (e.k === 'get') e = e.o;
    if (e.k !== 'name') return e.k === 'this';
    const v = this.ev.eval(ctx, e);
    return v.t === 'param';
  }

  private looksLikeLlmParams(ctx: Ctx, call: CallIR, map: ArgMap): boolean {
    const args = this.ev.args(ctx, call);
    const get = this.ev.argLookup(args, map);
    const has = (keys: string[] | undefined) => !!keys?.some((k) => get(k));
    return has(map.model) && (has(map.messages) || has(map.prompt) || has(map.system) || has(map.maxTokens));
  }

  /** Arguments written out in full with none of a request's parts: the method path is another SDK's. */
  private notLlmParams(ctx: Ctx, call: CallIR, map: ArgMap): boolean {
    if (call.a.some((a) => a.k === 'spread')) return false;
    const args = this.ev.args(ctx, call);
    const params = map.params !== undefined ? args.pos[map.params] : undefined;
    if (params) {
      const o = this.ev.objOf(params);
      if (!o || o.spreads.length) return false;
    } else if (!args.kw.size) return false;
    const get = this.ev.argLookup(args, map);
    return ![map.model, map.messages, map.prompt, map.system, map.maxTokens, map.tools].some((keys) => keys?.some((k) => get(k)));
  }

  private endpointModules: Map<string, boolean> | null = null;

  /**
   * Whether a module may send to a model's HTTP endpoint: the path is written in it or in a module it imports. Most
   * calls of a large app are not requests; their arguments are not worth working out for this question.
   */
  private mayPostToEndpoint(mod: ModuleIR): boolean {
    this.endpointModules ??= new Map();
    const hit = this.endpointModules.get(mod.file);
    if (hit !== undefined) return hit;
    let yes = writesEndpoint(mod);
    if (!yes) {
      const lang = mod.language === 'python' ? 'py' : 'ts';
      for (const imp of Object.values(mod.imports)) {
        const f = lang === 'ts' ? this.ev.resolver.ts(mod.file, imp.m) : this.ev.resolver.py(mod.file, imp.m);
        const m = f ? this.modules.get(f) : undefined;
        if (m && writesEndpoint(m)) {
          yes = true;
          break;
        }
      }
    }
    this.endpointModules.set(mod.file, yes);
    return yes;
  }

  /** `fetch(url, { body: JSON.stringify(params) })`, `axios.post(url, params)`, `requests.post(url, json=params)`, own helpers. */
  private httpRequest(ctx: Ctx, mod: ModuleIR, call: CallIR): Req | null {
    if (call.a.length + Object.keys(call.kw ?? {}).length < 2 || call.a.some((a) => a.k === 'fn' || (a.k === 'spread' && !a.kw))) return null;
    if (!this.mayPostToEndpoint(mod)) return this.chatShapedPost(ctx, mod, call);
    const args = this.ev.args(ctx, call);
    const values = [...args.pos, ...args.kw.values()];
    let at = -1;
    let endpoint: (typeof ENDPOINTS)[number] | null = null;
    let url = '';
    let option: number | undefined;
    let manyHosts = false;
    let endpointValue: VOf<'str'> | null = null;
    const endpointOf = (v: VOf<'str'>) => {
      const t = v.text.trim().replace(/[?#].*$/, '').replace(/\/+$/, '');
      return ENDPOINTS.find((e) => e.re.test(t)) ?? null;
    };
    for (let i = 0; i < values.length && !endpoint; i++) {
      const v = values[i];
      // One of several URLs, one per provider or API (a table of backends): the chat API where one is, else the first.
      const options = v.t === 'str' ? [v] : v.t === 'alt' ? v.options : [];
      const hits = options.flatMap((o, k) => {
        const e = o.t === 'str' ? endpointOf(o) : null;
        return e && o.t === 'str' ? [{ o, k, e }] : [];
      });
      const hit = hits.find((h) => /chat\/completions|\/messages$/.test(h.o.text.replace(/[?#].*$/, '').replace(/\/+$/, ''))) ?? hits[0];
      if (!hit) continue;
      endpoint = hit.e;
      at = i;
      url = hit.o.text;
      endpointValue = hit.o;
      if (v.t === 'alt') option = hit.k;
      // Several hosts (OpenAI's, OpenRouter's): the provider is the model's, not one host's.
      if (new Set(hits.map((h) => h.o.text.replace(/^\w+:\/\/([^/]+).*$/s, '$1'))).size > 1) manyHosts = true;
    }
    if (!endpoint || !endpointValue) return this.chatShapedPost(ctx, mod, call);
    // A host written out, or a base taken from configuration in front of the path (`config.url + '/v1/chat/completions'`).
    const hosted =
      /:\/\//.test(url) ||
      values.some((v) => v.t === 'str' && (/:\/\//.test(v.text) || /^[\w-]+(\.[\w-]+)+(:\d+)?$/.test(v.text.trim()))) ||
      (endpointValue.slots > 0 && url.trim().startsWith('/'));
    // A path alone (`fetch('/api/chat', …)`) is the app's own server, not a model's API — but a versioned API path
    // posted on a client made with a base URL (`client.post('/v1/chat/completions', body)` on `axios.create({ baseURL })`)
    // is the provider's.
    const onClient = call.f.k === 'get' && /^(post|request)$/.test(call.f.n) && call.f.o.k !== 'this' && /^\/(?:openai\/)?v\d+\/(?:chat\/completions|completions|messages|responses)$/.test(url.trim());
    if (!hosted && !onClient && endpointValue.slots === 0 && url.trim().startsWith('/')) return null;
    let paramsArg = -1;
    for (let i = 0; i < values.length; i++) {
      if (i === at) continue;
      const p = this.httpParams(this.httpBranch(values[i], option));
      if (!p) continue;
      const o = this.ev.objOf(p);
      if (o ? ['messages', 'model', 'input', 'prompt', 'contents', 'message'].some((k) => this.ev.prop(o, k)) : hosted && p.t === 'param') {
        paramsArg = i;
        break;
      }
    }
    if (paramsArg < 0) return null;
    // A transport handed to an SDK client (`createOpenAICompatible({ fetch: (url, init) => fetch(HOST + PATH, init) })`):
    // it sends the SDK's requests, made where the client is used.
    const fnName = own(mod.fns, call.fn)?.name?.split('.').pop() ?? '';
    if (TRANSPORT_FN.test(fnName) && values[paramsArg].t === 'param') return null;
    const match = endpoint.re.exec(url.trim().replace(/[?#].*$/, '').replace(/\/+$/, ''))!;
    const written = `POST ${endpoint.path(match)}`;
    const provider = manyHosts ? null : endpoint.provider === 'openai' ? (providerOfHost(url) ?? 'openai') : endpoint.provider;
    // A model written into the URL (not a hole of it): the request's model when its body names none.
    const inPath = endpoint.modelInPath?.(match);
    const urlText = this.render.text(endpointValue.src, 2000);
    const inText = inPath ? urlText.indexOf(`/${inPath}:`) : -1;
    // Where the id is written in the URL (a fix edits just that), else the URL.
    const modelSrc = inText >= 0 ? { file: endpointValue.src.file, s: endpointValue.src.s + inText + 1, e: endpointValue.src.s + inText + 1 + inPath!.length } : endpointValue.src;
    const model: VOf<'str'> | undefined = inPath && (endpointValue.slots === 0 || inText >= 0) ? { t: 'str', text: inPath, slots: 0, holes: [], src: modelSrc } : undefined;
    const urlExpr = at < args.pos.length ? call.a[at] : Object.values(call.kw ?? {})[at - args.pos.length];
    const modelHole = endpoint.modelHole && urlExpr ? { url: urlExpr, around: endpoint.modelHole } : undefined;
    const def: RequestDef = { api: endpoint.api, args: endpoint.args, ...(endpoint.streaming ? { streaming: true } : {}) };
    return { mod, call, def, target: null, provider, sdk: endpoint.provider, http: { written, paramsArg, provider, ...(model ? { model } : {}), ...(modelHole ? { modelHole } : {}), ...(option !== undefined ? { option } : {}) } };
  }

  /**
   * A Python POST whose JSON body is a chat request, `{"model": …, "messages": [{"role": …, "content": …}, …]}`, to a
   * URL known only at run time (`requests.post(model_info[model]["endpoint"], json=payload)`, the endpoint picked from
   * a table of providers): the OpenAI-compatible chat API, on a provider the code does not fix. (In TypeScript such a
   * `fetch` is most often the app's proxy or a client's transport, whose jobs are elsewhere.)
   */
  private chatShapedPost(ctx: Ctx, mod: ModuleIR, call: CallIR): Req | null {
    const callee = call.f.k === 'get' || call.f.k === 'name' ? call.f.n : '';
    if (mod.language !== 'python' || !/^(a?post|request)$/.test(callee) || !CHAT_BODY_HINT.test(mod.text)) return null;
    const args = this.ev.args(ctx, call);
    const values = [...args.pos, ...args.kw.values()];
    // `requests.request("POST", url, data=json.dumps(payload))`: the method first, then the URL.
    const skip = callee === 'request' && values[0]?.t === 'str' && /^post$/i.test(values[0].text) ? 1 : 0;
    // The URL known only at run time: one written out is another endpoint (a token count), or the app's own server.
    const first = values[skip];
    // (`f"{self.api_url}"` is only a hole: known at run time too.)
    if (!first || (first.t === 'str' && (first.text.trim() !== '' || !first.slots)) || first.t === 'null') return null;
    for (let i = skip + 1; i < values.length; i++) {
      const p = this.httpParams(values[i]);
      const o = p ? this.ev.objOf(p) : null;
      const messages = o ? this.ev.prop(o, 'messages') : undefined;
      if (!o || !this.ev.prop(o, 'model') || !messages || !(messages.t === 'arr' || messages.t === 'param' || messages.t === 'dyn' || messages.t === 'alt')) continue;
      const def: RequestDef = { api: CHAT_COMPLETIONS_ENDPOINT.api, args: CHAT_COMPLETIONS_ENDPOINT.args };
      return { mod, call, def, target: null, provider: null, sdk: 'openai', http: { written: 'POST (chat completions)', paramsArg: i, provider: null } };
    }
    return null;
  }

  /** The model an alias stands for on an object that keeps a table of them (catalogue `aliases`). */
  private aliased(target: VOf<'sdk'>, alias: VOf<'str'>): V | undefined {
    const spec = this.ev.kindDef(target.kind)?.def.aliases;
    const table = spec ? target.bound.get('model') : undefined;
    if (!spec || table?.t !== 'arr' || alias.slots) return undefined;
    for (const item of table.items) {
      const o = this.ev.objOf(item);
      const name = o ? this.ev.prop(o, spec.name) : undefined;
      if (!o || name?.t !== 'str' || name.text !== alias.text) continue;
      let v: V | undefined = o;
      for (const key of spec.model.split('.')) {
        const at: VOf<'obj'> | null = v ? this.ev.objOf(v) : null;
        v = at ? this.ev.prop(at, key) : undefined;
      }
      return v;
    }
    return undefined;
  }

  /** The value in a URL's model hole (`models/${model}:generateContent`), the URL written in the call or in a local. */
  private urlHole(ctx: Ctx, e: Expr, around: [RegExp, RegExp], depth = 0): V | undefined {
    if (depth > 3) return undefined;
    if (e.k === 'name') {
      const assigns = own(ctx.fn.locals, e.n);
      return assigns?.length === 1 && !assigns[0].path ? this.urlHole(ctx, assigns[0].e, around, depth + 1) : undefined;
    }
    if (e.k !== 'tpl') return undefined;
    for (let i = 1; i + 1 < e.parts.length; i++) {
      const [before, hole, after] = [e.parts[i - 1], e.parts[i], e.parts[i + 1]];
      if (typeof before === 'string' && typeof after === 'string' && typeof hole !== 'string' && around[0].test(before) && around[1].test(after)) return this.ev.eval(ctx, hole);
    }
    return undefined;
  }

  /** The request parameters as written in an HTTP call: `{ body: JSON.stringify(params) }`, `{ json: params }`, `params`. */
  /** The branch of a request's options made with the URL read (see `http.option`); the first with a body otherwise. */
  private httpBranch(v: V, option: number | undefined): V {
    if (v.t !== 'alt' || option === undefined) return v;
    return v.options[option] ?? v.options.find((o) => o.t === 'obj') ?? v;
  }

  private httpParams(v: V): V | null {
    let cur: V = v;
    const o = this.ev.objOf(cur);
    if (o && !['messages', 'model', 'input', 'prompt', 'contents'].some((k) => this.ev.prop(o, k))) {
      const inner = this.ev.prop(o, 'body') ?? this.ev.prop(o, 'json') ?? this.ev.prop(o, 'data');
      if (inner) cur = inner;
    }
    if (cur.t === 'json') cur = cur.of;
    return cur;
  }

  // --- the view of a request in a context -------------------------------------------------------------------

  private view(req: Req, ctx: Ctx): View {
    const args = this.ev.args(ctx, req.call);
    const map: ArgMap = req.def.args ?? { params: 0 };
    let get: (key: string) => V | undefined;
    if (req.http) {
      const values = [...args.pos, ...args.kw.values()];
      const params = this.httpParams(this.httpBranch(values[req.http.paramsArg] ?? { t: 'dyn', src: args.src }, req.http.option));
      get = this.ev.argLookup({ pos: params ? [params] : [], kw: new Map(), src: args.src }, { params: 0 });
    } else if (map.command !== undefined) {
      const cmd = args.pos[map.command];
      const params = cmd?.t === 'sdk' ? cmd.bound.get('params') : cmd;
      get = this.ev.argLookup({ pos: params ? [params] : [], kw: new Map(), src: args.src }, { params: 0 });
    } else get = this.ev.argLookup(args, map);
    if (req.def.batch) {
      // A batch: the first request's params stand for all of them.
      const requests = get('requests');
      const first = requests?.t === 'arr' ? requests.items[0] : undefined;
      const fo = first ? this.ev.objOf(first) : null;
      const params = fo ? this.ev.prop(fo, 'params') : undefined;
      if (params) get = this.ev.argLookup({ pos: [params], kw: new Map(), src: args.src }, { params: 0 });
    }
    let target = req.target;
    // A chain run through its callers (`chain.invoke(payload)` in a runner given `systemPromptFn`): the chain as this
    // chain of callers builds it, with the prompt its first step returns for them.
    if (target?.kind === 'lc.chain' && ctx.args && req.call.f.k === 'get') {
      const o = req.call.f.o;
      const again = this.ev.budgeted(() => this.ev.eval(ctx, o), 20_000);
      if (again.t === 'sdk' && again.kind === 'lc.chain' && !again.path.length) target = again;
    }
    // A model known here by its declared type only (`llm: BaseLanguageModel` of a chain class made with `llm=…`): the
    // one this chain of callers made the object with.
    else if (target && !target.provider && !target.bound.get('model') && ctx.args && req.call.f.k === 'get' && req.call.f.o.k === 'get' && req.call.f.o.o.k === 'this') {
      const o = req.call.f.o;
      const again = this.ev.budgeted(() => this.ev.eval(ctx, o), 20_000);
      if (again.t === 'sdk' && again.kind === target.kind && !again.path.length && again.bound.get('model')) target = again;
    }
    const bound = target?.bound;
    const fieldKeys = (field: string): string[] => {
      const keys = (map as Record<string, unknown>)[field];
      return Array.isArray(keys) ? (keys as string[]) : [];
    };
    const cache = new Map<string, V | undefined>();
    const read = (field: string): V | undefined => {
      if (cache.has(field)) return cache.get(field);
      let v: V | undefined;
      for (const k of fieldKeys(field)) {
        v = get(k);
        if (v && v.t !== 'null') break;
        v = undefined;
      }
      if (!v && field === 'input') v = get('input');
      if (!v && map.body) {
        for (const k of map.body) {
          const b = get(k);
          const o = b ? this.ev.objOf(b.t === 'json' ? b.of : b) : null;
          if (o) {
            const names: Record<string, string[]> = { model: ['model', 'modelId'], system: ['system'], messages: ['messages'], prompt: ['prompt', 'inputText'], maxTokens: ['max_tokens', 'max_gen_len', 'maxTokenCount'] };
            for (const n of names[field] ?? []) {
              v = this.ev.prop(o, n);
              if (v) break;
            }
          }
          if (v) break;
        }
      }
      if (!v && bound) {
        v = bound.get(field);
        // An agent or chain given a model object: that object's settings.
        const model = bound.get('model');
        if (!v && model?.t === 'sdk' && field !== 'model') v = model.bound.get(field);
        // A crew bound to its agents: the first agent's model stands for the crew's (catalogue `crewai.crew`).
        if (field === 'model' && v?.t === 'arr') {
          const agent = v.items.find((x): x is VOf<'sdk'> => x.t === 'sdk');
          v = agent?.bound.get('model') ?? v;
        }
      }
      // Runner.run(agent, input) / initiate_chat(recipient, …): the agent's own settings.
      if (!v && field !== 'input') {
        const agent = get('agent') ?? get('recipient') ?? get('starting_agent');
        if (agent?.t === 'sdk') v = agent.bound.get(field);
      }
      if (!v && field === 'model' && req.target && this.configured.length) v = this.configuredValue(req.target.kind.split(':')[0], field);
      // A model in the URL: the value of its hole (`models/${MODEL}:…`), or the id written there.
      if (!v && field === 'model' && req.http?.modelHole) v = this.urlHole(ctx, req.http.modelHole.url, req.http.modelHole.around);
      if (!v && field === 'model' && req.http?.model) v = req.http.model;
      if (field === 'model' && v?.t === 'str' && req.target) v = this.aliased(req.target, v) ?? v;
      // Instructions given as a function of the run (`instructions: ({ runtimeContext }) => \`…\``): what it returns.
      if (field === 'system' && v?.t === 'fn') v = this.returnedBy(v) ?? v;
      cache.set(field, v);
      return v;
    };
    const raw = get;
    return { get: read, raw, ctx, args, kwParams: this.kwSpreadParams(ctx, req.call) };
  }

  /** What a function given as a value returns when the framework calls it (its parameters unknown). */
  private returnedBy(f: VOf<'fn'>): V | null {
    const mod = this.modules.get(f.file);
    const fn = own(mod?.fns, f.key);
    if (!mod || !fn) return null;
    return this.ev.budgeted(() => this.ev.returnValue(this.ev.runCtx(mod, fn, { pos: [], kw: new Map(), src: f.src }, f.self ?? null, null, 1), f.src), 20_000);
  }

  /** The `**name` arguments of a call whose value is a parameter of a function not called here. */
  private kwSpreadParams(ctx: Ctx, call: CallIR): VOf<'param'>[] | undefined {
    let out: VOf<'param'>[] | undefined;
    for (const a of call.a) {
      if (a.k !== 'spread' || !a.kw) continue;
      // `kwargs["stream"] = True` before the call (on a branch): the parameter with an option added is still it.
      const add = (v: V, depth: number): void => {
        if (v.t === 'param' && !this.ev.objOf(v)) {
          if (!out?.some((o) => o.owner === v.owner && o.index === v.index)) (out ??= []).push(v);
        } else if (v.t === 'obj' && depth < 4) for (const s of v.spreads) add(s, depth + 1);
        else if (v.t === 'alt' && depth < 4) for (const o of v.options.slice(0, 8)) add(o, depth + 1);
      };
      add(this.ev.eval(ctx, a.o), 0);
    }
    return out;
  }

  /** The parameters (of functions on the context chain) a request's instructions are passed through from. */
  private bareParams(view: View, top?: Ctx): { owner: string; index: number; name: string }[] {
    const out: { owner: string; index: number; name: string }[] = [];
    const add = (v: V | undefined) => this.paramsOf(v, out, 0);
    for (const f of ['system', 'messages', 'prompt', 'input']) add(view.get(f));
    // The whole request passed in: `create(params)`, `create({ ...opts, model })`.
    const params = view.args.pos[view.args.pos.length ? 0 : -1];
    if (params?.t === 'param' && !this.ev.objOf(params)) out.push({ owner: params.owner, index: params.index, name: params.name });
    // `acompletion(**kwargs)`: the request's parts come in the `**` parameter — when no part names a parameter of its
    // own (`create(messages=formatted, **model_kwargs)` takes its instructions from `messages`, not the options).
    // Only a `**` parameter named like the whole request, not one of extra options (`**model_kwargs`).
    // A `**` parameter that is all the request has, passed as one dict (`def send(config): … create(**config)`), is
    // the whole request, whatever its name.
    const only = view.kwParams?.length === 1 && view.args.pos.length === 0 && view.args.kw.size === 0;
    const wholeDict = (p: VOf<'param'>) => {
      // A parameter of the function making the request (`request_engine(config)`), not one the plumbing above it
      // threads down into a dict of options.
      if (!only || p.path.length || p.owner !== this.ev.ownerOf(view.ctx)) return false;
      const param = this.ownerFn(p.owner)?.params.find((x) => x.index === p.index && x.name === p.name);
      return !!param && !param.rest && !param.kwrest && !param.path;
    };
    if (!out.length) for (const p of view.kwParams ?? []) if (WHOLE_REQUEST_KW.test(p.name) || wholeDict(p)) out.push({ owner: p.owner, index: p.index, name: p.name });
    // Only parameters of the function holding the site (or of the functions it is nested in) make it plumbing.
    const chain = new Set<string>();
    for (let c: Ctx | null = view.ctx; c; c = c.parent) chain.add(this.ev.ownerOf(c));
    // Several layers of plumbing: the parameters of the outermost caller read so far are symbolic too.
    for (let c: Ctx | null = top ?? null; c; c = c.parent) chain.add(this.ev.ownerOf(c));
    return out.filter((o) => chain.has(o.owner));
  }

  /**
   * Whether a value passed for a parameter names a stored prompt: a key written as a name (no spaces) given for a
   * parameter named like a prompt or a template, or a function bound to one by `functools.partial`.
   */
  private namesStoredPrompt(param: string, v: V): boolean {
    // (One of several names a helper picks, `choose_prompt()` returning one stored prompt's name or another, too.)
    const key = (x: V | undefined): boolean => (x?.t === 'alt' ? x.options.length > 0 && x.options.every(key) : x?.t === 'str' && /^[A-Za-z][\w.:/-]{5,80}$/.test(x.text) && /[_.:/-]/.test(x.text));
    if (PROMPT_ATTR.test(param) && key(v)) return true;
    const bound = v.t === 'fn' || v.t === 'param' ? v.partial : undefined;
    return !!bound && [...bound.kw].some(([k, x]) => PROMPT_ATTR.test(k) && key(x));
  }

  /** The parameters of the request's own method whose text it adds to the conversation it then sends. */
  private pushedParams(req: Req): Owner[] {
    const fn = own(req.mod.fns, req.call.fn);
    if (!fn) return [];
    const attrs = stateAttrs(req.mod, req.call);
    if (!attrs.length) return [];
    const pushes = pushesBetween(req.mod, req.call.fn, attrs, fn.p[0], req.call.p[0]);
    if (!pushes.length) return [];
    const out: Owner[] = [];
    for (const x of pushes) {
      const ps = paramsIn(req.mod, fn, [x]).filter((p) => p.fn === fn.key && CARRIES_JOB.test(p.name));
      if (!ps.length) return [];
      for (const p of ps) if (!out.some((o) => o.name === p.name)) out.push({ owner: `${req.mod.file}#${fn.key}`, index: p.index, name: p.name });
    }
    return out;
  }

  /** The parameter of the calling function that the call's callee is (`f(model)` in `send_inference(f)`), if any. */
  private calleeParam(e: Edge, ctx: Ctx): Owner[] {
    if (e.call.f.k !== 'name') return [];
    const f = this.ev.eval(ctx, e.call.f);
    if (f.t !== 'param' || f.path.length || f.owner !== `${e.mod.file}#${e.call.fn}`) return [];
    return [{ owner: f.owner, index: f.index, name: f.name }];
  }

  /** The parameters a value carries as instructions (a parameter, a message's content, a template's texts). */
  private paramsOf(v0: V | undefined, out: Owner[], depth0: number): void {
    const add = (v: V | undefined, depth = depth0) => {
      if (!v || depth > 6) return;
      switch (v.t) {
        case 'param':
          if (v.path[0] !== '[]') out.push({ owner: v.owner, index: v.index, name: v.name });
          return;
        case 'str':
          if (v.params?.length && !v.text.trim()) {
            for (const o of v.params) {
              // `f"{text}"`: the one parameter it holds, by name.
              const p = v.holes.length === 1 ? this.ownerFn(o)?.params.find((x) => x.name === v.holes[0] && !x.path && !x.rest && !x.kwrest) : undefined;
              out.push(p ? { owner: o, index: p.index, name: p.name } : { owner: o, index: -1, name: '' });
            }
          }
          return;
        case 'arr':
          for (const it of v.items.slice(0, 20)) {
            if (it.t === 'spread') add(it.of, depth + 1);
            else if (it.t === 'obj' || (it.t === 'inst' && this.ev.messageObj(it))) {
              const o = this.ev.messageObj(it)!;
              add(this.ev.messageContent(o), depth + 1);
            }
            else add(it, depth + 1);
          }
          return;
        case 'obj':
          for (const s of v.spreads) if (s.t === 'param') out.push({ owner: s.owner, index: s.index, name: s.name });
          // An options object built before the call (`const options = { messages, model, … }; stream(options)`): the
          // parts that carry the job.
          for (const [k, x] of v.props) if (REQUEST_PART_KEY.test(k)) add(x, depth + 1);
          return;
        case 'spread':
          add(v.of, depth + 1);
          return;
        case 'resp':
          if (v.from) add(v.from, depth + 1);
          return;
        case 'alt':
          for (const o of v.options) add(o, depth + 1);
          return;
        case 'sdk':
          // A prompt template or agent passed in: its own texts.
          add(v.bound.get('system'), depth + 1);
          add(v.bound.get('messages'), depth + 1);
          add(v.bound.get('prompt'), depth + 1);
          return;
        default:
          return;
      }
    };
    add(v0);
  }

  /** Every static text written where the request is, in any role (an instruction sent as an assistant turn too). */
  private writtenText(view: View): number {
    const parts = this.promptParts(view, { cache: false, ttl: null, history: false }).filter((p) => !genericTurn(p));
    // (A prompt file the app ships, read here by name: instructions written, though not in the code.)
    const files = ['system', 'messages', 'prompt'].reduce((n, f) => {
      const v = view.get(f);
      return n + (v ? writtenLength(this.ev, v, 0, true) : 0);
    }, 0);
    return parts.reduce((n, p) => n + p.text.replace(/\s+/g, ' ').trim().length, 0) + this.defaultedText(view) + files;
  }

  /**
   * The instructions of a template the callers may give and that defaults to one written here (`commitTemplate ||
   * DEFAULT_COMMIT_TEMPLATE`, then mapped): the default is this function's job.
   */
  private defaultedText(view: View): number {
    return ['system', 'messages', 'prompt'].reduce((n, f) => {
      const v = view.get(f);
      return n + (v?.t === 'param' && v.fallback && v.dflt ? writtenLength(this.ev, v.dflt, 0) : 0);
    }, 0);
  }

  /** Static instruction text written where the request is (not passed in): system, templates, constants. */
  private staticText(view: View): number {
    const parts = this.promptParts(view, { cache: false, ttl: null, history: false }).filter((p) => !genericTurn(p));
    const length = (ps: PromptPart[]) => ps.reduce((n, p) => n + p.text.replace(/\s+/g, ' ').trim().length, 0);
    // (An instruction written as the assistant's turn in the function making the request, `{"role": "assistant",
    // "content": "Summarize this conversation in 700 characters or less"}`, when nothing else is written: the
    // instruction all the same. Not a turn a helper adds to a conversation it reshapes.)
    const fn = view.ctx.fn;
    const here = (p: PromptPart) => p.file === view.ctx.mod.file && !!p.span && p.span.start >= fn.p[0] && p.span.end <= fn.p[1];
    const written = length(parts.filter((p) => p.role !== 'tool_result' && p.role !== 'assistant')) || length(parts.filter((p) => p.role === 'assistant' && !p.dynamicSlots && here(p)));
    // A prompt file read into a constant (`{"role": "system", "content": PLAN_PROMPT}`) is written instructions too.
    return written + this.defaultedText(view) + ['system', 'messages', 'prompt'].reduce((n, f) => n + promptFileLength(this.ev, view.get(f), 0), 0) + this.opaquePromptLength(view);
  }

  private isCtorParam(p: VOf<'param'>): boolean {
    return isCtor(this.ownerFn(p.owner));
  }

  /**
   * A template or prompt this code reads from somewhere it cannot see (`self.strings.prompt_header`, a module loaded at
   * run time; `getSystemPrompt()` over the user's settings): instructions held here, counted as a short written prompt.
   * Only a read named like a prompt, through an attribute or a call (a bare `prompt` is a parameter or a local).
   */
  private opaquePromptLength(view: View): number {
    const seen = new Set<V>();
    const found = (v: V | undefined, depth: number): boolean => {
      if (!v || depth > 6 || seen.has(v)) return false;
      seen.add(v);
      switch (v.t) {
        case 'dyn':
        case 'resp': {
          const text = this.ev.text(v.src) ?? '';
          return text.length < 160 && opaquePromptRead(text);
        }
        case 'param': {
          // A template picked by name from a prompt library given to the constructor (`self.strings.prompt_header`).
          const last = v.path[v.path.length - 1] ?? '';
          return v.path.length > 0 && NAMED_TEMPLATE.test(last) && !GENERIC_PROMPT_FIELD.test(last) && this.isCtorParam(v);
        }
        case 'alt':
          return v.options.some((o) => found(o, depth + 1));
        case 'arr':
          return v.items.some((o) => found(o, depth + 1));
        case 'obj':
          return [...v.props.values()].some((o) => found(o, depth + 1));
        case 'sdk':
          return ['system', 'messages', 'prompt', 'template'].some((k) => found(v.bound.get(k), depth + 1));
        default:
          return false;
      }
    };
    return ['system', 'messages', 'prompt'].some((f) => found(view.get(f), 0)) ? 40 : 0;
  }

  // --- plumbing: from the request up to where the job is defined ----------------------------------------------

  private expand(req: Req): Site[] {
    const ctx0 = this.ev.abstractCtx(req.mod, req.call.fn);
    const out: Site[] = [];
    // Text written in the layers below that were found to be plumbing all the same (a format note the plumbing adds):
    // not instructions of the layers above.
    const walk = (chain: Edge[], ctx: Ctx, depth: number, prev: Owner[], below = 0) => {
      if (this.namesOtherMethod(chain)) return;
      if (out.length >= MAX_SITES || this.ev.exhausted) {
        out.push({ req, chain });
        return;
      }
      const view = this.view(req, this.requestCtx(req, chain, ctx));
      let owners = this.bareParams(view, ctx);
      // The chain the request runs is the callers', each with its own instructions: they are the jobs.
      if (!owners.length && depth === 0 && req.fromParam) owners = [req.fromParam];
      // A fixed frame whose question or instruction each caller writes (`_extract(question="What is the company's
      // name?")` from several methods): each of those callers is a job; callers passing data keep the job here.
      if (!owners.length && depth === 0) {
        const lit = this.literalInstructionCallers(view, ctx);
        if (lit) {
          const ownerName = this.fnName(lit.owner.owner);
          if (ownerName) this.plumbingNames.add(ownerName.split('.').pop()!);
          this.relevant.add(req.mod.file);
          if (lit.other.length) out.push({ req, chain });
          for (const e of lit.literal) walk([e, ...chain], this.ev.abstractCtx(e.mod, e.call.fn), depth + 1, [lit.owner], Math.max(below, this.staticText(view)));
          return;
        }
      }
      // The evaluation lost the thread (a conversation rebuilt by helpers it cannot follow): the parameters the
      // request's instructions are built from, as written.
      if (!owners.length && depth < MAX_CHAIN) owners = this.taintedOwners(req, chain, prev, view);
      // The function called is the callers' (`send_inference(f)` calling `f(model)`, each caller handing it
      // `functools.partial(self._run, prompt="…")`): the job is theirs.
      if (!owners.length && chain.length && depth < MAX_CHAIN) owners = this.calleeParam(chain[0], ctx);
      // The request sends a conversation kept on the object, to which the same method has just added its caller's
      // text (`self.messages.append(HumanMessage(content=prompt))` then `self._chat(self.messages)`).
      if (!owners.length && depth === 0) owners = this.pushedParams(req);
      // A bag of the request's options handed down (`llm_kwargs`, `generation_config`): what it holds tunes the request (its
      // model, its temperature); it does not make the callers the job's authors.
      if (owners.length && owners.every((o) => OPTIONS_PARAM.test(o.name))) owners = [];
      if (!owners.length && depth < MAX_CHAIN) {
        const jobs = this.conversationJobs(req, chain, this.staticText(view));
        if (jobs?.length) {
          out.push(...jobs);
          return;
        }
      }
      if (!owners.length || depth >= MAX_CHAIN) {
        out.push({ req, chain });
        return;
      }
      const ownerId = owners[0].owner;
      // Plumbing (its callers give the instructions): files that call it by name must be read, even when none is yet.
      // A function with instructions of its own that takes only data (`summarizeRecord(text)`) is a job whatever its
      // callers do: they are not searched for.
      // The dispatcher of a message channel whose senders are linked to its branches: the channel runs it, and its
      // callers are the channel's (every `channel.call(…)` of the app), not jobs.
      if (depth > 0 && this.bridgedDispatchers.has(ownerId) && this.writtenText(view) < 40) return;
      const ownerName = this.fnName(ownerId);
      if (ownerName && (this.staticText(view) < 40 || this.takesInstructions(ownerId))) this.plumbingNames.add(ownerName.split('.').pop()!);
      // A function calling itself again (a retry after pulling the model) re-sends the same job: not a caller. Nor is a
      // closure of its own (`def _operation(model): return model.generate_text(…)` inside `generate_text`, read as
      // reaching it again by its method's name).
      const callers = (this.callIndex.get(ownerId) ?? []).filter((e) => !chain.some((x) => x.call === e.call && x.mod === e.mod) && !this.within(e, ownerId) && this.dispatchesTo(e, chain[0]));
      if (!callers.length) {
        this.calleeless.add(ownerId);
        // Its callers may be in files not read yet that import it without calling it by name (`run(TextService
        // .generate_text, **kwargs)` hands the function to a runner): its importers are read next.
        const ownerFile = ownerId.slice(0, ownerId.indexOf('#'));
        if (this.modules.has(ownerFile)) this.relevant.add(ownerFile);
        // A pure pass-through method of an adapter whose other methods are called (the backend's `generateText` that
        // nothing uses): plumbing without a job, not a call site.
        // Likewise a method adding only a format note (`generateJson`: "Return JSON."), or a function of a module whose
        // other functions the app calls (a factory nothing uses): no job reaches it.
        // (A function posting its callers' body to the app's own route, `getAIRequestStream(data)`, passes it on too.)
        const passed = depth === 0 ? this.writtenText(view) === 0 : this.writtenText(view) < 40 && (this.takesInstructions(ownerId) || this.routePosts.has(chain[0].call));
        // …or a provider class's method taking the conversation and the model both from its callers, whose callers
        // reach it in ways not read here (an instance picked from a table at run time): plumbing, not a job.
        // …or an override of a base class's method passing its caller's request on (the base's callers reach it).
        // …or a model wrapper's `__call__` nothing in the app calls by name (`prompt | LoggedModel(llm) | parser`:
        // LangChain runs it inside the chains, which are the jobs).
        if (passed && (this.siblingCalled(ownerId) || (depth === 0 && this.fnName(ownerId)?.endsWith('.__call__')) || (depth > 0 && (this.adapterMethod(ownerId, view) || this.overridesBase(ownerId))))) return;
        // …or an entry of the app's own LangChain chain class nothing calls (`predict_and_parse` of a vendored
        // `LLMChain`): its prompt is the object's, given where each chain is made and run.
        if (depth > 0 && this.writtenText(view) === 0 && this.ownChainMethod(ownerId)) return;
        out.push({ req, chain });
        return;
      }
      // A helper closure called more than once by the function that makes it (`const call = async (prompt) =>
      // generateText({ model, system: SYSTEM_PROMPT, prompt })`, called for the first answer and for a repair round
      // that quotes it): one job, at the request, whatever each call adds.
      // (Not a helper that writes nothing of its own: `const callLLM = (prompt, model) => limiter.run(() =>
      // model.call(prompt))` passes each caller's prompt on.)
      if (depth === 0 && callers.length >= 2 && this.staticText(view) >= 40 && this.localHelperOf(ownerId, callers)) {
        out.push({ req, chain });
        return;
      }
      // Instructions written here and a bare parameter: plumbing only when the callers write instructions themselves.
      const staticHere = this.staticText(view);
      const staticLen = Math.max(staticHere - below, this.writtenAtEdge(req, chain, prev, view));
      // The conversation and the user's message come in, the instructions are fetched here (a system prompt from the
      // app's settings, a stored template): the function holds the job unless its callers write instructions.
      // …also a layer above the request that fetches them and hands them down (`let prompt = this.profile.conversing;
      // … this.chat_model.sendRequest(messages, prompt)`).
      const fetchesOwn = staticLen < 40 && !owners.some((o) => INSTRUCTION_NAME.test(o.name)) && (depth === 0 ? this.fetchesInstructions(req) : this.fetchesInstructionsAt(chain[0]));
      // A follow-up turn written here after the model's answer ("Tighten the document to 2,000 characters"): a job of
      // its own, at this request; the callers' job is the first request's.
      if (depth > 0 && staticHere >= 40 && this.writesFollowUpTurn(view, ctx)) {
        out.push({ req, chain });
        return;
      }
      // (Not the text of a chain the callers hand in: it is theirs.)
      // An agent framework's run whose agents are written here (`initiate_chat` of a group chat whose agents' system
      // messages this function writes), reached from one caller handing it the task: the run is the job.
      if (depth === 0 && req.def.agent && staticHere >= 40 && new Set(callers.map((e) => `${e.mod.file}#${e.call.fn}`)).size === 1) {
        out.push({ req, chain });
        return;
      }
      // A prompt template of the app's own whose variables the callers fill (`LLMChain(prompt=PromptTemplate(template=
      // "Translate the below content into {}:\n{content}")).run(text)`): what they pass is the template's content.
      const ownTemplate = depth === 0 && staticLen >= SHORT_INSTRUCTIONS && this.fillsOwnTemplate(view);
      // (Shorter instructions too when every caller passes data only: the callers add nothing to the job, which is the
      // same for all of them.)
      const shortOwn = ownTemplate || (depth === 0 && staticLen >= SHORT_INSTRUCTIONS && callers.every((e) => this.passesDataOnly(e)));
      if (ownTemplate || ((staticLen >= 40 || fetchesOwn || shortOwn) && !(depth === 0 && req.fromParam) && !this.callersWriteInstructions(callers, owners[0]))) {
        out.push({ req, chain });
        return;
      }
      // Only the user's message comes in (`run(userMessage, …)` of a chat runner), and no caller writes instructions
      // into it: the callers pass what the user typed, the job is the request made here.
      // Callers that write instructions into it are jobs of their own; the rest are one job, here.
      let up = callers;
      if (owners.every((o) => USER_MESSAGE_PARAM.test(o.name))) {
        up = callers.filter((e) => this.callersWriteInstructions([e], owners[0]));
        if (up.length < callers.length) out.push({ req, chain });
        if (!up.length) return;
      }
      const fnName = this.fnName(ownerId);
      if (fnName) this.plumbingNames.add(fnName.split('.').pop()!);
      const ownerMod = this.modules.get(ownerId.slice(0, ownerId.indexOf('#')));
      if (ownerMod) {
        this.relevant.add(ownerMod.file);
        this.markTypesOf(ownerMod, ownerId.slice(ownerId.indexOf('#') + 1));
      }
      for (const e of up) {
        // A caller handing on the answer of the request it just made, with the same conversation (a stream whose
        // tool call is answered and sent again): the same job, counted at that request.
        if (this.continuesAnswer(e, req, chain)) continue;
        const callerCtx = this.ev.abstractCtx(e.mod, e.call.fn);
        walk([e, ...chain], callerCtx, depth + 1, owners, Math.max(below, staticHere));
      }
    };
    walk([], ctx0, 0, []);
    // The job stayed at the request, its instructions the object's, given where it is made (`Job("rename", "Suggest
    // better names…")`, a table of such objects) and not read through the calls of its method: each instantiation
    // writing them is a job.
    // (Also when the job stayed at a method of the object calling the app's plumbing: `Preparator.__call__` handing
    // `self.system_prompt` to `handler.chat_completion`.)
    if (out.length === 1 && !out[0].at && !out[0].chain.length) return this.madeWithInstructions(req, () => this.view(req, ctx0), []) ?? out;
    return out.flatMap((site) => {
      const chain = site.chain;
      if (site.at || !chain.length) return [site];
      return this.madeWithInstructions(req, () => this.view(req, this.requestCtx(req, chain, this.ev.abstractCtx(chain[0].mod, chain[0].call.fn))), chain) ?? [site];
    });
  }

  /**
   * A request whose instructions are a field its object was made with (`self.instructions` set by `__init__` from its
   * parameter): the instantiations that write them are the jobs, each at its own line, read with the object it makes
   * (`Job("summarize", "Summarize this function…")`, `Preparator(handler, vars, system, user)`). Those passing data
   * only stay one job, at the request. With a chain, the same for the method of the site's call (`Preparator.__call__`
   * handing `self.system_prompt` to the app's plumbing). Null when the request reads no such field or no
   * instantiation writes it.
   */
  private madeWithInstructions(req: Req, view: () => View, chain: Edge[]): Site[] | null {
    // The method holding the site's call (or the one a closure holding it is nested in) and its class.
    const mod = chain.length ? chain[0].mod : req.mod;
    let fn = own(mod.fns, chain.length ? chain[0].call.fn : req.call.fn);
    while (fn && !fn.cls && fn.parent) fn = own(mod.fns, fn.parent);
    const cls = fn?.cls ? own(mod.classes, fn.cls) : undefined;
    const ctorKey = cls ? (own(cls.methods, '__init__') ?? own(cls.methods, 'constructor')) : undefined;
    if (!fn || !cls || !ctorKey || fn.key === ctorKey) return null;
    const ctorId = `${mod.file}#${ctorKey}`;
    const params: Owner[] = [];
    if (!this.instIndex.get(`${mod.file}#${fn.cls}`)?.length) return null;
    const v = view();
    for (const f of ['system', 'messages', 'prompt', 'input']) this.paramsOf(v.get(f), params, 0);
    const fields = params.filter((o) => o.owner === ctorId);
    if (!fields.length) return null;
    const made = this.instIndex.get(`${mod.file}#${fn.cls}`) ?? [];
    const writing = made.filter((e) => fields.some((o) => this.callersWriteInstructions([e], o)));
    if (!writing.length) return null;
    this.relevant.add(mod.file);
    const target = `${mod.file}#${fn.key}`;
    const out: Site[] = writing.map((e) => ({ req, chain: [{ mod: e.mod, call: e.call, target }, ...chain] }));
    if (writing.length < made.length) out.push({ req, chain });
    return out;
  }

  /**
   * The jobs written into a conversation kept on the object (`self.memory.push("user", f"…")` then `await
   * self.llm_request()`, which reads `self.memory.get()`): each method that adds its own turn and then asks is a site,
   * at the call that asks; a method adding a prompt it takes from its callers (`llm_decide(prompt)`) is plumbing, and
   * its callers are the sites when they write instructions. Null when the request does not read such a conversation.
   */
  private conversationJobs(req: Req, chain: Edge[], writtenAtRequest: number): Site[] | null {
    const top = chain.length ? chain[0] : { mod: req.mod, call: req.call };
    const attrs = stateAttrs(top.mod, top.call);
    if (!attrs.length) return null;
    // A property of the object read instead of the list itself (`self.messages_dicts` over `self.messages`): the
    // attributes it returns are the conversation too.
    const method = enclosingMethod(top.mod, top.call.fn);
    if (method?.fn.cls) {
      for (const a of [...attrs]) {
        const m = this.ev.findMethod(top.mod.file, method.fn.cls, a);
        const mfn = m ? own(this.modules.get(m.file)?.fns, m.key) : undefined;
        if (m && mfn && !mfn.params.length) for (const r of attrsReturned(this.modules.get(m.file)!, mfn)) if (!attrs.includes(r)) attrs.push(r);
      }
    }
    // The methods that ask without taking a prompt: the one reading the conversation back, those calling it or
    // handing it to a thread (`run_in_executor(self.executor, self.sync_llm_request)`).
    const asking = new Set<string>();
    const edges: Edge[] = [];
    // The calls from each asking method down to the request: a site's chain, so its model is read as its caller
    // passes it (`convo.ask(…, model="gpt-4o")`).
    const paths = new Map<string, Edge[]>([[`${top.mod.file}#${top.call.fn}`, chain]]);
    const pathOf = (e: Edge): Edge[] => [e, ...(paths.get(e.target) ?? [])];
    let frontier: { mod: ModuleIR; key: string }[] = [{ mod: top.mod, key: top.call.fn }];
    for (let round = 0; round < 4 && frontier.length; round++) {
      const next: { mod: ModuleIR; key: string }[] = [];
      for (const { mod, key } of frontier) {
        const id = `${mod.file}#${key}`;
        if (asking.has(id)) continue;
        asking.add(id);
        const fn = own(mod.fns, key);
        const name = fn?.name?.split('.').pop();
        // A closure in one of the object's methods (`def attempt():` that the method calls, retried by a
        // decorator) asks for that method: its calls there are the edges.
        const closure = !!fn && !fn.cls && !!enclosingMethod(mod, key);
        if (!fn || (!fn.cls && !closure) || !name) continue;
        if (!closure) this.plumbingNames.add(name);
        this.relevant.add(mod.file);
        const found = [...(this.callIndex.get(id) ?? []), ...selfMethodPassed(mod, name).map((call) => ({ mod, call, target: id }))];
        for (const e of found.slice(0, 80)) {
          const caller = own(e.mod.fns, e.call.fn);
          if (!caller?.cls || e.call.fn === key) continue;
          edges.push(e);
          const pushes = pushesBetween(e.mod, e.call.fn, attrs, caller.p[0], e.call.p[0]);
          if (!pushes.length && !caller.params.some((p) => CARRIES_JOB.test(p.name))) {
            const callerId = `${e.mod.file}#${e.call.fn}`;
            if (!paths.has(callerId)) paths.set(callerId, pathOf(e));
            next.push({ mod: e.mod, key: e.call.fn });
          }
        }
      }
      frontier = next;
    }
    const out: Site[] = [];
    const seen = new Set<CallIR>();
    for (const e of edges) {
      if (seen.has(e.call) || asking.has(`${e.mod.file}#${e.call.fn}`)) continue;
      seen.add(e.call);
      const caller = own(e.mod.fns, e.call.fn)!;
      // What the method adds since it last asked (the turns of an earlier request are that request's).
      const before = edges.filter((x) => x.mod === e.mod && x.call.fn === e.call.fn && x.call.p[1] <= e.call.p[0]).reduce((n, x) => Math.max(n, x.call.p[1]), caller.p[0]);
      const pushes = pushesBetween(e.mod, e.call.fn, attrs, before, e.call.p[0]);
      if (!pushes.length) continue;
      const ctx = this.ev.abstractCtx(e.mod, e.call.fn);
      // A prompt taken from the callers as it is (`self.memory.push("user", prompt)` in `make_plan(prompt)`,
      // `self.messages.append(Message(role="user", content=content))`; an assistant prefill the callers may add after
      // it does not change whose job it is): plumbing when its callers write the job.
      const paramOf = (x: Expr) => (x.k === 'name' ? caller.params.find((p) => p.name === x.n && !p.path) : undefined);
      const passed = pushes.every((x) => paramOf(x)) ? paramOf(pushes[0]) : undefined;
      // Its callers may write the job: the files calling it are read in the next round.
      if (passed && caller.name) this.plumbingNames.add(caller.name.split('.').pop()!);
      const callers = passed ? (this.callIndex.get(`${e.mod.file}#${e.call.fn}`) ?? []).filter((x) => x.call.fn !== e.call.fn) : [];
      const isSelfCall = (x: Edge) => x.call.f.k === 'get' && x.call.f.o.k === 'this';
      // An object holding instructions of its own (`self.memory = Memory(self.load_prompt(path))`): called from
      // outside with a request (`agent.process(prompt)`), the method is the object's job.
      const ownsInstructions = !!caller.cls && this.ownsInstructions(e.mod, caller.cls, attrs);
      // Which callers write the job: the object's own methods when they write instructions; from outside, a caller
      // that made the object with instructions (`convo = Conversation.with_system(TRIAGE)` then `convo.ask(ticket)`)
      // or writes them in its argument (the object only carries the conversation).
      let jobs: Edge[] = [];
      if (passed && callers.every(isSelfCall)) jobs = this.callersWriteInstructions(callers, passed) ? callers : [];
      else if (passed && !ownsInstructions) jobs = callers.filter((x) => (isSelfCall(x) ? this.callersWriteInstructions([x], passed) || !!this.writtenConvo(x, attrs) : this.receiverWritten(x)));
      // A function of the app's that makes the object from its own parameters and asks it (`call_llm(system, user)`:
      // `ChatGPT.from_system(system).ask(user)`, or `continue_calls(chat, **kwargs)`) is plumbing too: its callers
      // that write instructions are the jobs.
      const upper: Edge[][] = [];
      if (passed) {
        for (const x of ownsInstructions ? [] : callers) {
          if (jobs.includes(x) || isSelfCall(x) || !this.fromParams(x)) continue;
          const xid = `${x.mod.file}#${x.call.fn}`;
          const ups = (this.callIndex.get(xid) ?? []).filter((u) => u.call.fn !== x.call.fn).slice(0, 40);
          const writing = ups.filter((u) => this.writesIntoCall(u));
          if (!writing.length) continue;
          const name = this.fnName(xid);
          if (name) this.plumbingNames.add(name.split('.').pop()!);
          for (const u of writing) upper.push([u, x]);
          jobs.push(x);
        }
      }
      for (const [u, x] of upper) {
        if (seen.has(u.call)) continue;
        seen.add(u.call);
        const args = this.ev.args(this.ev.abstractCtx(u.mod, u.call.fn), u.call);
        // The texts it passes: positional ones, and keywords named like a prompt (not `model="…"`, `stop=[…]`).
        const all = [...args.pos, ...[...args.kw].filter(([k]) => PROMPT_KEYWORD.test(k)).map(([, v]) => v)];
        const texts = all.filter((v) => v.t !== 'inst' && writtenLength(this.ev, v, 0) > 0);
        const convo = all.filter((v): v is VOf<'inst'> => v.t === 'inst').map((v) => this.ctorTurns(v)).find((v) => v) ?? null;
        out.push({ req, chain: [u, x, ...pathOf(e)], at: { mod: u.mod, call: u.call, target: u.target, texts, convo } });
      }
      if (passed && jobs.length) {
        // Some callers write their jobs into it: the object only carries conversations, and each other caller's
        // request is its own job too (a chat endpoint passing what the user typed), at its call.
        if (!ownsInstructions) for (const c of callers) if (!jobs.includes(c)) jobs.push(c);
        for (const c of jobs.slice(0, 40)) {
          if (seen.has(c.call) || upper.some(([, x]) => x === c)) continue;
          seen.add(c.call);
          const args = this.ev.args(this.ev.abstractCtx(c.mod, c.call.fn), c.call);
          const v = args.kw.get(passed.name) ?? args.pos[passed.index];
          out.push({ req, chain: [c, ...pathOf(e)], at: { mod: c.mod, call: c.call, target: c.target, texts: v ? [v] : [], convo: this.writtenConvo(c, attrs) } });
        }
        // Callers passing what the user typed into an object holding its own instructions: the method's job.
        if (jobs.length === callers.length) continue;
      }
      const texts = pushes.map((x) => this.ev.eval(ctx, x));
      // A method that only records what happened (`self.failed_messages.append(error.base_message)`) before asking
      // writes no instructions: the request's own, written where it is made, are the job.
      if (writtenAtRequest >= 40 && texts.every((v) => writtenLength(this.ev, v, 0) === 0)) continue;
      out.push({ req, chain: pathOf(e), at: { mod: e.mod, call: e.call, target: e.target, texts } });
    }
    return out;
  }

  /**
   * The parameters a request's instructions are made from, read from the code as written (see taint.ts): at the
   * request when nothing is written there, or at a caller that passes its own parameters on without writing any
   * instructions itself. Only parameters named like a conversation or its instructions count.
   */
  private taintedOwners(req: Req, chain: Edge[], prev: Owner[], view: View): Owner[] {
    const at = this.sourcesAt(req, chain, prev, view);
    if (!at) return [];
    // (`content` only when a caller hands it a prompt by name: it is as often a page's or a document's text.)
    const carries = (p: (typeof at.params)[number]) =>
      (at.precise || CARRIES_JOB.test(p.name) || p.read?.some((r) => CARRIES_JOB.test(r)) || (p.name === 'content' && this.callersPassPrompt(`${at.mod.file}#${p.fn}`, p.index, p.name))) && !TUNING_ARG.test(p.name);
    // Not a key the conversation is kept under, taken for the job by its name only (`self.conversations[chat_id]` reads
    // the job's history; `chat_id` is no part of it)… unless it is named for the conversation it picks
    // (`send_message(message, conversation_id)`): then the parameters beside it carry the text.
    let found = at.params.filter((p) => carries(p) && (at.precise || !ID_PARAM.test(p.name)));
    if (!found.length && at.params.some((p) => carries(p) && ID_PARAM.test(p.name) && /conversation|history|messages|thread/i.test(p.name))) {
      found = at.params.filter((p) => !ID_PARAM.test(p.name) && !TUNING_ARG.test(p.name) && !/^(stream|streaming|verbose|debug)$/.test(p.name));
    }
    found.sort((a, b) => Number(INSTRUCTION_PARAM.test(b.name)) - Number(INSTRUCTION_PARAM.test(a.name)));
    return found.map((p) => ({ owner: `${at.mod.file}#${p.fn}`, index: p.index, name: p.name }));
  }

  /** How much instruction text the top caller of a chain writes into what it passes down (not its helpers' text). */
  private writtenAtEdge(req: Req, chain: Edge[], prev: Owner[], view: View): number {
    return chain.length ? (this.sourcesAt(req, chain, prev, view)?.written ?? 0) : 0;
  }

  private sourcesAt(req: Req, chain: Edge[], prev: Owner[], view: View): { mod: ModuleIR; params: ReturnType<typeof paramsIn>; written: number; precise?: boolean } | null {
    let mod: ModuleIR;
    let fnKey: string;
    let exprs: Expr[] = [];
    // Not the arguments that tune the request, nor its bookkeeping (telemetry, cost tracking, logging metadata: a
    // `description` written there is not an instruction to the model).
    const passes = (k: string) => !TUNING_ARG.test(k) && !BOOKKEEPING_ARG.test(k);
    const notTuning = (c: CallIR): Expr[] => [
      ...c.a.flatMap((a) => (a.k === 'obj' ? a.props.filter(([k]) => passes(k)).map(([, v]) => v).concat(a.spreads) : [a])),
      ...Object.entries(c.kw ?? {})
        .filter(([k]) => passes(k))
        .map(([, v]) => v),
    ];
    let strict = false;
    let byName = false;
    if (!chain.length) {
      // Instructions written at the request: only a parameter named as the conversation or its instructions
      // (`messages` reshaped by a helper, the plumbing adding a format note) can still make it plumbing.
      strict = this.writtenText(view) >= 40;
      mod = req.mod;
      fnKey = req.call.fn;
      exprs = notTuning(req.call);
    } else {
      const e = chain[0];
      mod = e.mod;
      fnKey = e.call.fn;
      const target = this.ownerFn(e.target);
      let named = true;
      for (const o of prev) {
        if (o.owner !== e.target || !o.name) continue;
        // A rest parameter handed on whole (`_generate(...args)` over `_generate_unlocked(access, model, request)`):
        // every argument from its place on.
        if (target?.params.some((p) => p.name === o.name && p.rest) && o.index >= 0 && !e.call.a.slice(0, o.index).some((a) => a.k === 'spread')) {
          exprs.push(...e.call.a.slice(o.index).filter((a) => a.k !== 'fn'));
          continue;
        }
        const x = own(e.call.kw ?? {}, o.name) ?? (o.index >= 0 && !e.call.a.slice(0, o.index).some((a) => a.k === 'spread') ? e.call.a[o.index] : undefined);
        // The name of a stored prompt the layers below fetch (`prompt="code_contests_prompts_reflect"`, given straight
        // or bound by `functools.partial`): the caller picks the job's instructions.
        if (x && this.namesStoredPrompt(o.name, this.ev.eval(this.ev.abstractCtx(mod, fnKey), x))) return { mod, params: [], written: 40 };
        // An options object: its parts but the bookkeeping and tuning ones.
        if (x?.k === 'obj') {
          exprs.push(...x.props.filter(([k]) => passes(k)).map(([, v]) => v), ...x.spreads);
          named = false;
        } else if (x) {
          exprs.push(x);
          if (x.k !== 'name') named = false;
        }
      }
      // The parameters below that carry the job, each handed on as a bare name (`args=(text, …)` with `text` a loop
      // variable over the prompts given).
      byName = named && exprs.length > 0;
      if (!exprs.length) exprs = notTuning(e.call);
    }
    const fn = own(mod.fns, fnKey);
    if (!fn || !exprs.length) return null;
    const leaves: Expr[] = [];
    let params = paramsIn(mod, fn, exprs, leaves, chain.length ? chain[0].call.p[0] : req.call.p[0]);
    // (A text parameter, `prompt` or `content`, only when a caller hands it a prompt by name: `OUTLINE_PROMPT.format(…)`,
    // not a page's text.)
    if (strict) params = params.filter((p) => /^(messages|msgs|conversation|history|system_?prompt|instructions)$/i.test(p.name) || (/^((?:user_?)?prompt|prompt_?text|content)$/i.test(p.name) && this.callersPassPrompt(`${mod.file}#${p.fn}`, p.index, p.name)));
    let written = 0;
    if (!chain.length) {
      // The function calls a prompt builder of the app (`getTitleGenerationPrompt()`, whose text may come from the
      // user's settings): it holds the job's instructions, whatever data its callers pass.
      for (const x of leaves.slice(0, 40)) {
        if (x.k !== 'str' || !x.v.includes('(…)')) continue;
        written += writtenLength(this.ev, { t: 'str', text: x.v, slots: 0, holes: [], src: { file: mod.file, s: x.p[0], e: x.p[1] } }, 0);
        if (written >= 40) return { mod, params: [], written };
      }
    }
    if (chain.length) {
      // The caller writes instructions of its own (a prompt constant, a template it fills), not only a helper it calls
      // does: it is the site.
      const ctx = this.ev.abstractCtx(mod, fnKey);
      for (const x of leaves.slice(0, 40)) {
        // A word alone (`"image/png"`, `"image.png"` handed to a helper beside the messages) is not an instruction;
        // a prompt builder's call (`build_chapter_prompt(…)`, as the taint leaves it) is.
        if (x.k === 'str' && !x.v.includes('(…)') && !/\S\s+\S/.test(x.v)) continue;
        written += writtenLength(this.ev, x.k === 'str' ? { t: 'str', text: x.v, slots: 0, holes: [], src: { file: mod.file, s: x.p[0], e: x.p[1] } } : this.ev.eval(ctx, x), 0);
        if (written >= 40) return { mod, params: [], written };
      }
      // What the caller passes, worked out in the caller alone (the helpers below may lose what it holds): its own
      // parameters in it make it plumbing; a conversation it builds without them makes it the site.
      // A tuning parameter handed on (`temperature`) says nothing of where the job is written.
      const tuning = (v: V) => v.t === 'param' && TUNING_ARG.test(v.name);
      const vals = exprs.map((x) => this.ev.eval(ctx, x)).filter((v) => !tuning(v));
      // A prompt file the caller renders its arguments into (`Template(PROMPT).render(prompt=prompt)`, `PROMPT` read
      // from `prompt.jinja2`): its instructions.
      for (const v of vals) written += promptFileLength(this.ev, v, 0);
      if (written >= 40) return { mod, params: [], written };
      const out: Owner[] = [];
      for (const v of vals) this.paramsOf(v, out, 0);
      // Its own parameters, or those of the function it is a closure of (`async def _runner(): await
      // provider.chat_stream_with_retry(messages=request_messages)` inside `stream(prompt, system_prompt)`).
      const scopes = new Set<string>();
      for (let k: string | null | undefined = fnKey, i = 0; k && k !== TOP && i < 6; k = own(mod.fns, k)?.parent, i++) scopes.add(`${mod.file}#${k}`);
      const mine = out.filter((o) => scopes.has(o.owner) && !TUNING_ARG.test(o.name));
      if (mine.length) {
        const seen = new Set<string>();
        const params = mine.filter((o) => !seen.has(o.owner + o.name) && !!seen.add(o.owner + o.name)).map((o) => ({ fn: o.owner.slice(o.owner.indexOf('#') + 1), name: o.name, index: o.index }));
        return { mod, params, written, precise: true };
      }
      // …unless what it builds writes nothing of its own and is made of its parameters that carry a job, read from the
      // code where the evaluator loses them (`compile_prompt_to_md(system_message) if system_message else None`).
      const builtFromParams = written === 0 && params.some((p) => CARRIES_JOB.test(p.name)) && vals.reduce((n, v) => n + writtenLength(this.ev, v, 0), 0) < 40;
      if (!vals.every((v) => v.t === 'dyn' || v.t === 'resp') && !builtFromParams) return { mod, params: [], written };
      // What those names are made of, read from the code (a loop over a parameter): it carries the job as they do.
      // (Texts only: `for page in pages: agent.run(page["content"])` hands data to instructions written elsewhere.)
      const texts = byName ? params.filter((p) => CARRIES_JOB.test(p.name) || /text/i.test(p.name)) : [];
      if (texts.length) return { mod, params: texts, written, precise: true };
    }
    return { mod, params, written };
  }

  /** Whether the request's function fetches the instructions it sends itself (see stored.ts). */
  private fetchesInstructions(req: Req): boolean {
    const fn = own(req.mod.fns, req.call.fn);
    if (!fn) return false;
    const exprs = [...req.call.a, ...Object.values(req.call.kw ?? {})];
    return readsStoredInstructions(req.mod, fn, exprs, req.call.p[0]);
  }

  /**
   * A call written in a module's `if __name__ == "__main__":` block when the module defines classes: the module trying
   * its own client out (`chatgpt = ChatGPTAPI(config); chatgpt.send_new_message("Hello")`), not a job of the app. So
   * is a helper module trying its own plumbing that other modules call (`ask_gpt("test respond …")` under the helper).
   */
  private selfTrial(c: ScannedCall): boolean {
    const mod = this.modules.get(c.file);
    if (!mod?.mainBlocks?.length || !mod.mainBlocks.some(([s, e]) => c.span.start >= s && c.span.start < e)) return false;
    if (Object.keys(mod.classes).length) return true;
    const helper = c.wrapper?.file === c.file ? Object.values(mod.fns).find((f) => f?.name === c.wrapper?.name.split('.').pop() && f.parent === TOP) : undefined;
    return !!helper && (this.callIndex.get(`${mod.file}#${helper.key}`) ?? []).some((e) => e.mod !== mod);
  }

  /** Whether the function making a call fetches the instructions it passes down (see `fetchesInstructions`). */
  private fetchesInstructionsAt(e: Edge): boolean {
    const fn = own(e.mod.fns, e.call.fn);
    return !!fn && readsStoredInstructions(e.mod, fn, [...e.call.a, ...Object.values(e.call.kw ?? {})], e.call.p[0]);
  }

  /** Whether a function takes a job's instructions as a parameter (`system`, `prompt`, `messages` …). */
  private takesInstructions(fnId: string): boolean {
    const at = fnId.indexOf('#');
    const fn = own(this.modules.get(fnId.slice(0, at))?.fns, fnId.slice(at + 1));
    return !!fn && fn.params.some((p) => INSTRUCTION_PARAM.test(p.name));
  }

  /** Whether another method of the class (or function of the module) a function belongs to is called from elsewhere. */
  /**
   * A method of a class with a base or an interface (or a function kept on an object), whose request's model is one of
   * its own parameters: it takes the model and the instructions from callers.
   */
  private adapterMethod(fnId: string, view: View): boolean {
    const { fn, cls } = this.methodOf(fnId);
    // A class's method needs a base or an interface (a provider class); a function, to be a property of an object
    // (a port's implementation in a composition root).
    if (!fn || (cls ? !cls.bases.length && !cls.impl.length : fn.kind !== 'arrow' && fn.kind !== 'method')) return false;
    const owners: Owner[] = [];
    const m = view.get('model');
    this.paramsOf(m?.t === 'sdk' ? m.bound.get('model') : m, owners, 0);
    if (m?.t === 'param') owners.push({ owner: m.owner, index: m.index, name: m.name });
    return owners.some((o) => o.owner === fnId);
  }

  /** A method whose class's base (the app's own) has a method of the same name. */
  private overridesBase(fnId: string): boolean {
    const { file, fn, cls } = this.methodOf(fnId);
    const name = fn?.name?.split('.').pop();
    const base = cls && name ? this.ev.baseOf(file, cls.key) : null;
    return !!base && !!this.ev.findMethod(base.file, base.key, name!);
  }

  /** A function by id, with its class when it is a method. */
  private methodOf(fnId: string): { file: string; fn: FnIR | undefined; cls: ClassIR | undefined } {
    const file = fnId.slice(0, fnId.indexOf('#'));
    const fn = this.ownerFn(fnId);
    return { file, fn, cls: fn?.cls ? own(this.modules.get(file)?.classes, fn.cls) : undefined };
  }

  /** Whether a call is written in the function `fnId` or in a function nested in it. */
  private within(e: Edge, fnId: string): boolean {
    const at = fnId.indexOf('#');
    if (e.mod.file !== fnId.slice(0, at)) return false;
    const key = fnId.slice(at + 1);
    for (let k: string | null | undefined = e.call.fn, i = 0; k && i < 8; k = own(e.mod.fns, k)?.parent, i++) if (k === key) return true;
    return false;
  }

  /**
   * Whether a caller of a function hands the parameter a prompt by name (`OUTLINE_PROMPT.format(idea=idea)`,
   * `self.table_prompt.replace(…)`, a local `prompt`), or writes one there (40 characters or more).
   */
  private callersPassPrompt(fnId: string, index: number, name: string): boolean {
    const named = (mod: ModuleIR, x: Expr | undefined, depth = 0): boolean => {
      if (!x || depth > 4) return false;
      if (x.k === 'str') return x.v.replace(/\s+/g, ' ').trim().length >= 40;
      if (x.k === 'name' || x.k === 'get') return INSTRUCTION_NAME.test(x.n);
      if (x.k === 'tpl') return x.parts.some((p) => typeof p !== 'string' && named(mod, p, depth + 1));
      // `PROMPT.format(…)`, `template.replace(…)`: what it is called on.
      const c = x.k === 'call' ? mod.calls[x.id] : undefined;
      return !!c && c.f.k === 'get' && named(mod, c.f.o, depth + 1);
    };
    return (this.callIndex.get(fnId) ?? []).slice(0, 20).some((e) => {
      const x = own(e.call.kw ?? {}, name) ?? (index >= 0 && !e.call.a.slice(0, index).some((a) => a.k === 'spread') ? e.call.a[index] : undefined);
      return named(e.mod, x);
    });
  }

  /** Python: a call of an object of class `cls` (or of one of its subclasses) reaches the subclasses' `__call__`. */
  private callSubclasses(mod: ModuleIR, call: CallIR, file: string, cls: string): void {
    if (this.ev.lang(mod) !== 'py') return;
    for (const x of this.ev.subclassMethods(file, cls, '__call__').slice(0, 12)) this.addEdge(this.callIndex, `${x.file}#${x.key}`, { mod, call, target: `${x.file}#${x.key}` });
  }

  /** Whether a class named like `cls` but for another provider has a method `method` called from outside its class. */
  private providerTwinCalled(file: string, clsName: string, method: string): boolean {
    for (const mod of this.modules.values()) {
      for (const other of Object.values(mod.classes)) {
        if (!other || (mod.file === file && other.name === clsName) || !providerNamedAlike([clsName, other.name])) continue;
        const k = own(other.methods, method);
        if (k && (this.callIndex.get(`${mod.file}#${k}`) ?? []).some((e) => e.mod !== mod || own(mod.fns, e.call.fn)?.cls !== other.key)) return true;
      }
    }
    return false;
  }

  private siblingCalled(fnId: string): boolean {
    const at = fnId.indexOf('#');
    const mod = this.modules.get(fnId.slice(0, at));
    const fn = own(mod?.fns, fnId.slice(at + 1));
    const cls = mod && fn?.cls ? own(mod.classes, fn.cls) : undefined;
    if (!mod || !fn) return false;
    if (!cls) {
      // A function of a module (or a closure in one): another module-level function of the module called from
      // elsewhere, while this one's own module-level function is not.
      let outer = fn;
      for (let i = 0; outer.parent && outer.parent !== TOP && i < 16; i++) {
        const up = own(mod.fns, outer.parent);
        if (!up) break;
        outer = up;
      }
      if (outer.cls) return false;
      const fromOutside = (k: string) => (this.callIndex.get(`${mod.file}#${k}`) ?? []).some((e) => e.mod !== mod);
      if (fromOutside(outer.key)) return false;
      return Object.values(mod.fns).some((f) => !!f && f.key !== outer.key && f.kind !== 'top' && (!f.parent || f.parent === TOP) && !f.cls && fromOutside(f.key));
    }
    // Called from outside the class: a helper its own methods call does not count.
    const outside = (e: Edge) => e.mod !== mod || own(mod.fns, e.call.fn)?.cls !== cls.key;
    if (Object.values(cls.methods).some((k) => k && `${mod.file}#${k}` !== fnId && (this.callIndex.get(`${mod.file}#${k}`) ?? []).some(outside))) return true;
    // One provider's class beside another's of the same name but the provider (`OllamaService.generateText` and
    // `OpenAIService.generateText`, a factory picking one by configuration): callers of the other's method reach this
    // one in another deployment.
    const method = fn.name?.split('.').pop();
    if (method && PROVIDER_NAMED.test(cls.name) && this.providerTwinCalled(mod.file, cls.name, method)) return true;
    // A backend of a base class of the app's own whose other methods are called (`generator.start(history)` of the
    // base, which runs the backend's `generate` on a thread): the same.
    const ctx = this.ev.abstractCtx(mod, cls.parent ?? TOP);
    for (const b of cls.bases.slice(0, 4)) {
      const base = this.ev.eval(ctx, b);
      if (base.t !== 'cls') continue;
      const bcls = own(this.modules.get(base.file)?.classes, base.key);
      if (!bcls) continue;
      const name = fn.name?.split('.').pop();
      if (Object.entries(bcls.methods).some(([n, k]) => k && n !== name && (this.callIndex.get(`${base.file}#${k}`) ?? []).some((e) => own(e.mod.fns, e.call.fn)?.cls !== base.key))) return true;
    }
    return false;
  }

  /**
   * The interfaces and base classes of the class a function belongs to: callers typed with them (`provider:
   * ChatProvider`) import those files, not the implementations, so their importers must be read too.
   */
  private markTypesOf(mod: ModuleIR, fnKey: string): void {
    const fn = own(mod.fns, fnKey);
    // A closure returned by a factory typed with a callable protocol (`def for_key(…) -> CompletionHandler`): the
    // protocol's file, whose users hold the closure.
    for (let f = fn, i = 0; f && i < 8; f = f.parent ? own(mod.fns, f.parent) : undefined, i++) {
      if (f.ret) {
        const file = this.typeFile(mod, f.parent ?? TOP, f.ret);
        if (file && file !== mod.file) this.relevant.add(file);
      }
    }
    const cls = fn?.cls ? own(mod.classes, fn.cls) : undefined;
    if (!cls || !fn) return;
    // Only a base or an interface that declares the method: callers typed with it reach this implementation. A base
    // of every service of the app (`Disposable`) would make every file of the app a candidate.
    const method = fn.name?.split('.').pop() ?? '';
    const ctx = this.ev.abstractCtx(mod, cls.parent ?? TOP);
    const src = { file: mod.file, s: cls.p[0], e: cls.p[0] };
    for (const name of cls.impl) {
      const parts = name.split('.');
      let v = this.ev.name(ctx, parts[0], Number.MAX_SAFE_INTEGER, src);
      for (const p of parts.slice(1)) v = this.ev.member(v, p, src);
      if (v.t === 'iface' && this.declares(v.file, v.name, method)) this.relevant.add(v.file);
      else if (v.t === 'cls' && this.hasMethod(v.file, v.key, method)) this.relevant.add(v.file);
    }
    const base = this.ev.baseOf(mod.file, cls.key);
    if (base && this.hasMethod(base.file, base.key, method)) this.relevant.add(base.file);
  }

  /** The class's chain of bases ends in a class outside the workspace (a framework's component). */
  private externalBase(file: string, key: string): boolean {
    for (let cur: { file: string; key: string } | null = { file, key }, i = 0; cur && i < 8; i++) {
      const cls = own(this.modules.get(cur.file)?.classes, cur.key);
      if (!cls) return false;
      const next = this.ev.baseOf(cur.file, cur.key);
      if (!next) return cls.bases.length > 0;
      cur = next;
    }
    return false;
  }

  /** A class has the method, or declares it abstract (without a body). */
  private hasMethod(file: string, key: string, method: string): boolean {
    const cls = own(this.modules.get(file)?.classes, key);
    return !!this.ev.findMethod(file, key, method) || (!!cls && own(cls.methods, method) !== undefined);
  }

  /** An interface (or what it extends, a few levels) declares the method. Unknown shapes count as declaring it. */
  private declares(file: string, name: string, method: string, depth = 0): boolean {
    const decl = own(this.modules.get(file)?.types, name);
    if (!decl || depth > 3) return true;
    if (decl.methods.includes(method) || (decl.props && method in decl.props)) return true;
    return decl.ext.some((e) => this.declares(file, e.split('.').pop() ?? e, method, depth + 1));
  }

  /** The workspace file that declares a type annotation's class or interface, or null. */
  private typeFile(mod: ModuleIR, fnKey: string, t: TypeIR, depth = 0): string | null {
    if (depth > 3) return null;
    if (t.k === 'union') {
      for (const u of t.ts) {
        const f = this.typeFile(mod, fnKey, u, depth + 1);
        if (f) return f;
      }
      return null;
    }
    if (t.k !== 'ref') return null;
    if (/^(Optional|Awaitable|Coroutine|Promise|list|List|Sequence|dict|Dict)$/.test(t.n) && t.args?.length) return this.typeFile(mod, fnKey, t.args[t.args.length - 1], depth + 1);
    const parts = t.n.split('.');
    const src = { file: mod.file, s: 0, e: 0 };
    let v = this.ev.name(this.ev.abstractCtx(mod, fnKey), parts[0], Number.MAX_SAFE_INTEGER, src);
    for (const p of parts.slice(1)) v = this.ev.member(v, p, src);
    return v.t === 'iface' || v.t === 'cls' ? v.file : null;
  }

  /**
   * Files that hold the app's LLM layer in a typed attribute (`class Container: FAST: CompletionHandler`, a module's
   * `services: Container`) are part of the layer too: code reaches the model through them.
   */
  private propagateByAnnotations(): void {
    for (let round = 0; round < 4; round++) {
      let grew = false;
      for (const mod of this.modules.values()) {
        if (mod.ignored || this.relevant.has(mod.file)) continue;
        const types: { fn: string; t: TypeIR }[] = [];
        for (const cls of Object.values(mod.classes)) for (const list of Object.values(cls.fields)) for (const f of list) if (f.type) types.push({ fn: cls.parent ?? TOP, t: f.type });
        for (const list of Object.values(mod.fns[TOP]?.locals ?? {})) for (const a of list) if (a.type) types.push({ fn: TOP, t: a.type });
        for (const x of types.slice(0, 200)) {
          const file = this.typeFile(mod, x.fn, x.t);
          if (file && file !== mod.file && this.relevant.has(file)) {
            this.relevant.add(mod.file);
            grew = true;
            break;
          }
        }
      }
      if (!grew) break;
    }
  }

  /**
   * A base class's method reaching the request through `this.process(…)` overridden by one subclass (a template
   * method: `BasePipelineStage.execute` calls `this.process`): a caller on an instance of another subclass
   * (`this.stages.messagePreparation.execute(…)`) runs that subclass's `process`, not the one that asks the model.
   */
  private dispatchesTo(e: Edge, below: Edge | undefined): boolean {
    if (!below || below.call.f.k !== 'get' || below.call.f.o.k !== 'this') return true;
    const name = below.call.f.n;
    // (The method itself, not a call the edge was rewritten from: `self._run_with_backup("_raw_gen", …)`.)
    if (this.fnName(below.target)?.split('.').pop() !== name) return true;
    const f = this.ev.budgeted(() => this.ev.eval(this.ev.abstractCtx(e.mod, e.call.fn), e.call.f), 5_000);
    const selves = f.t === 'fn' ? [f.self] : f.t === 'alt' ? f.options.map((o) => (o.t === 'fn' ? o.self : undefined)) : [];
    if (!selves.length || selves.some((x) => x?.t !== 'inst')) return true;
    // An instance known by a base of the overriding class (`adapter: BaseAdapter`) may be that subclass.
    const { file, fn } = this.methodOf(below.target);
    const derives = (f: string, key: string): boolean => {
      for (let c = fn?.cls ? { file, key: fn.cls } : null, i = 0; c && i < 10; c = this.ev.baseOf(c.file, c.key), i++) if (c.file === f && c.key === key) return true;
      return false;
    };
    return selves.some((x) => {
      if (x?.t !== 'inst') return true;
      const m = this.ev.findMethod(x.file, x.cls, name);
      return !m || `${m.file}#${m.key}` === below.target || derives(x.file, x.cls);
    });
  }

  private fnName(owner: string): string | null {
    const i = owner.indexOf('#');
    const mod = this.modules.get(owner.slice(0, i));
    return own(mod?.fns, owner.slice(i + 1))?.name ?? null;
  }

  /**
   * The callers of the function holding a request that each write its question or instruction into a hole of the
   * prompt (a parameter whose name the prompt's holes read, given as a literal sentence of 4 words or more, different
   * from one caller to the next): null unless two callers at least write different ones.
   */
  private readonly keyConstants = new Map<string, ModelRef | null>();

  /**
   * The model a configuration key names (`context["OPENAI_MODEL"]`, `cfg.get("LLM_MODEL")`, `settings.CHAT_MODEL`) when
   * the workspace has one module-level constant of that name resolving to one model (`OPENAI_MODEL =
   * os.environ.get("OPENAI_MODEL", "gpt-4o-mini")`): the value a middleware or a settings loader copies there.
   */
  private modelConstantOfKey(expression: string): ModelRef | null {
    const key = /(?:\[\s*['"]|\.get\(\s*['"]|\.|^)([A-Z][A-Z0-9_]*)['"]?\s*(?:\]|\)|,[^)]*\))?\s*$/.exec(expression.trim())?.[1];
    if (!key || !/(MODEL|LLM)/.test(key)) return null;
    const kept = this.keyConstants.get(key);
    if (kept !== undefined) return kept;
    const found = new Map<string, ModelRef>();
    for (const mod of this.modules.values()) {
      const assigns = own(mod.fns[TOP]?.locals, key);
      if (!assigns || assigns.length !== 1) continue;
      const v = this.ev.eval(this.ev.abstractCtx(mod, TOP), assigns[0].e);
      const m = this.render.model(v, mod.file, () => null).ref;
      if (m.resolved) found.set(m.resolved, { ...m, note: [m.note, `the workspace's ${key} (${mod.file})`].filter(Boolean).join('; '), declaredAt: m.declaredAt ?? { file: mod.file, line: this.render.line(mod.file, assigns[0].at).line, span: null } });
    }
    const out = found.size === 1 ? [...found.values()][0] : null;
    this.keyConstants.set(key, out);
    return out;
  }

  /**
   * The call passes a name holding the answer of the same request (made directly, or through the plumbing this chain
   * goes through) made before it in the same function, with the conversation that request was given.
   */
  private continuesAnswer(e: Edge, req: Req, chain: Edge[]): boolean {
    const answering = (c: CallIR): boolean => c === req.call || chain.some((x) => (this.callIndex.get(x.target) ?? []).some((y) => y.call === c)) || (this.callIndex.get(`${req.mod.file}#${req.call.fn}`) ?? []).some((y) => y.call === c);
    const names = (c: CallIR) => [...c.a, ...Object.values(c.kw ?? {})].flatMap((a) => (a.k === 'name' ? [a.n] : []));
    const passed = names(e.call);
    for (const n of passed) {
      for (const c of e.mod.calls) {
        if (c.fn !== e.call.fn || c.rv !== n || c.p[1] > e.call.p[0] || c === e.call || !answering(c)) continue;
        if (passed.some((m) => m !== n && names(c).includes(m))) return true;
      }
    }
    return false;
  }

  /** Whether a function is a closure (not a method) whose callers are all in the function that defines it. */
  private localHelperOf(fnId: string, callers: Edge[]): boolean {
    const { file, fn } = this.methodOf(fnId);
    const mod = this.modules.get(file);
    const parent = fn?.parent;
    if (!mod || !fn || fn.cls || !parent || parent === TOP || !(fn.kind === 'arrow' || fn.kind === 'function' || fn.kind === 'lambda')) return false;
    return callers.every((e) => e.mod === mod && nestedIn(mod, e.call.fn, parent));
  }

  /** The API routes the app's completion hooks post to (`useCompletion({ api: "/api/ai/completion" })`). */
  private completionRoutes(sites: Site[]): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const s of sites) {
      if (s.req.def.api !== 'useCompletion.complete') continue;
      const params = s.req.target?.bound.get('params');
      const o = params ? this.ev.objOf(params) : null;
      const api = o ? this.ev.prop(o, 'api') : undefined;
      const path = api?.t === 'str' && api.slots === 0 ? api.text : api ? null : '/api/completion';
      if (!path) continue;
      const key = path.replace(/\/+$/, '');
      const at = `${s.req.mod.file}:${this.render.line(s.req.mod.file, s.req.call.at).line}`;
      const set = out.get(key);
      if (set) set.add(at);
      else out.set(key, new Set([at]));
    }
    return out;
  }

  /** The request's conversation has a user turn written in the function read, with instructions, after an assistant turn. */
  private writesFollowUpTurn(view: View, ctx: Ctx): boolean {
    const parts = this.promptParts(view, { cache: false, ttl: null, history: false });
    const from = this.render.line(ctx.mod.file, ctx.fn.p[0]).line;
    const to = this.render.line(ctx.mod.file, ctx.fn.p[1]).line;
    let answered = false;
    for (const p of parts) {
      if (p.role === 'assistant') answered = true;
      else if (answered && p.role === 'user' && p.file === ctx.mod.file && p.line >= from && p.line <= to && p.text.replace(/\s+/g, ' ').trim().length >= 40) return true;
    }
    return false;
  }

  private literalInstructionCallers(view: View, ctx: Ctx): { owner: Owner; literal: Edge[]; other: Edge[] } | null {
    const ownerId = this.ev.ownerOf(ctx);
    const params = ctx.fn.params.filter((p) => !p.rest && !p.kwrest && !p.path && p.name !== 'self');
    if (!params.length) return null;
    const callers = (this.callIndex.get(ownerId) ?? []).filter((e) => `${e.mod.file}#${e.call.fn}` !== ownerId);
    if (callers.length < 2) return null;
    // A frame writes text of its own around the question; a request made only of its parameters
    // (`system_prompt + prompt`) is plumbing whatever its callers pass.
    if (this.staticText(view) < 20) return null;
    const parts = this.promptParts(view, { cache: false, ttl: null, history: false });
    const read = new Set<string>();
    for (const p of parts) {
      for (const m of p.text.matchAll(/\{(\w+)\}/g)) read.add(m[1]);
      for (const h of p.holes ?? []) for (const m of h.matchAll(/[A-Za-z_$][\w$]*/g)) read.add(m[0]);
    }
    for (const p of params) {
      if (!read.has(p.name)) continue;
      const literal: Edge[] = [];
      const other: Edge[] = [];
      const texts = new Set<string>();
      for (const e of callers.slice(0, 40)) {
        const args = this.ev.args(this.ev.abstractCtx(e.mod, e.call.fn), e.call);
        const v = args.kw.get(p.name) ?? args.pos[p.index];
        const text = v?.t === 'str' && v.slots === 0 ? v.text.replace(/\s+/g, ' ').trim() : '';
        // A question or an instruction, not data (a UI message handed to `translate(text=…)`).
        if (text.split(' ').length >= 4 && (QUESTION_PARAM.test(p.name) || /\?\s*$/.test(text) || IMPERATIVE.test(text))) {
          literal.push(e);
          texts.add(text);
        } else other.push(e);
      }
      if (texts.size >= 2) return { owner: { owner: ownerId, index: p.index, name: p.name }, literal, other };
    }
    return null;
  }

  /**
   * A call on an object (`convo.ask(…)`) whose receiver the caller made with instructions of its own written in
   * (`Conversation(turns=[Turn(role="system", content=TAG_SYSTEM)])`, `Conversation.with_system(TRIAGE)`), or that
   * writes them in its argument.
   */
  private receiverWritten(e: Edge): boolean {
    if (e.call.f.k !== 'get' || e.call.f.o.k === 'this') return false;
    if (this.writtenConvo(e, [])) return true;
    const args = this.ev.args(this.ev.abstractCtx(e.mod, e.call.fn), e.call);
    return [...args.pos, ...args.kw.values()].some((v) => writtenLength(this.ev, v, 0) >= 40);
  }

  /**
   * The conversation a caller wrote into the object it asks: the receiver made with turns of its own
   * (`Conversation(turns=[Turn(role="system", content=TAG_SYSTEM)])`), or for a call on `self` the turns the calling
   * method assigns to one of the conversation's attributes (`self.messages = [Message(role="system", …)]`).
   */
  private writtenConvo(e: Edge, attrs: readonly string[]): V | null {
    const f = e.call.f;
    if (f.k !== 'get') return null;
    const ctx = this.ev.abstractCtx(e.mod, e.call.fn);
    if (f.o.k === 'this') {
      const fn = own(e.mod.fns, e.call.fn);
      const cls = fn?.cls ? own(e.mod.classes, fn.cls) : undefined;
      if (!cls) return null;
      for (const a of attrs) {
        const set = (own(cls.fields, a) ?? []).filter((x) => x.fn === e.call.fn && x.e && x.at < e.call.p[0]).pop();
        const v = set?.e ? this.ev.eval(ctx, set.e) : null;
        if (v && turnsText(v, 0) >= 40) return v;
      }
      return null;
    }
    const recv = this.ev.eval(ctx, f.o);
    for (const o of recv.t === 'alt' ? recv.options : [recv]) {
      const turns = o.t === 'inst' ? this.ctorTurns(o) : null;
      if (turns) return turns;
    }
    return null;
  }

  /**
   * The class (or a base) sets one of the conversation's attributes to instructions of its own: a written text, a
   * prompt read from a file (`self.memory = Memory(self.load_prompt(path))`).
   */
  private ownsInstructions(mod: ModuleIR, clsKey: string, attrs: readonly string[]): boolean {
    const key = `${mod.file}#${clsKey}#${attrs.join(',')}`;
    let r = this.ownsCache.get(key);
    if (r === undefined) this.ownsCache.set(key, (r = this.ownsInstructionsUncached(mod, clsKey, attrs)));
    return r;
  }

  private readonly ownsCache = new Map<string, boolean>();

  private ownsInstructionsUncached(mod: ModuleIR, clsKey: string, attrs: readonly string[]): boolean {
    let cur: { file: string; key: string } | null = { file: mod.file, key: clsKey };
    for (let i = 0; cur && i < 6; i++) {
      const m = this.modules.get(cur.file);
      const cls = own(m?.classes, cur.key);
      if (!m || !cls) return false;
      for (const a of attrs) {
        for (const f of (own(cls.fields, a) ?? []).slice(0, 6)) {
          // Set in a method (the constructor): a class-level default (`messages = [Message(role="system", …)]`) is
          // what callers replace.
          if (!f.e || own(m.fns, f.fn)?.cls !== cur.key) continue;
          const v = this.ev.eval(this.ev.abstractCtx(m, f.fn), f.e);
          const parts = v.t === 'inst' && v.ctor ? [...v.ctor.pos, ...v.ctor.kw.values()] : [v];
          // A prompt handed to the object when it is made (`Memory(self.load_prompt(prompt_path))`) counts too.
          if (parts.some((x) => x.t === 'file' || (x.t === 'param' && INSTRUCTION_NAME.test(x.name)) || writtenLength(this.ev, x, 0) >= 40 || turnsText(x, 0) >= 40)) return true;
        }
      }
      cur = this.ev.baseOf(cur.file, cur.key);
    }
    return false;
  }

  /** The turns an object was made with (`ChatGPT(messages=[Message(role="system", content=…)])`), when written. */
  private ctorTurns(o: VOf<'inst'>): V | null {
    if (!o.ctor) return null;
    return [...o.ctor.kw.values(), ...o.ctor.pos].find((x) => (x.t === 'arr' || x.t === 'str') && turnsText(x, 0) >= 40) ?? null;
  }

  /** A call on an object its function takes as a parameter, or with an argument it takes as one (`**kwargs`). */
  private fromParams(x: Edge): boolean {
    const fn = own(x.mod.fns, x.call.fn);
    if (!fn?.params.length || x.call.f.k !== 'get') return false;
    const ctx = this.ev.abstractCtx(x.mod, x.call.fn);
    const recv = this.ev.eval(ctx, x.call.f.o);
    // Made from its parameters: `ChatGPT.from_system(system)` → `cls(messages=[Message(content=system)])`.
    const madeFrom = (v: V, depth: number): boolean =>
      v.t === 'param' || (depth < 3 && ((v.t === 'inst' && !!v.ctor && [...v.ctor.pos, ...v.ctor.kw.values()].some((x) => madeFrom(x, depth + 1))) || (v.t === 'arr' && v.items.some((x) => madeFrom(x, depth + 1)))));
    if (madeFrom(recv, 0)) return true;
    return [...x.call.a, ...Object.values(x.call.kw ?? {})].some((a) => (a.k === 'spread' && a.o.k === 'name' && fn.params.some((p) => p.name === (a.o as { n: string }).n)) || (a.k === 'name' && fn.params.some((p) => p.name === (a as { n: string }).n)));
  }

  /** A call whose arguments write instructions (a long text, a conversation, an object made with one). */
  /** A request running a prompt template written in the app (a LangChain chain's): its arguments fill the template. */
  private fillsOwnTemplate(view: View): boolean {
    return ['prompt', 'system', 'messages'].some((f) => {
      const v = view.get(f);
      return v?.t === 'sdk' && v.kind === 'lc.prompt' && writtenLength(this.ev, v, 0) >= SHORT_INSTRUCTIONS;
    });
  }

  /** The most text a call's arguments write (an object made with turns of its own: unbounded). */
  private writtenInCall(u: Edge): number {
    const args = this.ev.args(this.ev.abstractCtx(u.mod, u.call.fn), u.call);
    return Math.max(0, ...[...args.pos, ...args.kw.values()].map((v) => (v.t === 'inst' && this.ctorTurns(v) ? Infinity : writtenLength(this.ev, v, 0))));
  }

  /** A call whose arguments write (almost) nothing: data, names, a few separators. */
  private passesDataOnly(u: Edge): boolean {
    return this.writtenInCall(u) < 10;
  }

  private writesIntoCall(u: Edge): boolean {
    return this.writtenInCall(u) >= 40;
  }

  /** An instance of a class that writes a prompt or template of its own as an attribute (≥ 40 characters). */
  private promptObject(v: VOf<'inst'>): boolean {
    const cls = own(this.modules.get(v.file)?.classes, v.cls);
    if (!cls) return false;
    for (const name of Object.keys(cls.fields)) {
      if (!PROMPT_ATTR.test(name)) continue;
      const f = this.ev.member(v, name, v.src);
      if (f.t === 'str' && f.text.replace(/\s+/g, ' ').trim().length >= 40) return true;
      if (f.t === 'file' && isPromptFile(f)) return true;
    }
    return false;
  }

  private callersWriteInstructions(callers: Edge[], p: { index: number; name: string }, depth = 0): boolean {
    for (const e of callers.slice(0, 20)) {
      const ctx = this.ev.abstractCtx(e.mod, e.call.fn);
      const args = this.ev.args(ctx, e.call);
      const v = p.index >= 0 ? (args.kw.get(p.name) ?? args.pos[p.index]) : args.pos.find((x) => x.t === 'str');
      const o = v ? this.ev.objOf(v) : null;
      const texts: V[] = v?.t === 'str' ? [v] : o ? [...o.props.values()].filter((x) => x.t === 'str') : [];
      if (texts.some((t) => t.t === 'str' && t.text.replace(/\s+/g, ' ').trim().length >= 40)) return true;
      // A prompt file the caller names (`chat, system = load_prompt("facts.yaml")`): its instructions, in that file.
      if (v?.t === 'file' && v.path.t === 'str' && !v.path.slots) return true;
      // A prompt the caller reads from the app's settings by a section of its own (`get_settings().help_prompts.system`).
      const x = p.index >= 0 ? (own(e.call.kw ?? {}, p.name) ?? e.call.a[p.index]) : undefined;
      if (v && x && (v.t === 'dyn' || v.t === 'resp' || v.t === 'pkg') && SETTINGS_PROMPT.test(e.mod.text.slice(x.p[0], Math.min(x.p[1], x.p[0] + 200)))) return true;
      // A prompt object the caller makes (`run_prompt_rail(InitialFileSelect(issue=…))`, whose class writes its
      // `prompt_template`): the instructions come with it.
      if (v?.t === 'inst' && this.promptObject(v)) return true;
      // A conversation written by the caller (`[Message("system", "You name conversations…"), …]`).
      if (v && (v.t === 'arr' || v.t === 'alt') && (writtenLength(this.ev, v, 0) >= 40 || turnsText(v, 0) >= 40)) return true;
      // A dispatcher passing its own parameter on (`chat_claude(messages, …)` in `_complete(messages, model)`): what
      // its callers write.
      if (v?.t === 'param' && !v.path.length && depth < 3) {
        // …or writes them as its parameter's default (`def step(self, q, sys_prompt: str = QUOTE_PROMPT)`).
        if (v.dflt?.t === 'str' && v.dflt.text.replace(/\s+/g, ' ').trim().length >= 40) return true;
        const up = (this.callIndex.get(v.owner) ?? []).filter((x) => x.call !== e.call);
        if (up.length && this.callersWriteInstructions(up, { index: v.index, name: v.name }, depth + 1)) return true;
      }
    }
    return false;
  }

  /**
   * The context a request is read in for a chain of callers: the top caller's function on its own, then each
   * callee run with the arguments its caller passes (closures and `this` as the callee value carries them).
   */
  private requestCtx(req: Req, chain: Edge[], top: Ctx): Ctx {
    if (!chain.length) return this.ev.abstractCtx(req.mod, req.call.fn);
    let ctx = top;
    for (const e of chain) {
      const f = this.ev.eval(ctx, e.call.f);
      const options = f.t === 'alt' ? f.options : [f];
      // An instantiation reaching a method of the object it makes (`madeWithInstructions`): that method, on that object.
      const at = e.target.indexOf('#');
      const targetMod = this.modules.get(e.target.slice(0, at));
      const targetFn = own(targetMod?.fns, e.target.slice(at + 1));
      const made = options.find((o): o is VOf<'cls'> => o.t === 'cls' && o.file === targetMod?.file && o.key === targetFn?.cls);
      if (made && targetMod && targetFn) {
        const self = this.ev.apply(ctx, e.call, made, { file: e.mod.file, s: e.call.p[0], e: e.call.p[1] });
        ctx = this.ev.runCtx(targetMod, targetFn, null, self.t === 'inst' ? self : null, null, 1);
        continue;
      }
      const fv = options.find((o): o is VOf<'fn'> => o.t === 'fn' && `${o.file}#${o.key}` === e.target) ?? options.find((o): o is VOf<'inst'> => o.t === 'inst');
      const i = e.target.indexOf('#');
      const mod = this.modules.get(e.target.slice(0, i));
      const fn = own(mod?.fns, e.target.slice(i + 1));
      if (!mod || !fn) return this.ev.abstractCtx(req.mod, req.call.fn);
      let args = this.ev.args(ctx, e.call);
      // `functools.partial(self._run, prompt="…")` of a function the callers give: its bound arguments all the same.
      const bound = fv?.t === 'fn' ? fv.partial : options.find((o): o is VOf<'param'> => o.t === 'param' && !!o.partial)?.partial;
      if (bound) args = { pos: [...bound.pos, ...args.pos], kw: new Map([...bound.kw, ...args.kw]), src: args.src };
      ctx = this.ev.runCtx(mod, fn, args, fv?.t === 'fn' ? (fv.self ?? null) : fv?.t === 'inst' ? fv : null, fv?.t === 'fn' && fv.env ? (fv.env as Ctx) : null, 1);
    }
    // The request sits in the last callee, or in a function nested in it (a closure the callee defines).
    if (ctx.fn.key === req.call.fn && ctx.mod === req.mod) return ctx;
    return this.nestedCtx(req.mod, req.call.fn, ctx);
  }

  private nestedCtx(mod: ModuleIR, fnKey: string, ancestor: Ctx): Ctx {
    const fn = own(mod.fns, fnKey);
    if (!fn) return ancestor;
    if (fn.key === ancestor.fn.key && mod === ancestor.mod) return ancestor;
    const parent = fn.parent ? this.nestedCtx(mod, fn.parent, ancestor) : null;
    return this.ev.runCtx(mod, fn, null, null, parent, 1);
  }

  /** What a class's instantiations pass for a constructor parameter, when they all pass the same. */
  private ctorArgument(file: string, cls: string, param: VOf<'param'>): V | null {
    const edges = this.instIndex.get(`${file}#${cls}`) ?? [];
    const found: V[] = [];
    for (const e of edges.slice(0, 8)) {
      const args = this.ev.args(this.ev.abstractCtx(e.mod, e.call.fn), e.call);
      let v = args.kw.get(param.name) ?? args.pos[param.index];
      for (const k of param.path) if (v) v = this.ev.member(v, k, v.src);
      // A parameter of the function that builds the object, with a default there (`def main(model=typer.Option("gpt-4o"))`).
      // (The default of the parameter itself, not of a member read from it: `options.model` of `options = {}`.)
      if (v?.t === 'param' && (!v.path.length || v.fallback) && v.dflt && (v.dflt.t === 'str' || v.dflt.t === 'env' || v.dflt.t === 'num')) v = v.dflt;
      if (v && v.t !== 'dyn' && v.t !== 'param') found.push(v);
    }
    if (!found.length) return null;
    // Instantiations with instructions of their own (`new Runner(client, "You plan a trip…")`, `new Runner(client, "You
    // answer billing questions…")`): not one value — the object takes its job from whoever makes it.
    const texts = new Set(found.filter((v): v is VOf<'str'> => v.t === 'str' && v.text.trim().length >= 20).map((v) => v.text));
    if (texts.size >= 2) return null;
    // Several instantiations (a real client, a fake, a recorder): the SDK object where one passes it.
    return found.find((v) => v.t === 'sdk') ?? found[0];
  }

  /** Whether a function is a method of a class extending LangChain's `Chain` (the app's own chain class). */
  private ownChainMethod(fnId: string): boolean {
    const fn = this.ownerFn(fnId);
    return !!fn?.cls && this.ev.extendsLangChainChain(fnId.slice(0, fnId.indexOf('#')), fn.cls);
  }

  /** The calls that construct the class whose constructor `fnId` is (`DebateGraph(CONFIG)` for `__init__`). */
  private instantiationsOf(fnId: string): Edge[] {
    const fn = this.ownerFn(fnId);
    if (!fn || !isCtor(fn)) return [];
    return this.instIndex.get(`${fnId.slice(0, fnId.indexOf('#'))}#${fn.cls}`) ?? [];
  }

  /** The value every caller of a function passes for a parameter (a model chosen by the callers). */
  /**
   * A value read where the request's client was built, before the run (`withStructuredOutput(args.schema)`), is a
   * parameter of the plumbing: in a run with its caller's arguments, the caller's value (its schema).
   */
  private argOfRun(v: V | undefined, ctx: Ctx): V | undefined {
    if (v?.t !== 'param') return v;
    for (let c: Ctx | null = ctx; c; c = c.parent) {
      if (!c.args || this.ev.ownerOf(c) !== v.owner) continue;
      let x: V | undefined = c.args.kw.get(v.name) ?? c.args.pos[v.index];
      for (const k of v.path) if (x) x = this.ev.member(x, k, x.src);
      return x && x.t !== 'dyn' && x.t !== 'null' ? x : v;
    }
    return v;
  }

  private paramByCallers(p: VOf<'param'>): V | null {
    const values = this.passedFor(p, 12, true).filter((v) => v.t !== 'dyn' && v.t !== 'null');
    if (!values.length) return null;
    const texts = new Set(values.map((v) => (v.t === 'str' ? v.text : `${v.t}`)));
    return texts.size === 1 ? values[0] : this.ev.alt(values, values[0].src);
  }

  /**
   * What the first `limit` callers pass for a parameter (the path into it applied); `orMade`: a constructor's, what the
   * instantiations pass when no call reaches it.
   */
  private passedFor(p: VOf<'param'>, limit: number, orMade: boolean): V[] {
    const edges = this.callIndex.get(p.owner) ?? (orMade ? this.instantiationsOf(p.owner) : []);
    const out: V[] = [];
    for (const e of edges.slice(0, limit)) {
      const args = this.ev.args(this.ev.abstractCtx(e.mod, e.call.fn), e.call);
      let v = args.kw.get(p.name) ?? args.pos[p.index];
      for (const k of p.path) if (v) v = this.ev.member(v, k, v.src);
      if (v) out.push(v);
    }
    return out;
  }

  // --- building the ScannedCalls ------------------------------------------------------------------------------

  private build(sites: Site[]): ScannedCall[] {
    // One job per site call: a plumbing function with one request per provider (a switch) gives one site.
    const bySite = new Map<string, { site: Site; call: ScannedCall }[]>();
    /** By site call (file and offset): the function it is written in. */
    const siteFn = new Map<string, string>();
    // Functions some request of which passes its callers' conversation on (their callers are the jobs): another
    // branch of theirs that reshapes it in a way not followed (`messages.filter(…).map(toAnthropic)`) and writes
    // nothing of its own is the same plumbing, not a job.
    // (Not the request itself: a chat runner's request is a job and its callers writing instructions are jobs too.)
    const passedOn = sites.filter((s) => s.chain.length);
    const plumbing = new Set(passedOn.map((s) => `${s.req.mod.file}#${s.req.call.fn}`));
    const passedReqs = new Set(passedOn.map((s) => s.req.call));
    for (const s of sites) {
      let built: ScannedCall | null = null;
      try {
        built = this.ev.budgeted(() => this.buildOne(s), undefined, (s.chain.length ? s.chain[0].mod : s.req.mod).file);
      } catch (e) {
        const at = s.at ?? (s.chain.length ? s.chain[0] : { mod: s.req.mod, call: s.req.call });
        this.skipped.push({ file: at.mod.file, reason: `call at line ${this.render.line(at.mod.file, at.call.at).line} could not be read: ${(e as Error).message}` });
      }
      if (!built) continue;
      if (!s.chain.length && !s.at && !passedReqs.has(s.req.call) && writtenChars(built) < 40 && plumbing.has(`${s.req.mod.file}#${s.req.call.fn}`)) continue;
      const key = `${built.file}\0${built.span.start}`;
      const siteAt = s.chain.length ? s.chain[0] : { mod: s.req.mod, call: s.req.call };
      siteFn.set(key, `${siteAt.mod.file}#${siteAt.call.fn}`);
      const list = bySite.get(key);
      if (list) list.push({ site: s, call: built });
      else bySite.set(key, [{ site: s, call: built }]);
    }
    const out: ScannedCall[] = [];
    for (const list of bySite.values()) {
      if (list.length === 1) {
        out.push(list[0].call);
        continue;
      }
      /** Whom a branch's request goes to. */
      const to = (x: { call: ScannedCall }) => x.call.provider ?? x.call.wrapper?.innerSdk ?? x.call.sdk;
      const providers = new Set(list.map(to));
      const models = new Set(list.map((x) => x.call.model.resolved));
      // The branch whose prompt reads best stands for the job (helpers of one provider may hide what another shows).
      const written = (c: ScannedCall) => c.prompt.reduce((n, p) => n + p.text.trim().length, 0);
      const first = list.reduce((a, b) => (written(b.call) > written(a.call) ? b : a)).call;
      if (!this.sameSiteDispatch(list)) {
        // One plumbing function with a request per provider (a switch): the one whose provider matches the model passed here.
        const match = list.find((x) => x.call.model.resolved && modelFamily(x.call.model.resolved) === to(x));
        if (match || providers.size === 1 || models.size > 1) {
          // Branches on whether the caller gives a schema (`schema ? generateObject(…) : generateText(…)`): the one
          // whose schema this caller's arguments fill.
          const same = (x: { call: ScannedCall }) => !match || to(x) === to(match);
          const withSchema = list.find((x) => same(x) && x.call.outputSchema);
          out.push((withSchema ?? match ?? list[0]).call);
          continue;
        }
      }
      // Implementations of an interface picked at run time, all given the same model by the caller: that model, on
      // the provider it belongs to when one of them is (`gpt-4o-mini` goes to the OpenAI backend).
      const only = models.size === 1 ? [...models][0] : null;
      if (only && providers.size > 1) {
        const fam = modelFamily(only) ?? providerFromModelId(only);
        const match = list.find((x) => to(x) === fam);
        out.push(match ? { ...match.call, prompt: first.prompt } : { ...first, provider: 'configurable' });
        continue;
      }
      // Implementations of an interface picked at run time: one job, on a provider the code does not fix.
      if (providers.size > 1 || models.size > 1) {
        let options = list.map((x) => `${x.call.model.resolved ?? 'an unresolved model'} (${x.call.wrapper?.name ?? x.call.enclosingFunction})`);
        // One plumbing function reaching every provider (a table of backends): the providers tell the options apart.
        if (new Set(options).size === 1) options = list.map((x) => `${x.call.model.resolved ?? 'an unresolved model'} on ${to(x)}`);
        out.push({
          ...first,
          model: { expression: '', resolved: null, source: 'unresolved', span: null, note: `chosen at run time: one of ${[...new Set(options)].join(', ')}` },
          provider: providers.size > 1 ? 'configurable' : first.provider,
        });
      } else out.push(first);
    }
    // A connection check (`ping`, "Reply only 'ok'") is not a job; nor is making an image, a video or speech, nor
    // re-attaching to a generation already running.
    for (let i = out.length - 1; i >= 0; i--) if (isProbe(out[i]) || isMediaJob(out[i]) || isReattach(out[i]) || this.selfTrial(out[i])) out.splice(i, 1);
    this.oneOfAlternatives(out, (c) => siteFn.get(`${c.file}\0${c.span.start}`));
    dropStreamingTwins(out);
    dropProviderBranches(out);
    dropContinuations(out);
    dropFormatRepairs(out, (file) => this.modules.get(file)?.text ?? '');
    // The route a completion hook posts its prompts to passes them on: the components' calls are the jobs.
    // Their model is the hook's, else the route's default.
    const hookRoutes = this.completionRoutes(sites);
    if (hookRoutes.size) {
      const routeModel = new Map<string, ScannedCall['model']>();
      for (let i = out.length - 1; i >= 0; i--) {
        const route = routeOf(out[i].file);
        if (route === null || !hookRoutes.has(route) || writtenChars(out[i]) >= 40) continue;
        if (out[i].model.resolved) routeModel.set(route, out[i].model);
        out.splice(i, 1);
      }
      for (const [route, hooks] of hookRoutes) {
        const m = routeModel.get(route);
        if (m) for (const c of out) if (!c.model.resolved && hooks.has(`${c.file}:${c.callee.line}`)) c.model = { ...m, span: null, note: [m.note, `the default of ${route}`].filter(Boolean).join('; ') };
      }
    }
    out.sort((a, b) => (a.file === b.file ? a.span.start - b.span.start : a.file < b.file ? -1 : 1));
    // What each site call passes, as written, besides its model and budget: a retry passes the same.
    const passed = new Map<string, string>();
    for (const list of bySite.values()) {
      const at = list[0].site.at ?? (list[0].site.chain.length ? list[0].site.chain[0] : { mod: list[0].site.req.mod, call: list[0].site.req.call });
      passed.set(`${list[0].call.file}\0${list[0].call.span.start}`, this.passedText(at.mod, at.call));
    }
    return sameJobOnce(
      out,
      (c) => passed.get(`${c.file}\0${c.span.start}`) ?? `${c.span.start}`,
      (file) => this.modules.get(file)?.text ?? '',
    );
  }

  /**
   * Implementations of one method that a call picks among at run time, each writing its own request (an OpenAI, an
   * Azure and an Ollama service's `analyzeDocument` behind `AIServiceFactory.getService()`): one job, not one per
   * provider — one of them runs in a deployment. They are told from different jobs one call reaches (a table of agents,
   * each with its own instructions) by their classes, named for a provider, or by their instructions, which are the
   * same. The implementation on a hosted provider's own API stands for the job (its model is the one priced), else the
   * first; its model's note names the others.
   */
  private oneOfAlternatives(out: ScannedCall[], fnOf: (c: ScannedCall) => string | undefined): void {
    this.providerImplementations(out.map(fnOf));
    const groups = new Map<Set<string>, number[]>();
    out.forEach((c, i) => {
      const fn = fnOf(c);
      const g = fn ? this.alternatives.get(fn) : undefined;
      if (g) groups.set(g, [...(groups.get(g) ?? []), i]);
    });
    const drop = new Set<number>();
    const written = (c: ScannedCall) =>
      c.prompt
        .map((p) => p.text.replace(/\s+/g, ' ').trim())
        .filter(Boolean)
        .join('\n');
    for (const idx of groups.values()) {
      const fns = idx.map((i) => fnOf(out[i])!);
      // One request per method (a method with two requests is more than one of a set of alternatives).
      if (idx.length < 2 || new Set(fns).size !== idx.length) continue;
      const named = providerNamedAlike(
        fns.map((id) => {
          const { file, cls } = this.methodOf(id);
          return cls?.name ?? file.slice(file.lastIndexOf('/') + 1);
        }),
      );
      const calls = idx.map((i) => out[i]);
      if (!named && (new Set(calls.map(written)).size !== 1 || !written(calls[0]))) continue;
      // The hosted provider's own implementation (`OpenAIService` on OpenAI), else one on a hosted provider, else the first.
      const score = (c: ScannedCall): number => {
        const provider = (c.provider ?? '').replace(/[^a-z]/g, '');
        if (!HOSTED_PROVIDER.test(c.provider ?? '')) return 0;
        const name = (c.className ?? c.file.slice(c.file.lastIndexOf('/') + 1)).toLowerCase().replace(/[^a-z]/g, '');
        if (!provider || !name.includes(provider)) return 1;
        // `OpenAIService`, not `CustomOpenAIService` or `AzureOpenAIService` (the same SDK elsewhere).
        return PROVIDER_NAMED.test(name.replace(provider, '')) ? 2 : 3;
      };
      const keep = idx.reduce((a, b) => (score(out[b]) > score(out[a]) ? b : a));
      const others = idx.filter((i) => i !== keep).map((i) => `${out[i].model.resolved ?? 'an unresolved model'} (${out[i].enclosingFunction})`);
      const k = out[keep];
      out[keep] = { ...k, model: { ...k.model, note: [k.model.note, `one of ${idx.length} implementations picked at run time; the others: ${others.join(', ')}`].filter(Boolean).join('; ') } };
      for (const i of idx) if (i !== keep) drop.add(i);
    }
    for (let i = out.length - 1; i >= 0; i--) if (drop.has(i)) out.splice(i, 1);
  }

  /**
   * Classes named for a provider that implement one interface (at least two methods of the same names) and each make
   * the request of a method of that interface (`OpenAIService.analyzeDocument`, `OllamaService.analyzeDocument`):
   * alternatives even when no call that picks one was read (the factory's callers are not read for a method that
   * writes its own instructions).
   */
  private providerImplementations(fns: (string | undefined)[]): void {
    const byMethod = new Map<string, { id: string; cls: string; methods: Set<string> }[]>();
    for (const id of new Set(fns)) {
      if (!id || this.alternatives.has(id)) continue;
      const { fn, cls } = this.methodOf(id);
      if (!fn || !cls || !providerNamedAlike([cls.name])) continue;
      const method = Object.entries(cls.methods).find(([, key]) => key === fn.key)?.[0];
      if (!method || isCtor(fn)) continue;
      byMethod.set(method, [...(byMethod.get(method) ?? []), { id, cls: cls.name, methods: new Set(Object.keys(cls.methods)) }]);
    }
    for (const list of byMethod.values()) {
      if (list.length < 2 || list.length > 12) continue;
      const shared = [...list[0].methods].filter((m) => list.every((x) => x.methods.has(m)));
      if (shared.length < 2 || !providerNamedAlike(list.map((x) => x.cls))) continue;
      const group = new Set(list.map((x) => x.id));
      for (const id of group) this.alternatives.set(id, group);
    }
  }

  /** The arguments of a call as written, without those that only tune it (model, token limit, temperature …). */
  private passedText(mod: ModuleIR, call: CallIR): string {
    const text = (e: Expr) => mod.text.slice(e.p[0], e.p[1]).replace(/\s+/g, '');
    const kw = Object.entries(call.kw ?? {})
      .filter(([k]) => !TUNING_ARG.test(k))
      .map(([k, e]) => `${k}=${text(e)}`)
      .sort();
    const pos = call.a.map((e) => {
      if (e.k !== 'obj') return text(e);
      // `{ model, messages, max_tokens }`: its properties but the tuning ones.
      const o = e as Extract<Expr, { k: 'obj' }>;
      return `{${o.props.filter(([k]) => !TUNING_ARG.test(k)).map(([k, v]) => `${k}:${text(v)}`).join(',')}}`;
    });
    return [...pos, ...kw].join('|');
  }

  private promptParts(view: View, flags: Flags): PromptPart[] {
    const parts: PromptPart[] = [];
    const r = this.render;
    r.templateInput = view.get('input') ?? null;
    const system = view.get('system');
    if (system) {
      if (system.t === 'arr' && system.items.every((x) => x.t === 'sdk')) for (const s of system.items) r.sdkParts(s as VOf<'sdk'>, parts, flags, 0);
      else r.textParts(system, 'system', parts, flags);
    }
    const prompt = view.get('prompt');
    if (prompt) {
      const o = this.ev.objOf(prompt);
      if (o && !this.ev.prop(o, 'text') && !this.ev.prop(o, 'content')) parts.push(r.dynamicPart('user', prompt, 'prompt template variables'));
      else r.textParts(prompt, prompt.t === 'str' && view.get('system') === undefined ? 'prompt' : 'prompt', parts, flags);
    }
    const messages = view.get('messages');
    if (messages) r.messageParts(messages, parts, flags, 'user');
    const input = view.get('input');
    const templated = parts.some((p) => /\{\w+\}/.test(p.text));
    if (input && input !== messages && input !== prompt) {
      const o = this.ev.objOf(input);
      if (o && input.t === 'obj' && templated) {
        // The variables fill the template's placeholders (counted there).
        if ([...o.props.keys()].some((k) => /^(chat_)?(history|messages|conversation|memory)$/.test(k))) flags.history = true;
      } else if (o && input.t === 'obj' && o.props.get('messages')) {
        // A graph or agent invoked with its state (`agent.ainvoke({"messages": [{"role": "user", "content": …}]})`):
        // its turns, read as the request's messages (a state's messages count as a history, as before).
        flags.history = true;
        r.messageParts(o.props.get('messages'), parts, flags, 'user');
      } else if (o && input.t === 'obj') {
        const history = [...o.props.entries()].find(([k]) => /^(chat_)?(history|messages|conversation|memory)$/.test(k));
        if (history) flags.history = true;
        parts.push(r.dynamicPart('user', input, 'prompt template variables'));
      } else r.messageParts(input, parts, flags, 'user');
    }
    const out = templateHoles(parts, (name) => r.templateVar(name));
    r.templateInput = null;
    return out;
  }

  /** A site's own arguments read as a prompt: instruction-named ones as the system's, conversations as turns. */
  private callerParts(_mod: ModuleIR, call: CallIR, target: string, ctx: Ctx, flags: Flags): PromptPart[] {
    const parts: PromptPart[] = [];
    const at = target.indexOf('#');
    const tmod = this.modules.get(target.slice(0, at));
    let fn = own(tmod?.fns, target.slice(at + 1));
    // An instantiation reaching a method of the object it makes (madeWithInstructions): the constructor's names.
    const cls = fn?.cls ? own(tmod?.classes, fn.cls) : undefined;
    const made = cls ? this.ev.eval(ctx, call.f) : null;
    if (cls && made?.t === 'cls' && made.key === cls.key) fn = own(tmod?.fns, own(cls.methods, '__init__') ?? own(cls.methods, 'constructor') ?? '') ?? fn;
    const args = this.ev.args(ctx, call);
    const named: [string, V][] = [...args.kw];
    args.pos.forEach((v, i) => named.push([fn?.params.find((p) => p.index === i && !p.path)?.name ?? '', v]));
    for (const [name, v] of named.slice(0, 12)) {
      if (TUNING_ARG.test(name)) continue;
      const o = v.t === 'obj' ? v : null;
      if (o) {
        for (const [k, x] of o.props) {
          // (Also an app's own request shape: `{ systemMessage: { parts }, chatSequence: [{ role, parts }] }`.)
          if (/^(system|instructions?|system_?(?:prompt|message|instruction))$/i.test(k)) this.render.textParts(x, 'system', parts, flags);
          else if (/^(messages|history|turns|contents|chat_?(?:sequence|messages|history)|conversation)$/i.test(k)) this.render.messageParts(x, parts, flags, 'user');
          else if (/^(prompt|input|query|question|user_?(?:message|prompt))$/i.test(k)) this.render.textParts(x, 'user', parts, flags);
        }
      } else if (v.t === 'arr') this.render.messageParts(v, parts, flags, 'user');
      else if (v.t === 'str' || v.t === 'sdk') {
        if (!CARRIES_JOB.test(name) && name) continue;
        if (v.t === 'sdk') this.render.sdkParts(v, parts, flags, 0);
        else this.render.textParts(v, /system|instruction/i.test(name) ? 'system' : 'user', parts, flags);
      }
    }
    return parts;
  }

  private buildOne(s: Site): ScannedCall | null {
    const { req, chain } = s;
    const siteMod = chain.length ? chain[0].mod : req.mod;
    const siteCall = chain.length ? chain[0].call : req.call;
    const topCtx = this.ev.abstractCtx(siteMod, siteCall.fn);
    const view = this.view(req, this.requestCtx(req, chain, topCtx));
    const flags: Flags = { cache: false, ttl: null, history: false };
    let prompt = this.promptParts(view, flags);
    // Plumbing whose reshaping of the conversation is not followed here: what the site passes it, as written.
    // So is plumbing that adds a note of its own (`"Call the … tool"`) and loses the caller's turns: the caller's
    // text, when it is more than what was followed.
    const textOf = (parts: PromptPart[]) => parts.reduce((n, p) => n + p.text.trim().length, 0);
    if (chain.length) {
      const followed = textOf(prompt);
      const siteText = textOf(prompt.filter((p) => !p.file || p.file === siteMod.file));
      if (followed < 20 || siteText < 20) {
        const own = this.callerParts(siteMod, siteCall, chain[0].target, topCtx, flags);
        if (textOf(own) >= 20 && textOf(own) > followed) prompt = own;
      }
    }
    const r = this.render;
    const def = req.def;
    const target = req.target;
    let streaming = !!def.streaming;
    // `client.send(new ConverseStreamCommand({ … }))`: the command streams.
    const command = def.args?.command !== undefined ? view.args.pos[def.args.command] : undefined;
    if (command?.t === 'sdk' && command.flags.streaming) streaming = true;
    let structured = !!def.structured || !!target?.flags.structured;
    const streamFlag = view.get('stream');
    if (streamFlag?.t === 'bool' && (streamFlag as VOf<'bool'>).v) streaming = true;
    const format = this.argOfRun(view.get('format'), view.ctx);
    if (format && format.t !== 'null' && !(format.t === 'str' && /^text$/i.test(format.text))) structured = true;
    const toolsV = view.get('tools');
    const tools = r.tools(toolsV, flags);
    if (target?.flags.tools && !tools.length) structured = structured || false;
    const maxTokensV = view.get('maxTokens');
    const maxTokens = num(maxTokensV);
    // Written in the plumbing below the site (not in the function that holds the job): the layer's ceiling.
    const siteFnSpan = own(siteMod.fns, siteCall.fn)?.p;
    const maxTokensFromLayer = maxTokens !== null && chain.length > 0 && !!maxTokensV && !!maxTokensV.src && (maxTokensV.src.file !== siteMod.file || !siteFnSpan || maxTokensV.src.s < siteFnSpan[0] || maxTokensV.src.s > siteFnSpan[1]);
    const temperature = num(view.get('temperature'));
    // A request for one token with nothing written to ask (`max_tokens: 1, messages: []`): a check that a key or a
    // model answers, not a job.
    const asked = view.get('messages') ?? view.get('prompt');
    if (maxTokens !== null && maxTokens <= 1 && !prompt.some((p) => p.text.trim()) && (!asked || (asked.t === 'arr' && !asked.items.length))) return null;
    const stopV = view.get('stop');
    const stopSequences = stopV?.t === 'arr' ? stopV.items.flatMap((x) => (x.t === 'str' ? [x.text] : [])) : stopV?.t === 'str' ? [stopV.text] : [];
    // cache_control anywhere in the params (on a block of a helper-built list …).
    const paramsV = view.get('params') ?? view.args.pos[0];
    if (!flags.cache && paramsV && /cache_control|cacheControl/.test(r.text(paramsV.src, 20_000)) && (req.sdk === 'anthropic' || req.provider === 'anthropic')) {
      flags.cache = true;
      flags.ttl = /ttl['"]?\s*[:=]\s*['"]1h['"]/.test(r.text(paramsV.src, 20_000)) ? '1h' : '5m';
    }
    const modelV = view.get('model') ?? (target?.kind === 'ai.model' ? target : undefined);
    const model = r.model(modelV, siteMod.file, (p) => this.paramByCallers(p));
    // An embedding, speech or image model generates no text: not a call site (catalogue NON_GENERATING_MODEL).
    if (model.ref.resolved && NON_GENERATING_MODEL.test(model.ref.resolved)) return null;
    if (asksImage(view, req, r)) return null;

    // Provider: the catalogue object's, the host's, a model object's, or the model id's.
    let provider = req.http?.provider ?? req.provider ?? model.provider ?? null;
    if (!provider || provider === 'local') provider = model.provider ?? providerFromModelId(modelV?.t === 'str' ? modelV.text : '') ?? (model.ref.resolved ? modelFamily(model.ref.resolved) : null) ?? provider;
    const host = target?.host ?? (modelV?.t === 'sdk' ? modelV.host : undefined);

    const signals = this.signals(siteMod, siteCall, streaming);
    const add = (kind: Signal['kind'], detail: string) => {
      if (!signals.some((x) => x.kind === kind && x.detail === detail)) signals.push({ kind, detail, file: siteMod.file, line: r.line(siteMod.file, siteCall.at).line });
    };
    if (chain.length) {
      // What each layer of the plumbing does with the answer counts too (one of them may parse it).
      const layers: { mod: ModuleIR; call: CallIR }[] = [...chain.slice(1), { mod: req.mod, call: req.call }];
      for (const l of layers) for (const x of this.signals(l.mod, l.call, streaming)) if (x.kind !== 'result-variable' && !signals.some((y) => y.kind === x.kind && y.detail === x.detail)) signals.push(x);
    }
    if (def.toolLoop) add('tool-use-loop', `${def.api}: the SDK runs the tool loop`);
    if (def.agent) add('tool-use-loop', `${def.api}: the framework runs the agent's steps`);
    const maxSteps = view.get('params') ? this.ev.objOf(view.get('params')!) : null;
    if (maxSteps && (this.ev.prop(maxSteps, 'maxSteps') || this.ev.prop(maxSteps, 'stopWhen'))) add('tool-use-loop', 'maxSteps / stopWhen: the SDK runs the tool loop');
    const tc = view.get('toolChoice');
    if (tc) {
      const o = this.ev.objOf(tc);
      const type = o ? this.ev.prop(o, 'type') : undefined;
      if ((type?.t === 'str' && /^(tool|any|function)$/.test(type.text)) || (tc.t === 'str' && tc.text === 'required') || (o && !type)) add('forced-tool-choice', r.text(tc.src, 80));
    }
    if (structured) add('structured-output', target?.flags.structured ? 'withStructuredOutput' : req.sdk === 'vercel-ai' ? def.api : def.api.endsWith('parse') ? def.api : format ? `${r.text(format.src, 40)}` : 'JSON response format');
    if (flags.history) add('message-history', 'messages come from a history array');
    if (def.chat) {
      add('message-history', `${def.api}: a conversation's next turn`);
    }
    if (this.joinsDocuments(siteMod, siteCall, topCtx)) add('documents-joined', 'several documents joined into the prompt (.map(…).join)');
    for (const t of tools) if (IRREVERSIBLE_TOOL.test(t.name)) add('irreversible-tool', t.name);
    const kept = streaming ? signals : signals.filter((x) => x.kind !== 'streams-to-response');

    const fnIR = own(siteMod.fns, siteCall.fn) ?? siteMod.fns[TOP];
    const named = this.namedFn(siteMod, fnIR);
    const calleePoint = r.line(siteMod.file, siteCall.at);
    const annotation = this.annotation(siteMod, siteCall);
    const innerApi = req.http?.written ?? def.api;
    let registryTask = model.registryTask;
    const wrapper = chain.length ? this.wrapperOf(req, chain) : null;
    if (!registryTask && wrapper) registryTask = this.wrapperTask(chain[0], topCtx, wrapper.firstParam);
    let modelRef = model.ref;
    let at = model.at;
    // The model the site passes the plumbing (`complete(notes, "claude/claude-haiku-4-5")`), when the one the request
    // names inside it is not resolved there (`model.split("/", 1)[1]` in one branch of a dispatcher).
    if (wrapper && !modelRef.resolved) {
      const passed = this.modelPassed(chain[0], topCtx);
      if (passed) {
        const m = r.model(passed, siteMod.file, (p) => this.paramByCallers(p));
        if (m.ref.resolved || m.ref.expression) {
          modelRef = m.ref;
          at = m.at;
          registryTask ??= m.registryTask;
          // The branch of the plumbing this model goes to is the one its id names.
          if (m.ref.resolved) provider = m.provider ?? providerOfModel(m.ref.resolved) ?? provider;
        }
      }
    }
    // `context["OPENAI_MODEL"]`, `settings.LLM_MODEL`: a configuration key the reader finds as the workspace's constant.
    if (!modelRef.resolved && modelRef.expression) {
      const byName = this.modelConstantOfKey(modelRef.expression);
      if (byName) modelRef = { ...modelRef, resolved: byName.resolved, source: 'config', note: [modelRef.note, byName.note].filter(Boolean).join('; '), ...(byName.declaredAt ? { declaredAt: byName.declaredAt } : {}) };
    }
    if (wrapper && at && modelRef.expression && modelRef.source !== 'parameter' && (at.file !== siteMod.file || at.s < siteCall.p[0] || at.e > siteCall.p[1])) {
      // The model expression is written inside the plumbing: no span at the site to edit.
      const viaTask = registryTask && model.registryTask ? ` for task ${registryTask}` : '';
      modelRef = { ...modelRef, span: null, note: [modelRef.note, `written inside wrapper ${wrapper.name}${viaTask}`].filter(Boolean).join('; ') };
    }
    // Written over several lines (`exponentialRetryWrapper(\n  getLLMResponse`): on one.
    const calleeText = r.text({ file: siteMod.file, s: siteCall.at, e: calleeEnd(siteCall) }, 200).replace(/\s*\n\s*/g, "");
    const outputSchema = r.outputSchema(format, toolsV, tc, view.ctx);
    const { labels, through } = r.jobNames({ args: view.args, chain, siteMod, siteCall, reqMod: req.mod, reqCall: req.call });
    const outputUse = outputUses(siteMod, siteCall).map((u) => ({ kind: u.kind, detail: u.detail, line: r.line(siteMod.file, u.at).line }));
    const result: ScannedCall = {
      file: siteMod.file,
      language: siteMod.language,
      enclosingFunction: named?.name ?? '(top)',
      className: named?.cls ? (own(siteMod.classes, named.cls)?.name ?? null) : null,
      callee: { line: calleePoint.line, column: calleePoint.column, offset: siteCall.at },
      span: { start: siteCall.p[0], end: siteCall.p[1] },
      sdk: wrapper ? 'wrapper' : req.sdk,
      api: wrapper ? (calleeText.length > 80 ? holeText(calleeText) : calleeText) : innerApi,
      model: modelRef,
      registryTask,
      streaming,
      batch: !!def.batch,
      cacheControl: flags.cache,
      cacheTtl: flags.cache ? (flags.ttl ?? '5m') : null,
      maxTokens,
      ...(maxTokensFromLayer ? { maxTokensFrom: 'layer' as const } : {}),
      temperature,
      prompt,
      tools,
      stopSequences,
      signals: kept,
      annotation,
      ...(provider ? { provider } : {}),
      ...(host ? { baseUrl: host } : {}),
      ...(outputSchema ? { outputSchema } : {}),
      ...(labels.length ? { labels } : {}),
      ...(through.length ? { through } : {}),
      ...(outputUse.length ? { outputUse } : {}),
    };
    if (wrapper) result.wrapper = { name: wrapper.name, file: wrapper.file, innerSdk: req.sdk, innerApi };
    return s.at ? this.relocated(result, s.at, streaming) : result;
  }

  /** A job written into a conversation kept on the object: the call that asks for it, with the turns it adds. */
  private relocated(c: ScannedCall, at: NonNullable<Site['at']>, streaming: boolean): ScannedCall {
    const r = this.render;
    const { mod, call } = at;
    const flags: Flags = { cache: false, ttl: null, history: false };
    const prompt: PromptPart[] = [];
    if (at.convo) r.messageParts(at.convo, prompt, flags, 'system');
    for (const v of at.texts) r.textParts(v, 'user', prompt, flags);
    const signals = this.signals(mod, call, streaming);
    for (const x of c.signals) if (x.kind !== 'result-variable' && !signals.some((y) => y.kind === x.kind && y.detail === x.detail)) signals.push(x);
    if (!signals.some((x) => x.kind === 'message-history')) signals.push({ kind: 'message-history', detail: 'the prompt is added to a conversation kept on the object', file: mod.file, line: r.line(mod.file, call.at).line });
    const fn = own(mod.fns, call.fn) ?? mod.fns[TOP];
    const named = this.namedFn(mod, fn);
    const calleeText = r.text({ file: mod.file, s: call.at, e: calleeEnd(call) }, 200).replace(/\s*\n\s*/g, "");
    const point = r.line(mod.file, call.at);
    const outputUse = outputUses(mod, call).map((u) => ({ kind: u.kind, detail: u.detail, line: r.line(mod.file, u.at).line }));
    // The model is chosen below the call that asks (it passes none): no span here to edit.
    const model = c.model.span ? { ...c.model, span: null } : c.model;
    const out: ScannedCall = {
      ...c,
      file: mod.file,
      language: mod.language,
      enclosingFunction: named?.name ?? '(top)',
      className: named?.cls ? (own(mod.classes, named.cls)?.name ?? null) : null,
      callee: { line: point.line, column: point.column, offset: call.at },
      span: { start: call.p[0], end: call.p[1] },
      sdk: 'wrapper',
      api: calleeText.length > 80 ? holeText(calleeText) : calleeText,
      model,
      prompt: prompt.some((p) => p.text.trim()) ? prompt : c.prompt,
      signals: streaming ? signals : signals.filter((x) => x.kind !== 'streams-to-response'),
      annotation: this.annotation(mod, call),
    };
    const wrapped = this.fnName(at.target);
    if (wrapped && c.wrapper) out.wrapper = { ...c.wrapper, name: wrapped, file: at.target.slice(0, at.target.indexOf('#')) };
    delete out.labels;
    delete out.through;
    if (outputUse.length) out.outputUse = outputUse;
    else delete out.outputUse;
    return out;
  }

  /** What a caller passes the plumbing for its parameter that names the model (`model`, `model_name`, `llm_model`). */
  private modelPassed(e: Edge, ctx: Ctx): V | null {
    const at = e.target.indexOf('#');
    const fn = own(this.modules.get(e.target.slice(0, at))?.fns, e.target.slice(at + 1));
    const p = fn?.params.find((x) => !x.path && !x.rest && !x.kwrest && /^(model|model_?name|model_?id|llm_?model|model_?key)$/i.test(x.name));
    if (!p) return null;
    const args = this.ev.args(ctx, e.call);
    const v = args.kw.get(p.name) ?? (p.kwOnly || e.call.a.slice(0, p.index).some((a) => a.k === 'spread') ? undefined : args.pos[p.index]);
    return v && v.t !== 'null' && v.t !== 'dyn' ? v : null;
  }

  /** The requests reach the site through different implementations of one call (dispatch), not through a switch on the model. */
  private sameSiteDispatch(list: { site: Site; call: ScannedCall }[]): boolean {
    const targets = new Set(list.map((x) => (x.site.chain.length ? x.site.chain[0].target : '')));
    return targets.size > 1;
  }

  /**
   * The plumbing function the site calls (what its `api` names). With one layer it is also the one holding the SDK
   * call, as older reports named it; with several, the older Python reports named this one too.
   */
  private wrapperOf(req: Req, chain: Edge[]): { name: string; file: string; firstParam: string } {
    const last = chain[0];
    const i = last.target.indexOf('#');
    const file = last.target.slice(0, i);
    const mod = this.modules.get(file);
    const fn = own(mod?.fns, last.target.slice(i + 1));
    // An anonymous function handed out by a factory is named after it: `makeWriter()`.
    const named = fn && mod ? (fn.name ? fn : this.namedFn(mod, fn)) : null;
    const name = fn?.name ?? (named?.name ? `${named.name}()` : last.target.slice(i + 1));
    const first = chain[0].target;
    const fi = first.indexOf('#');
    const firstFn = own(this.modules.get(first.slice(0, fi))?.fns, first.slice(fi + 1));
    void req;
    return { name, file, firstParam: firstFn?.params[0]?.name ?? '' };
  }

  /** `callAI("classify_intent", prompt)`: the plumbing's first parameter names the task. */
  private wrapperTask(e: Edge, ctx: Ctx, firstParam: string): string | null {
    if (!/task|kind|purpose|usecase|use_case|intent|route|type/i.test(firstParam)) return null;
    const a0 = e.call.a[0] ? this.ev.eval(ctx, e.call.a[0]) : undefined;
    return a0?.t === 'str' && a0.slots === 0 && /^[a-z][a-z0-9_]*$/.test(a0.text) ? a0.text : null;
  }

  /** The nearest named function around a call (anonymous callbacks take their parent's name). */
  private namedFn(mod: ModuleIR, fn: FnIR): FnIR | null {
    for (let f: FnIR | undefined = fn; f; f = f.parent ? own(mod.fns, f.parent) : undefined) {
      if (f.kind === 'top') return null;
      if (f.name) return f;
    }
    return null;
  }

  private readonly lineStartCache = new Map<string, number[]>();

  private lineStarts(mod: ModuleIR): number[] {
    let starts = this.lineStartCache.get(mod.file);
    if (!starts) {
      starts = lineStartsOf(mod.text);
      this.lineStartCache.set(mod.file, starts);
    }
    return starts;
  }

  private annotation(mod: ModuleIR, call: CallIR): Annotation | null {
    const r = this.render;
    const calleeLine = r.line(mod.file, call.at).line;
    const endLine = r.line(mod.file, Math.max(call.p[0], call.p[1] - 1)).line;
    const tryLine = (line: number): Annotation | null => {
      const c = own(mod.notes, String(line));
      return c ? parseAnnotation(c, line).annotation : null;
    };
    for (const line of [calleeLine, endLine, call.stmtLine - 1, calleeLine - 1]) {
      const a = tryLine(line);
      if (a) return a;
    }
    // Comment lines right above the statement (decorators aside): up to the first line of code.
    const starts = this.lineStarts(mod);
    for (let line = call.stmtLine - 1; line >= 1 && line >= call.stmtLine - 6; line--) {
      const t = mod.text.slice(starts[line - 1], (starts[line] ?? mod.text.length + 1) - 1).trim();
      if (t && !/^(#|\/\/|\/\*|\*|@)/.test(t)) break;
      const a = tryLine(line);
      if (a) return a;
    }
    return null;
  }

  private signals(mod: ModuleIR, call: CallIR, streaming: boolean): Signal[] {
    const r = this.render;
    const out: Signal[] = [];
    const add = (kind: Signal['kind'], detail: string, at: number) => {
      const d = detail.length > 120 ? `${detail.slice(0, 117)}…` : detail;
      if (!out.some((s) => s.kind === kind && s.detail === d)) out.push({ kind, detail: d, file: mod.file, line: r.line(mod.file, at).line });
    };
    if (call.parsed) add(call.parsed, call.parsedDetail ?? call.parsed, call.at);
    const fn = own(mod.fns, call.fn) ?? mod.fns[TOP];
    if (call.rv) {
      add('result-variable', call.rv, call.at);
      const tainted = new Set([call.rv, `this.${call.rv}`, `self.${call.rv}`]);
      const parsedNames = new Set<string>();
      const limit = fn.kind === 'top' ? call.p[1] + 4000 : Number.MAX_SAFE_INTEGER;
      const events = fn.uses.filter((u) => u.at >= call.p[1] && u.at <= limit).sort((a, b) => a.at - b.at);
      for (const u of events) {
        const hit = u.names.some((n) => tainted.has(n));
        if (!hit) continue;
        switch (u.kind) {
          case 'derive':
            for (const t of u.targets ?? []) tainted.add(t);
            if (u.detail === 'parsed') for (const t of u.targets ?? []) parsedNames.add(t);
            break;
          case 'json-parse':
            add('json-parse', u.detail ?? 'JSON.parse of the output', u.at);
            break;
          case 'schema-parse':
            add('schema-parse', u.detail ?? 'schema validation of the output', u.at);
            break;
          case 'switch':
            add('switch-on-output', u.detail ?? 'switch on the output', u.at);
            break;
          case 'compare':
            // A test for an empty answer or of its JavaScript type (`text.trim() === ""`, `typeof r === "string"`)
            // is not a label.
            if (!NOT_A_LABEL_TEST.test(u.detail ?? '')) add('enum-compare', u.detail ?? 'compared with a label', u.at);
            break;
          case 'includes':
            if (!u.names.every((n) => parsedNames.has(n))) add('includes-on-output', u.detail ?? 'includes', u.at);
            break;
          case 'enum-includes':
            add('enum-compare', u.detail ?? 'in a list of labels', u.at);
            break;
          default:
            break;
        }
      }
    }
    // Loops around the call that feed tool results back.
    const loops = fn.loops.filter((l) => l[0] <= call.p[0] && call.p[1] <= l[1]).sort((a, b) => b[0] - a[0]);
    for (const l of loops) {
      const t = mod.text.slice(l[0], Math.min(l[1], l[0] + 50_000));
      if (TOOL_LOOP.test(t)) {
        add('tool-use-loop', 'called in a loop that handles tool use', l[0]);
        break;
      }
    }
    // The messages list grows in a loop around the call (`messages.append(…)` after each turn): a conversation.
    if (loops.length) {
      const first = call.a[0]?.k === 'obj' ? call.a[0] : null;
      const msgs = own(call.kw, 'messages') ?? own(call.kw, 'input') ?? own(call.kw, 'contents') ?? first?.props.find(([k]) => k === 'messages' || k === 'input' || k === 'contents')?.[1];
      if (msgs?.k === 'name') {
        for (let f: FnIR | undefined = fn; f; f = f.parent ? own(mod.fns, f.parent) : undefined) {
          const assigns = own(f.locals, msgs.n);
          if (!assigns) continue;
          if (assigns.some((a) => a.op === 'push' && loops.some((l) => l[0] <= a.at && a.at <= l[1]))) add('message-history', msgs.n, call.at);
          break;
        }
      }
    }
    if (streaming && fn.kind !== 'top') {
      const t = mod.text.slice(fn.p[0], Math.min(fn.p[1], fn.p[0] + 100_000));
      const m = STREAM_TO_RESPONSE.exec(t);
      if (m && (mod.language !== 'python' || /\byield\b|StreamingResponse|EventSourceResponse|\.send\(|\.write\(/.test(m[0]))) add('streams-to-response', m[0], fn.p[0] + m.index);
    }
    return out;
  }

  private joinsDocuments(mod: ModuleIR, call: CallIR, ctx: Ctx): boolean {
    const argText = [...call.a, ...Object.values(call.kw ?? {})].map((a) => textWithoutFunctions(mod, a)).join('\n');
    if (mod.language === 'python') {
      const m = /(['"])((?:\\n|---|===|\n)[^'"]*)\1\s*\.join\(([^)]{0,80})/.exec(argText);
      if (m && DOC_WORDS.test(m[3])) return true;
    } else if (JOIN_DOCS.test(argText)) return true;
    // A name in the arguments whose value was built by joining documents.
    for (const id of namesIn(mod, [...call.a, ...Object.values(call.kw ?? {})])) {
      for (let c: Ctx | null = ctx; c; c = c.parent) {
        const assigns = own(c.fn.locals, id);
        if (!assigns) continue;
        for (const a of assigns.slice(0, 4)) {
          const t = textWithoutFunctions(mod, a.e);
          if (mod.language === 'python' ? /\.join\(/.test(t) && DOC_WORDS.test(t) && /\\n|---|===/.test(t) : JOIN_DOCS.test(t)) return true;
        }
        break;
      }
    }
    return false;
  }
}

interface Forwarder {
  fn: FnIR;
  /** The parameter holding the function called (`fn(**params)`), or the name of the method looked up (`byName`). */
  callee: ParamIR;
  byName: boolean;
  /** The arguments of the forwarded call as written: `self`, parameters and their spreads only. */
  args: Expr[];
}

/**
 * The call a function forwards its arguments to (see `Linker.forwardedCall`), or null. The call may sit in a closure
 * the function defines without parameters of its own (`def run(): step = getattr(self, name); return step(self,
 * *args, **kwargs)`), reading the function's parameters; `self` there is the method's.
 */
function findForwarder(mod: ModuleIR, fn: FnIR): Forwarder | null {
  if (mod.language !== 'python') return null;
  const isParam = (n: string) => fn.params.find((p) => p.name === n && !p.path);
  const selfName = Object.entries(fn.locals).find(([, asg]) => asg.length === 1 && asg[0].e.k === 'this')?.[0];
  for (const c of callsInOrClosures(mod, fn)) {
    let scope = fn;
    if (c.fn !== fn.key) {
      const inner = mod.fns[c.fn];
      if (!inner || inner.parent !== fn.key || inner.params.length) continue;
      scope = inner;
    }
    // In the closure, `self` is a name read from the method.
    const shadowed = (n: string) => scope !== fn && n in scope.locals;
    const norm = (e: Expr): Expr => (scope !== fn && e.k === 'name' && e.n === selfName && !shadowed(e.n) ? { k: 'this', p: e.p } : e);
    const param = (n: string) => (shadowed(n) ? undefined : isParam(n));
    if (c.f.k !== 'name' || c.kw) continue;
    const n = c.f.n;
    const args = c.a.map(norm);
    const forwards = args.some((a) => a.k === 'spread' && a.o.k === 'name' && param(a.o.n));
    if (!forwards || !args.every((a) => a.k === 'this' || (a.k === 'name' && param(a.n)) || (a.k === 'spread' && a.o.k === 'name' && param(a.o.n)))) continue;
    const p = param(n);
    if (p && !p.rest && !p.kwrest) {
      // `create(**params)`, `fn(*args, **kwargs)` with `params` a parameter of its own (runnerParam covers the rest).
      if (args.some((a) => a.k === 'spread' && a.o.k === 'name' && !param(a.o.n)!.rest && !param(a.o.n)!.kwrest)) return { fn, callee: p, byName: false, args };
      continue;
    }
    // `step = getattr(self, name)` (then wrapped: `step = wrap(step)`): the method named by a parameter.
    for (const asg of scope.locals[n] ?? []) {
      if (asg.e.k !== 'call') continue;
      const g = mod.calls[asg.e.id];
      if (!g || g.f.k !== 'name' || g.f.n !== 'getattr' || g.a.length !== 2 || norm(g.a[0]).k !== 'this' || g.a[1].k !== 'name') continue;
      const q = param(g.a[1].n);
      if (q && !q.rest && !q.kwrest) return { fn, callee: q, byName: true, args };
    }
  }
  return null;
}

/** Per module: its calls by the function they are in, and its functions without parameters by the function that defines them. */
const callsByFn = new WeakMap<ModuleIR, { calls: Map<string, number[]>; closures: Map<string, string[]> }>();

/**
 * The calls of a function and of the closures without parameters it defines, in the module's order: what
 * `findForwarder` reads, without going through every call of the module for every function of it.
 */
function callsInOrClosures(mod: ModuleIR, fn: FnIR): CallIR[] {
  let index = callsByFn.get(mod);
  if (!index) {
    index = { calls: new Map(), closures: new Map() };
    mod.calls.forEach((c, i) => {
      const list = index!.calls.get(c.fn);
      if (list) list.push(i);
      else index!.calls.set(c.fn, [i]);
    });
    for (const [key, f] of Object.entries(mod.fns)) {
      if (f.parent === null || f.params.length) continue;
      const list = index.closures.get(f.parent);
      if (list) list.push(key);
      else index.closures.set(f.parent, [key]);
    }
    callsByFn.set(mod, index);
  }
  const at = [...(index.calls.get(fn.key) ?? [])];
  for (const inner of index.closures.get(fn.key) ?? []) if (inner !== fn.key) at.push(...(index.calls.get(inner) ?? []));
  return at.sort((a, b) => a - b).map((i) => mod.calls[i]);
}

function num(v: V | undefined): number | null {
  return v?.t === 'num' ? v.v : null;
}

/**
 * A method's job, whatever its streaming or async variant: `run`/`stream`/`astream`/`invoke` → ``, `generate_stream` →
 * `generate`, `get_completion`/`stream_completion` → `completion`.
 */
function variantKey(fn: string): string {
  const name = (fn.split('.').pop() ?? fn).toLowerCase().replace(/^_+/, '');
  // `adetermine_stage` beside `determine_stage` (LangChain's async twins): one name; a name only meets its twin.
  // `get_completion` beside `stream_completion`: the plain one named for getting the answer.
  const bare = name.replace(/^a(?=[a-z])/, '').replace(/_?stream(ing)?_?|_?async$|^async_?/g, '').replace(/^(?:get|request)_(?=[a-z])/, '');
  return /^(run|invoke|call|__call__|execute|forward|)$/.test(bare) ? '' : bare;
}

/**
 * A request that only asks the model to go on with its last answer ("continue, please do not reply with any text other
 * than the code"), beside the request that started it in the same function: the same job, cut short and resumed.
 */
function dropContinuations(out: ScannedCall[]): void {
  const written = (c: ScannedCall) => c.prompt.filter((p) => p.text.trim());
  const resumes = (c: ScannedCall) => /^(please\s+)?continue\b/i.test(written(c)[0]?.text.trim() ?? '');
  dropSecondRequests(out, (c) => {
    const parts = written(c);
    if (parts.length !== 1 || !resumes(c) || parts[0].text.trim().length > 300) return null;
    return (o) => o.api === c.api && !resumes(o);
  });
}

/**
 * The same instructions sent to one provider or another on the branches of one function (`if (provider ===
 * "ollama") axios.post(…/api/chat) else if (provider === "anthropic") anthropic.messages.create(…)`, a fallback in a
 * `catch`): one job, at the first request written; the others are named in its model's note.
 */
function dropProviderBranches(out: ScannedCall[]): void {
  const asked = (c: ScannedCall) => {
    const parts = c.prompt.map((p) => p.text.replace(/\s+/g, ' ').trim()).filter((t) => t.length >= 10);
    return parts.reduce((n, t) => n + t.length, 0) >= 40 ? parts.sort().join('\n') : null;
  };
  const firstOf = new Map<string, number>();
  const drop = new Set<number>();
  const order = out.map((_, i) => i).sort((a, b) => out[a].span.start - out[b].span.start);
  for (const i of order) {
    const c = out[i];
    const text = asked(c);
    if (text === null) continue;
    const key = `${c.file}\0${c.enclosingFunction}\0${text}`;
    const first = firstOf.get(key);
    if (first === undefined) {
      firstOf.set(key, i);
      continue;
    }
    const f = out[first];
    if (f.provider === c.provider) continue;
    out[first] = { ...f, model: { ...f.model, note: [f.model.note, `another provider on another branch: ${c.model.resolved ?? 'an unresolved model'} (${c.provider ?? c.api})`].filter(Boolean).join('; ') } };
    drop.add(i);
  }
  for (let i = out.length - 1; i >= 0; i--) if (drop.has(i)) out.splice(i, 1);
}

/**
 * Drops each request that `second` recognises as the second of a pair (it returns how to know the first), when another
 * request of the same function is that first one.
 */
function dropSecondRequests(out: ScannedCall[], second: (c: ScannedCall) => ((first: ScannedCall) => boolean) | null): void {
  for (let i = out.length - 1; i >= 0; i--) {
    const c = out[i];
    const isFirst = second(c);
    if (isFirst && out.some((o, k) => k !== i && o.file === c.file && o.enclosingFunction === c.enclosingFunction && isFirst(o))) out.splice(i, 1);
  }
}

/** Images asked of a chat endpoint (`modalities: ["image", "text"]`, OpenRouter and others) or of Gemini
 * (`responseModalities: ["IMAGE"]` in its config or the AI SDK's provider options): image generation. */
function asksImage(view: View, req: Req, r: Renderer): boolean {
  const modalities = view.raw('modalities');
  if (modalities?.t === 'arr' && modalities.items.some((x) => x.t === 'str' && /^image$/i.test(x.text))) return true;
  const gemini = (text: string) => /response_?modalities['"]?\s*[:=]\s*\[[^\]]*\bIMAGE\b/i.test(text);
  const configV = view.raw('config');
  return gemini(req.mod.text.slice(req.call.p[0], Math.min(req.call.p[1], req.call.p[0] + 20_000))) || (!!configV && gemini(r.text(configV.src, 20_000)));
}

/** A turn that only asks for the answer again in the required form ("Respond with ONLY a valid JSON object"). */
const FORMAT_REPAIR = /\b(?:valid|only|proper|well-formed|parsable|parseable)\b[^.\n]{0,60}\bjson\b|\bnot\s+(?:a\s+)?valid\s+json\b|\bjson\b[^.\n]{0,40}\b(?:only|again)\b/i;

/**
 * A request that re-sends another request of the same function with one turn more asking for a valid answer, when the
 * first answer did not parse (`if data is None: … [*messages, {role: "assistant", …}, {role: "user", content: "Your
 * previous response was not valid JSON…"}]`): the same job, repaired. Its other written parts are the first request's,
 * the answer put back aside.
 */
function dropFormatRepairs(out: ScannedCall[], textOf: (file: string) => string): void {
  const written = (c: ScannedCall) => c.prompt.filter((p) => p.role !== 'assistant' && p.role !== 'tool_result' && p.text.trim().length >= 20);
  dropSecondRequests(out, (c) => {
    const parts = written(c);
    const last = parts[parts.length - 1];
    if (!last || last.role !== 'user' || last.text.trim().length > 400 || !FORMAT_REPAIR.test(last.text)) return null;
    const rest = new Set(parts.slice(0, -1).map((p) => p.text));
    if (!rest.size) return null;
    return (o) => {
      const own = written(o);
      if (own.length !== rest.size || !own.every((p) => rest.has(p.text))) return false;
      // Sent when the first answer failed (`if data is None:`, in an `except`, a loop's next try); a second request
      // made every time is a step of its own ("Summary of the components chosen above … respond in JSON").
      const [x, y] = o.span.start < c.span.start ? [o, c] : [c, o];
      return /\b(?:if|elif|except|catch|while|for)\b/.test(textOf(c.file).slice(x.span.end, y.span.start));
    };
  });
}

/**
 * The same request written in a class's streaming and non-streaming methods (`run` and `stream`, `chat` and
 * `stream_chat`), or in one method as a stream and its plain fallback: one job, at the streaming one (what an app's UI
 * calls). The prompt must read the same, holes included; when too little of it can be read, the object asked stands
 * for it (`self.model(prompt)` and `self.model.stream(prompt)`). Two plain requests of one method (a second pass, a
 * retry on another model after an error) may be jobs of their own and stay.
 */
function dropStreamingTwins(out: ScannedCall[]): void {
  const seen = new Map<string, number>();
  const dropped = new Set<number>();
  const order = out.map((c, i) => ({ c, i })).sort((a, b) => (a.c.file < b.c.file ? -1 : a.c.file > b.c.file ? 1 : a.c.span.start - b.c.span.start));
  const streams = (c: ScannedCall) => /stream/i.test(c.enclosingFunction.split('.').pop() ?? '');
  for (const { c, i } of order) {
    const dot = c.enclosingFunction.lastIndexOf('.');
    if (dot < 0) continue;
    const owner = c.enclosingFunction.slice(0, dot);
    const written = c.prompt.reduce((n, p) => n + p.text.trim().length, 0);
    const asked =
      written >= 20
        ? c.prompt.map((p) => `${p.role}:${p.text.replace(/\s+/g, ' ').trim()}:${p.origin}:${(p.holes ?? []).join(',')}`).join('|')
        : `@${c.api.replace(/\.(a?stream|a?invoke|a?run|__call__|a?generate|a?batch)$/, '').replace(/\.(?:a?stream|request|get)_(?=[a-z])/g, '.')}`;
    const key = `${c.file}\0${owner}\0${variantKey(c.enclosingFunction)}\0${asked}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      continue;
    }
    if (out[first].enclosingFunction === c.enclosingFunction && out[first].streaming === c.streaming) continue;
    if (streams(c) && !streams(out[first])) {
      dropped.add(first);
      seen.set(key, i);
    } else dropped.add(i);
  }
  if (!dropped.size) return;
  const keep = out.filter((_, i) => !dropped.has(i));
  out.splice(0, out.length, ...keep);
}

/** Which SDK family a model id belongs to, to pick the matching request of a multi-provider plumbing. */
function modelFamily(model: string): string | null {
  if (/claude|anthropic/i.test(model)) return 'anthropic';
  if (/^(gpt|o\d|chatgpt|text-|davinci|openai)/i.test(model)) return 'openai';
  if (/^gemini/i.test(model)) return 'google';
  return null;
}

function memberNames(e: Expr): string[] | null {
  const out: string[] = [];
  let cur: Expr = e;
  for (let i = 0; i < 32; i++) {
    if (cur.k === 'get') {
      out.unshift(cur.n);
      cur = cur.o;
    } else if (cur.k === 'name' || cur.k === 'this') {
      out.unshift(cur.k === 'name' ? cur.n : 'this');
      return out;
    } else {
      out.unshift('?');
      return out;
    }
  }
  return null;
}

/** Names the expressions read (not inside functions they define), bounded. */
function namesIn(mod: ModuleIR, exprs: Expr[]): Set<string> {
  const out = new Set<string>();
  const stack: Expr[] = [...exprs];
  let guard = 2000;
  while (stack.length && guard-- > 0) {
    const x = stack.pop()!;
    switch (x.k) {
      case 'name':
        out.add(x.n);
        break;
      case 'obj':
        for (const [, v] of x.props) stack.push(v);
        stack.push(...x.spreads);
        break;
      case 'arr':
      case 'cat':
        stack.push(...x.items);
        break;
      case 'tpl':
        for (const p of x.parts) if (typeof p !== 'string') stack.push(p);
        break;
      case 'get':
      case 'spread':
        stack.push(x.o);
        break;
      case 'idx':
        stack.push(x.o, x.i);
        break;
      case 'or':
      case 'bin':
        stack.push(x.l, x.r);
        break;
      case 'cond':
        stack.push(x.a, x.b);
        break;
      case 'call': {
        const c = mod.calls[x.id];
        if (c) stack.push(c.f, ...c.a, ...Object.values(c.kw ?? {}));
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** The last name of a receiver: `llm` of `input.config.llm`, `chat_model` of `self.chat_model`. */
function receiverName(e: Expr): string | null {
  if (e.k === 'name') return e.n;
  if (e.k === 'get') return e.n;
  return null;
}

function calleeEnd(call: CallIR): number {
  return call.f.p[1];
}

function textWithoutFunctions(mod: ModuleIR, e: Expr): string {
  let text = mod.text.slice(e.p[0], Math.min(e.p[1], e.p[0] + 20_000));
  const cuts: [number, number][] = [];
  const stack: Expr[] = [e];
  let guard = 2000;
  while (stack.length && guard-- > 0) {
    const x = stack.pop()!;
    if (x.k === 'fn' && x !== e) {
      cuts.push([x.p[0] - e.p[0], x.p[1] - e.p[0]]);
      continue;
    }
    switch (x.k) {
      case 'obj':
        for (const [, v] of x.props) stack.push(v);
        stack.push(...x.spreads);
        break;
      case 'arr':
        stack.push(...x.items);
        break;
      case 'tpl':
        for (const p of x.parts) if (typeof p !== 'string') stack.push(p);
        break;
      case 'cat':
        stack.push(...x.items);
        break;
      case 'get':
        stack.push(x.o);
        break;
      case 'or':
      case 'bin':
        stack.push(x.l, x.r);
        break;
      case 'cond':
        stack.push(x.a, x.b);
        break;
      case 'spread':
        stack.push(x.o);
        break;
      case 'call': {
        const c = mod.calls[x.id];
        if (c) {
          stack.push(c.f, ...c.a);
          if (c.kw) stack.push(...Object.values(c.kw));
        }
        break;
      }
      default:
        break;
    }
  }
  for (const [start, end] of cuts.sort((a, b) => b[0] - a[0])) if (start >= 0 && end <= text.length) text = text.slice(0, start) + ' '.repeat(Math.max(0, end - start)) + text.slice(end);
  return text;
}

function initShapes(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { KINDS } = require('../catalogue') as typeof import('../catalogue');
  const add = (kind: string, provider: string, sdk: string) => {
    const k = KINDS[kind];
    for (const [path, action] of Object.entries(k.methods)) {
      if (!('request' in action)) continue;
      const parts = path.split('.');
      if (parts.length < 2) continue;
      if (SHAPES.some((s) => s.path.join('.') === path)) continue;
      SHAPES.push({ path: parts, provider, sdk, def: action.request });
    }
  };
  for (const [kind, k] of Object.entries(KINDS)) if (k.shapes && k.provider) add(kind, k.provider, kindSdk(kind, k.provider));
  SHAPES.sort((a, b) => b.path.length - a.path.length);
}

export { cleanModelId };

/** The URL path a Next.js route file serves (`app/(dash)/api/ai/completion/route.ts` → `/api/ai/completion`), or null. */
function routeOf(file: string): string | null {
  const f = file.replace(/(^|\/)\([^/]+\)(?=\/)/g, '$1').replace(/\/{2,}/g, '/');
  const app = /(?:^|\/)app(\/.*)\/route\.[cm]?[jt]sx?$/.exec(f);
  if (app) return app[1];
  const pages = /(?:^|\/)pages(\/api\/.*?)(?:\/index)?\.[cm]?[jt]sx?$/.exec(f);
  return pages ? pages[1] : null;
}

/** Characters of prompt text written in the code (holes not counted). */
function writtenChars(c: ScannedCall): number {
  return c.prompt.reduce((n, p) => n + p.text.replace(/\s+/g, ' ').trim().length, 0);
}
