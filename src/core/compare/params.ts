// What each model accepts. Haiku 5.5, Sonnet 5+ (and Opus 5.x / Fable) answer 400 to a non-default
// temperature / top_p / top_k and to an assistant prefill, so those are left out for them and the panel says so.
import type { ComparePrompt } from './types';

export interface ModelCapabilities {
  samplingParams: boolean;
  assistantPrefill: boolean;
}

export function capabilitiesOf(model: string): ModelCapabilities {
  const strict = /^claude-(haiku-5-5|sonnet-5(?:-|$)|opus-5|fable-5)/i.test(model.trim());
  return { samplingParams: !strict, assistantPrefill: !strict };
}

export interface MessagesRequest {
  model: string;
  max_tokens: number;
  messages: Array<{ role: 'user' | 'assistant'; content: string }>;
  system?: string;
  tools?: Array<{ name: string; description: string; input_schema: { type: 'object'; [k: string]: unknown } }>;
  temperature?: number;
}

/** The request for one model, and the names of what was left out for it. */
export function buildRequest(model: string, prompt: ComparePrompt): { request: MessagesRequest; omitted: string[] } {
  const caps = capabilitiesOf(model);
  const omitted: string[] = [];
  const messages = prompt.messages.filter((m) => m.content.length > 0).map((m) => ({ role: m.role, content: m.content }));
  if (!caps.assistantPrefill) {
    while (messages.length > 0 && messages[messages.length - 1]!.role === 'assistant') {
      messages.pop();
      if (!omitted.includes('assistant prefill')) omitted.push('assistant prefill');
    }
  }
  const request: MessagesRequest = { model, max_tokens: Math.max(1, Math.floor(prompt.maxTokens)), messages };
  if (prompt.system.trim()) request.system = prompt.system;
  if (prompt.tools.length > 0) {
    request.tools = prompt.tools.map((t) => ({
      name: t.name,
      description: t.description,
      input_schema: { ...t.input_schema, type: 'object' as const },
    }));
  }
  if (prompt.temperature !== null) {
    if (caps.samplingParams) request.temperature = prompt.temperature;
    else if (prompt.temperature !== 1) omitted.push(`temperature ${prompt.temperature}`);
  }
  return { request, omitted };
}
