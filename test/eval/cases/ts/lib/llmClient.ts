// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function complete(prompt: string, maxTokens = 1024) {
  const res = await client.messages.create({
    model: process.env.LLM_MODEL ?? "claude-sonnet-4-6",
    max_tokens: maxTokens,
    messages: [{ role: "user", content: prompt }],
  });
  return res.content.map((b) => (b.type === "text" ? b.text : "")).join("");
}

export async function completeWithSystem(system: string, user: string) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 4096,
    system,
    messages: [{ role: "user", content: user }],
  });
  return res;
}
