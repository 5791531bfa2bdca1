import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

export async function summarizeThread(messages: string[]): Promise<string> {
  const response = await anthropic.messages.create({
    model: process.env.SUMMARY_MODEL ?? "claude-sonnet-4-6",
    max_tokens: 200,
    messages: [
      {
        role: "user",
        content: `Summarize this support conversation in 3 short bullet points for the next agent.\n\n${messages.join("\n---\n")}`,
      },
    ],
  });
  return response.content.map((b) => (b.type === "text" ? b.text : "")).join("");
}
