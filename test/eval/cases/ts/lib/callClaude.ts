// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

export async function callClaude(system: string, user: string, maxTokens = 2048): Promise<string> {
  const msg = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: maxTokens,
    system,
    messages: [{ role: "user", content: user }],
  });
  return msg.content[0].type === "text" ? msg.content[0].text : "";
}
