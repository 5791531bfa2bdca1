import { anthropic } from "../llm/client";

const TRIAGE_PROMPT = `You are a support triage assistant.
Classify the customer's ticket into a category.
Respond with exactly one of: billing, technical, account, shipping, other.
Reply with the category only.`;

export type Category = "billing" | "technical" | "account" | "shipping" | "other";

export async function classifyTicket(ticket: string): Promise<Category> {
  // tierwise: calls=50k/day
  const response = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 10,
    system: TRIAGE_PROMPT,
    messages: [{ role: "user", content: ticket }],
  });
  const block = response.content[0];
  const label = block.type === "text" ? block.text.trim().toLowerCase() : "other";
  switch (label) {
    case "billing":
    case "technical":
    case "account":
    case "shipping":
      return label;
    default:
      return "other";
  }
}
