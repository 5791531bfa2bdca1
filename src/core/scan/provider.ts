import type { ScannedCall } from '../types';
import { FRAMEWORK_SDKS, providerOfPrefix } from './catalogue';

/**
 * The provider a call's request goes to: the one a quick fix must keep and whose price list applies. Framework
 * SDKs (`vercel-ai`, `langchain`, `litellm`, `llamaindex` …) and wrappers are not providers: their model id tells which one they reach.
 */
export function providerOf(call: Pick<ScannedCall, 'sdk' | 'provider' | 'wrapper' | 'model'>): string {
  if (call.provider) return call.provider;
  const sdk = call.sdk === 'wrapper' ? (call.wrapper?.innerSdk ?? 'unknown') : call.sdk;
  if (FRAMEWORK_SDKS.has(sdk) || sdk === 'registry' || sdk === 'unknown') return providerOfModel(call.model.resolved) ?? 'unknown';
  return sdk;
}


/** The provider a model id belongs to, from its name (`claude-…` → anthropic, `gpt-4o` → openai); null when the name does not say. */
export function providerOfModel(model: string | null | undefined): string | null {
  if (!model) return null;
  const m = model.toLowerCase();
  const slash = m.indexOf('/');
  // LiteLLM / OpenRouter style "provider/model".
  if (slash > 0) {
    const head = m.slice(0, slash);
    const known = providerOfPrefix(head, '/');
    if (known) return known;
  }
  if (/claude/.test(m)) return 'anthropic';
  if (/^(gpt-|o\d|chatgpt|text-davinci|davinci|babbage)/.test(m)) return 'openai';
  if (/^gemini|^gemma/.test(m)) return 'google';
  if (/^(mistral|mixtral|codestral|ministral|pixtral|open-mistral)/.test(m)) return 'mistral';
  if (/^command/.test(m)) return 'cohere';
  if (/^deepseek/.test(m)) return 'deepseek';
  if (/^grok/.test(m)) return 'xai';
  return null;
}
