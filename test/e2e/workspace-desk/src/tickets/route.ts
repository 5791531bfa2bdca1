import Anthropic from "@anthropic-ai/sdk";
import { TRIAGE_MODEL } from "../config/models";
import { TRIAGE_SYSTEM } from "../prompts/system";

const anthropic = new Anthropic();

export async function routeTicket(ticket: string): Promise<string> {
  // tierwise: calls=20k/day
  const response = await anthropic.messages.create({
    model: TRIAGE_MODEL,
    max_tokens: 10,
    system: TRIAGE_SYSTEM,
    messages: [{ role: "user", content: ticket }],
  });
  const block = response.content[0];
  return block?.type === "text" ? block.text.trim() : "other";
}
