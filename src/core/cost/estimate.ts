import type { ScannedCall, TokenEstimate } from '../types';
import type { TokenizerGeneration } from './prices';
import { estimateTokens, scaleTokens } from './tokens';
import type { Sourced, TokenOverrides } from '../usage/volume';

// Tokens of one call on one tokenizer generation: what a reader can see (static prompt, tools) is counted;
// what only exists at run time is assumed. Counts the user wrote for a call site are used as written.

/**
 * Typical output length per task type, in legacy-tokenizer tokens, before the max_tokens cap.
 * - classify_intent 10: one label, maybe with a short code fence or trailing period.
 * - extract_entities 150: a JSON object of 5-15 fields with short values.
 * - summarize_short 150: three bullets or a short paragraph (~100 words).
 * - synthesize_documents 800: a multi-paragraph answer citing several sources (~550 words).
 * - generate_code 600: a function or small module (~60 lines).
 * - review_code 700: several findings with explanations and suggested code.
 * - draft_long_form 1500: an article, report or email thread (~1,000 words).
 * - plan_agent_steps 400: reasoning text plus one or two tool calls per turn.
 * - chat_general 350: a conversational answer of a few paragraphs.
 * - unknown 400: between the short structured jobs and the long ones, leaning long (Sonnet is the default).
 */
export const TYPICAL_OUTPUT_TOKENS: Record<string, number> = {
  classify_intent: 10,
  extract_entities: 150,
  summarize_short: 150,
  synthesize_documents: 800,
  generate_code: 600,
  review_code: 700,
  draft_long_form: 1500,
  plan_agent_steps: 400,
  chat_general: 350,
  unknown: 400,
};

/**
 * Anthropic adds a tool-use system prompt when `tools` are sent: 346 tokens with tool_choice auto/none and 313 with
 * any/tool on the Claude 4 models (Anthropic's tool-use pricing docs). Counted as legacy tokens and scaled.
 */
export const TOOL_SYSTEM_PROMPT_TOKENS = { auto: 346, forced: 313 };

export interface CallTokenInputs {
  call: ScannedCall;
  taskType: string;
  /** Total assumed tokens for the run-time parts of the prompt (legacy tokens). */
  dynamicInputTokens: Sourced<number>;
  overrides: TokenOverrides;
}

export interface CallTokens extends TokenEstimate {
  detail: NonNullable<TokenEstimate['detail']>;
  /** Tokens of the prefix a `cache_control` breakpoint caches (tools + static system text), 0 without caching. */
  cachedPrefix: number;
  /**
   * Tokens of the prefix that is the same on every request whatever the code does: the tools (with Anthropic's tool-use
   * system prompt) and the system text up to its first run-time piece (a system part with a hole ends it: its text
   * changes from request to request). What automatic prefix caching reads, and what a suggested breakpoint caches.
   */
  staticPrefix: number;
  /** Whether the static prefix includes the system text (else only tools): where a suggested breakpoint goes. */
  staticSystem: boolean;
  generation: TokenizerGeneration;
}

export function estimateCallTokens(inputs: CallTokenInputs, generation: TokenizerGeneration): CallTokens {
  const { call, taskType, dynamicInputTokens, overrides } = inputs;
  let staticInput = 0;
  let systemStatic = 0;
  let slots = 0;
  // The system text is a stable prefix only when none of its parts has a run-time piece.
  let systemHasHoles = false;
  for (const part of call.prompt) {
    const n = estimateTokens(part.text, generation);
    staticInput += n;
    if (part.role === 'system') systemStatic += n;
    if (Number.isFinite(part.dynamicSlots) && part.dynamicSlots > 0) {
      slots += part.dynamicSlots;
      if (part.role === 'system') systemHasHoles = true;
    }
  }
  // No visible text and no holes means the whole prompt comes from elsewhere (a variable, a history array):
  // it is "fully dynamic" and gets the whole assumed size as one slot.
  const fullyDynamic = slots === 0 && staticInput === 0;
  const dynamicSlots = fullyDynamic ? 1 : slots;
  const dynamicInput = dynamicSlots > 0 ? scaleTokens(dynamicInputTokens.value, generation) : 0;

  let toolInput = 0;
  if (call.tools.length) {
    for (const tool of call.tools) toolInput += estimateTokens(`${tool.name}\n${tool.description}\n${tool.schemaText}`, generation);
    // Anthropic's tool-use system prompt is billed on Claude models; OpenAI's own function framing is not modelled.
    if (generation !== 'openai') {
      const forced = call.signals.some((s) => s.kind === 'forced-tool-choice');
      toolInput += scaleTokens(forced ? TOOL_SYSTEM_PROMPT_TOKENS.forced : TOOL_SYSTEM_PROMPT_TOKENS.auto, generation);
    }
  }

  const typical = overrides.taskOutput ?? { value: TYPICAL_OUTPUT_TOKENS[taskType] ?? TYPICAL_OUTPUT_TOKENS.unknown, source: `typical for ${TYPICAL_OUTPUT_TOKENS[taskType] !== undefined ? taskType : 'an unknown task type'}` };
  let output: number;
  let outputSource: string;
  if (overrides.output) {
    output = overrides.output.value;
    outputSource = `from ${overrides.output.source}`;
  } else {
    output = scaleTokens(typical.value, generation);
    outputSource = overrides.taskOutput ? `from ${typical.source}` : typical.source;
    if (call.maxTokens !== null && call.maxTokens >= 0 && call.maxTokens < output) {
      output = call.maxTokens;
      outputSource += `, capped by max_tokens ${call.maxTokens}`;
    }
  }

  const cachedPrefix = call.cacheControl ? toolInput + (systemStatic > 0 ? systemStatic : staticInput) : 0;

  let input: number;
  let source: string;
  if (overrides.input) {
    input = overrides.input.value;
    source = `input from ${overrides.input.source}`;
  } else {
    input = staticInput + dynamicInput + toolInput;
    const pieces = [`${staticInput} static`];
    if (dynamicInput) {
      const per = dynamicInput / dynamicSlots;
      pieces.push(
        fullyDynamic
          ? `${dynamicInput} dynamic (prompt fully dynamic; ${dynamicInputTokens.source})`
          : `${dynamicInput} dynamic (${dynamicSlots} slot${dynamicSlots > 1 ? `s × ${Math.round(per)}` : ''}; ${dynamicInputTokens.source})`,
      );
    }
    if (toolInput) pieces.push(`${toolInput} tools`);
    source = `estimated input: ${pieces.join(' + ')}`;
  }
  source += `; output ${outputSource}; ${generation} tokenizer`;
  const prefix = Math.min(cachedPrefix, input);
  const staticSystem = systemStatic > 0 && !systemHasHoles;
  const staticPrefix = Math.min(toolInput + (staticSystem ? systemStatic : 0), input);
  const detail: CallTokens['detail'] = { staticInput, dynamicInput, toolInput, output, outputSource, cachedPrefix: prefix };
  if (dynamicInput)
    detail.dynamicSource = `${dynamicInput} tokens ${fullyDynamic ? 'for a fully dynamic prompt' : `over ${dynamicSlots} slot${dynamicSlots > 1 ? 's' : ''}`} (${dynamicInputTokens.source}${generation === 'claude-2026' ? `: ${dynamicInputTokens.value} × 1.3 for the newer tokenizer` : ''})`;
  if (overrides.input) detail.inputSource = overrides.input.source;
  return {
    input,
    output,
    source,
    detail,
    cachedPrefix: prefix,
    staticPrefix,
    staticSystem,
    generation,
  };
}
