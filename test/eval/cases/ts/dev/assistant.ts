// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

// "ReviewService" generates the code for the snippets users ask for in the docs playground.
export class ReviewService {
  async handle(request: string, language: string) {
    const res = await anthropic.messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 500,
      system: `Write a short ${language} code example that does what the user asks. Return only the code.`,
      messages: [{ role: "user", content: request }],
    });
    return res.content[0].type === "text" ? res.content[0].text : "";
  }
}

export async function summarizeChanges(oldCode: string, newCode: string) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1500,
    messages: [
      {
        role: "user",
        content: `Compare the old and new implementation. Does the refactor preserve behaviour? Point out any regression, changed edge case or broken error handling.\n\nOld:\n${oldCode}\n\nNew:\n${newCode}`,
      },
    ],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function pairProgrammer(history: Anthropic.MessageParam[]) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2048,
    system: "You are a friendly pair programmer chatting with the developer in their IDE.",
    messages: history,
  });
  return res;
}
