import Anthropic from "@anthropic-ai/sdk";
import { getPromptFromDb } from "./promptStore.js";

const anthropic = new Anthropic();

export async function runStoredPrompt(promptId, input) {
  const stored = await getPromptFromDb(promptId);
  const res = await anthropic.messages.create({
    model: stored.model,
    max_tokens: stored.maxTokens,
    system: stored.system,
    messages: [{ role: "user", content: input }],
  });
  return res.content[0].text;
}

export async function healthCheck() {
  const res = await anthropic.messages.create({
    model: "claude-haiku-4-5",
    max_tokens: 1,
    messages: [{ role: "user", content: "ping" }],
  });
  return res.id != null;
}
