import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

const REVIEW_SYSTEM = `You are a senior engineer reviewing a pull request.
Look for bugs, security problems, race conditions and missing tests in the diff.
For each finding give the file, the line and a concrete fix.`;

export async function reviewPullRequest(diff: string, onText: (t: string) => void) {
  // tierwise: calls=300/day
  const stream = anthropic.messages.stream({
    model: "claude-sonnet-4-6",
    max_tokens: 4000,
    system: REVIEW_SYSTEM,
    messages: [{ role: "user", content: `Review this diff:\n\n${diff}` }],
  });
  stream.on("text", onText);
  return stream.finalMessage();
}
