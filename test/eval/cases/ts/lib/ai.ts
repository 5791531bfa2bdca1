// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

/** Thin wrapper so we can swap providers later. */
export async function ask(prompt: string, opts: { maxTokens?: number; system?: string } = {}): Promise<string> {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: opts.maxTokens ?? 1024,
    system: opts.system,
    messages: [{ role: "user", content: prompt }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}
