// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { track } from "./telemetry";

const client = new Anthropic();

export interface GatewayRequest {
  feature: string;
  system?: string;
  messages: Anthropic.MessageParam[];
  maxTokens?: number;
}

/** Every product feature goes through here so usage is tracked per feature. */
export async function gateway(req: GatewayRequest) {
  const started = Date.now();
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: req.maxTokens ?? 1024,
    system: req.system,
    messages: req.messages,
  });
  track(req.feature, res.usage, Date.now() - started);
  return res;
}

export async function retryable(prompt: string, attempts = 3) {
  for (let i = 0; i < attempts; i++) {
    try {
      return await client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 1024, messages: [{ role: "user", content: prompt }] });
    } catch (e) {
      if (i === attempts - 1) throw e;
    }
  }
}
